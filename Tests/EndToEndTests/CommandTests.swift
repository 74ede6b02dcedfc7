import Foundation
import Testing

/// The binary's commands, end to end, from a directory outside the checkout.
@Suite(.serialized) struct CommandTests {
    @Test func listShowsEveryChapter() throws {
        let result = try BinaryRunner.run(["list"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" 1  why-async"))
        #expect(result.stdout.contains("Why async? (8 snippets)"))
        #expect(result.stderr.isEmpty)
    }

    @Test func helpOnEveryCommand() throws {
        let root = try BinaryRunner.run(["--help"])
        #expect(root.status == 0)
        for name in ["list", "run", "test"] { #expect(root.stdout.contains(name)) }
        for command in [["list", "--help"], ["run", "--help"], ["test", "--help"]] {
            let result = try BinaryRunner.run(command)
            #expect(result.status == 0)
            #expect(result.stdout.contains("--lessons"), "\(command)")
        }
    }

    @Test func runShowsOutputTimesAndTimeline() throws {
        let result = try BinaryRunner.run(["run", "why-async", "--snippet", "2"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("async let a = download(\"a.zip\")"))
        #expect(out.contains("start a.zip"))
        #expect(out.contains("+1.0"))
        #expect(out.contains("elapsed 1.0"))
        #expect(out.contains("timeline"))
        #expect(out.contains("main"))
        #expect(out.contains("task 3"))
        #expect(!out.contains("\u{1B}"), "NO_COLOR output must have no escape sequences")
        for line in out.split(separator: "\n") {
            #expect(line.count <= 80, "too wide: \(line)")
        }
    }

    @Test func runWholeChapterFromAnotherDirectory() throws {
        let result = try BinaryRunner.run(["run", "1"], directory: "/")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("# Why async?") || result.stdout.contains("Why async?"))
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("elapsed ") }.count == 10, "three snippets, three exercises, two Python programs and the two comparisons")
        #expect(result.stdout.contains("goal not met yet:"))
        #expect(result.stdout.contains("s too slow"))
        #expect(result.stdout.contains("elapsed 3.0"))
    }

    @Test func unknownChapterAndSnippet() throws {
        let chapter = try BinaryRunner.run(["run", "why-asnyc"])
        #expect(chapter.status == 2)
        #expect(chapter.stderr.contains("did you mean 'why-async'"))
        let snippet = try BinaryRunner.run(["run", "1", "--snippet", "9"])
        #expect(snippet.status == 2)
        #expect(snippet.stderr.contains("--snippet takes 1…8"))
    }

    /// The networking chapter's server is a child process that leaves
    /// with async-tour.
    @Test func theLessonServerComesAndGoesWithTheRun() throws {
        let server = URL(fileURLWithPath: BinaryRunner.executable).deletingLastPathComponent()
            .appendingPathComponent("async-tour-server").path
        let result = try BinaryRunner.run(["run", "networking", "--snippet", "1"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("status 200: the server waited 1.0 s"))
        var left: [String] = []
        for _ in 0..<30 {
            left = Self.processes(runningExecutable: server)
            if left.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(left.isEmpty, "async-tour-server still running: \(left)")
    }

    static func processes(runningExecutable path: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/exe")) == path
        }
    }

    @Test func aMistypedCommandIsNamedAsOne() throws {
        let result = try BinaryRunner.run(["lsit"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("error: unknown command 'lsit'. Did you mean 'list'?"))
        #expect(!result.stderr.contains("Usage: async-tour shell"), "the default subcommand is not blamed")
    }

    @Test func missingOrEmptyLessonsDirectory() throws {
        let missing = try BinaryRunner.run(["list", "--lessons", "/no/such/place"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("lessons directory not found: /no/such/place"))
        let empty = try BinaryRunner.fixture(["notes.txt": "x"])
        let result = try BinaryRunner.run(["test", "--lessons", empty])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no chapters in"))
    }

    @Test func brokenChaptersAreReportedAndOthersStillRun() throws {
        let directory = try BinaryRunner.fixture([
            "01-fine.md": "# Fine\n\n```swift\nprint(\"fine\")\n```\n\n```output\nfine\n```\n",
            "02-broken.md": "# Broken\n\n```swift time=fast\nprint(1)\n```\n",
        ])
        let result = try BinaryRunner.run(["run", "fine", "--lessons", directory])
        #expect(result.status == 0)
        #expect(result.stderr.contains("02-broken.md:3: error: malformed time band 'fast'"))
        #expect(result.stdout.contains("fine"))
    }

    @Test func controlSequencesInAChapterAreShownHarmlessly() throws {
        let directory = try BinaryRunner.fixture([
            "01-evil.md": "# Evil \u{1B}[2J\n\nText \u{1B}]0;title\u{07} and \u{1B}[31mred\n\n```swift\nprint(\"\\u{1B}[2Jcleared\")\n```\n",
        ])
        let result = try BinaryRunner.run(["run", "evil", "--lessons", directory], environment: ["NO_COLOR": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(!result.stdout.contains("\u{07}"))
        #expect(result.stdout.contains("cleared"))
    }

    @Test func testCommandReportsFailuresPrecisely() throws {
        let directory = try BinaryRunner.fixture([
            "01-checks.md": """
            # Checks

            ```swift time=..5
            print("right")
            ```

            ```output
            right
            ```

            ```swift
            print("wrong")
            ```

            ```output
            expected
            ```

            ```swift compile_fail
            let x: Int = "s"
            ```

            ```diagnostics
            cannot convert value of type 'String' to specified type 'Int'
            ```
            """,
        ])
        let result = try BinaryRunner.run(["test", "--lessons", directory])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ok   checks #1"))
        #expect(result.stdout.contains("FAIL checks #2"))
        #expect(result.stdout.contains("output differs at line 1: expected 'expected', got 'wrong'"))
        #expect(result.stdout.contains("ok   checks #3"))
        #expect(result.stdout.hasSuffix("2 passed, 1 failed\n"))
    }

    @Test func testChecksThatExercisesStartBrokenAndTheirSolutionsWork() throws {
        var chapters = ShellTests.exerciseChapter
        chapters["02-too-easy.md"] = """
            # Too easy

            ```swift exercise
            print("done")
            ```

            ```output
            done
            ```

            ```solution
            print("done")
            ```
            """
        let directory = try BinaryRunner.fixture(chapters)
        let result = try BinaryRunner.run(["test", "--lessons", directory])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ok   practice #1              exercise: start fails, solution"))
        #expect(result.stdout.contains("FAIL too-easy #1"))
        #expect(result.stdout.contains("the exercise's starting code already meets its goal"))
        let check = try BinaryRunner.run(["check", "--lessons", directory])
        #expect(check.status == 0)
        #expect(check.stdout.contains("2 chapters, 2 snippets, 2 exercises"))
    }

    @Test func checkValidatesWithoutRunning() throws {
        let directory = try BinaryRunner.fixture([
            "01-fine.md": "# Fine\n\n```swift exercise\nwhile true {}\n```\n\n```solution\nprint(1)\n```\n",
            "02-broken.md": "# Broken\n\n```swift exercise\nprint(1)\n```\n",
        ])
        let result = try BinaryRunner.run(["check", "--lessons", directory])
        #expect(result.status == 1)
        #expect(result.stderr.contains("02-broken.md:3: error: this exercise has no solution block"))
        #expect(result.stdout.contains("1 chapter, 1 snippet, 1 exercise"))
        #expect(result.stdout.contains("1 problem"))
    }

    /// The example chapter in Lessons/README.md must pass as written.
    @Test func theFormatGuidesExampleChapterPasses() throws {
        let guide = try String(contentsOfFile: LessonDirectory.bundled + "/README.md", encoding: .utf8)
        let start = try #require(guide.range(of: "````markdown\n# First steps"))
        let rest = guide[start.upperBound...]
        let end = try #require(rest.range(of: "\n````\n"))
        let directory = try BinaryRunner.fixture(["01-first-steps.md": "# First steps" + rest[..<end.lowerBound] + "\n"])
        let result = try BinaryRunner.run(["test", "--lessons", directory])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix("3 passed, 0 failed\n"))
    }

    @Test func missingToolchainIsExplained() throws {
        let result = try BinaryRunner.run(["run", "1", "--snippet", "1"], environment: ["SWIFTC": "/no/swiftc"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("SWIFTC is set to /no/swiftc"))
        let noPath = try BinaryRunner.run(["run", "1", "--snippet", "1"], environment: ["PATH": "/nonexistent"])
        #expect(noPath.stderr.contains("swiftc not found"))
    }
}
