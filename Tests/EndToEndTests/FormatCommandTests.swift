import Foundation
import Testing

/// What an outside author sees from `check` and `test`.
@Suite(.serialized) struct FormatCommandTests {
    @Test func checkReportsEveryProblemOfAChapter() throws {
        let directory = try BinaryRunner.fixture([
            "01-many.md": "# Many\n\n```swift tme=1\nprint(1)\n```\n\n```swift time=2..1\nprint(2)\n```\n\n```Swift\nprint(3)\n```\n",
            "02-fine.md": "# Fine\n\n```swift\nprint(1)\n```\n",
        ])
        let result = try BinaryRunner.run(["check", "--lessons", directory])
        #expect(result.status == 1)
        #expect(result.stderr.contains("01-many.md:3: error: unknown attribute 'tme'"))
        #expect(result.stderr.contains("01-many.md:7: error: time band '2..1' has its low end above its high end"))
        #expect(result.stderr.contains("01-many.md:11: warning: a 'Swift' fence is display code"))
        #expect(result.stdout.contains("2 problems"), "\(result.stdout)")
    }

    @Test func aCrashSnippetThatDoesNotCompileIsLabelledSoAndItsErrorsShownOnce() throws {
        let directory = try BinaryRunner.fixture([
            "01-broken.md": "# Broken\n\n```swift crash\nlet x: Int = \"no\"\n```\n",
        ])
        let result = try BinaryRunner.run(["test", "--verbose", "--lessons", directory])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("FAIL broken #1 "), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").first?.hasSuffix(" did not compile") == true, "\(result.stdout)")
        #expect(!result.stdout.contains("crash (0.00 s)"))
        let errors = result.stdout.components(separatedBy: "01-broken.md:4:14: error:").count - 1
        #expect(errors == 1, "each compiler error once with --verbose:\n\(result.stdout)")
    }

    @Test func anExerciseThatIsAlreadySolvedShowsItsOwnRun() throws {
        let directory = try BinaryRunner.fixture([
            "01-easy.md": "# Easy\n\n```swift exercise\nprint(\"start\")\n```\n\n```output pattern\n...\n```\n\n```solution\nprint(\"solution\")\n```\n",
        ])
        let result = try BinaryRunner.run(["test", "--verbose", "--lessons", directory])
        #expect(result.status == 1)
        #expect(result.stdout.contains("exercise: the start already meets the goal"), "\(result.stdout)")
        #expect(result.stdout.contains("start"))
        #expect(!result.stdout.contains("solution\n"), "the solution's output is not passed off as the start's")
    }

    @Test func anotherPlatformsSnippetIsSkippedAndCounted() throws {
        let other = { () -> String in
            #if os(Linux)
            return "darwin"
            #else
            return "linux"
            #endif
        }()
        let directory = try BinaryRunner.fixture([
            "01-os.md": "# OS\n\n```swift os=\(other)\nprint(1)\n```\n\n```swift\nprint(2)\n```\n",
        ])
        let result = try BinaryRunner.run(["test", "--lessons", directory])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("skip os #1"))
        #expect(result.stdout.hasSuffix("1 passed, 0 failed, 1 skipped (another platform)\n"), "\(result.stdout)")
    }

    /// Every example of Lessons/README.md, each as a chapter of its own,
    /// passes as written: the guide cannot drift from the format.
    @Test func everyExampleInTheFormatGuidePasses() throws {
        let guide = try String(contentsOfFile: LessonDirectory.bundled + "/README.md", encoding: .utf8)
        var files: [String: String] = [:]
        var rest = Substring(guide)
        while let start = rest.range(of: "````markdown\n") {
            let after = rest[start.upperBound...]
            guard let end = after.range(of: "\n````\n") else { break }
            var body = String(after[..<end.lowerBound])
            if !body.hasPrefix("# ") { body = "# Example\n\n" + body }
            files[String(format: "%02d-example.md", files.count + 1).replacingOccurrences(of: "-example", with: "-example\(files.count + 1)")] = body + "\n"
            rest = after[end.upperBound...]
        }
        #expect(files.count >= 14)
        let directory = try BinaryRunner.fixture(files)
        let check = try BinaryRunner.run(["check", "--lessons", directory])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.isEmpty, "no warnings either: \(check.stderr)")
        let result = try BinaryRunner.run(["test", "--lessons", directory])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains(" 0 failed"))
    }
}
