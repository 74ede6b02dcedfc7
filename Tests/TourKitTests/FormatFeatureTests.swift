import Foundation
import Testing
@testable import TourKit

/// The format features an outside author asked for: each parsed, and each
/// misuse reported with its file and line.
@Suite struct FormatFeatureTests {
    func parse(_ text: String) -> LessonLoader.ParseResult {
        LessonLoader.parseReporting(bytes: Array(text.utf8), path: "/l/01-t.md", number: 1, id: "t")
    }

    func lesson(_ text: String) throws -> Lesson {
        let result = parse(text)
        #expect(result.problems.isEmpty, "\(result.problems)")
        return try #require(result.lesson)
    }

    @Test func everyProblemOfAChapterIsReported() {
        let result = parse("""
            # T

            ```swift tme=1..2
            print(1)
            ```

            ```output
            belongs to the broken snippet: not reported again
            ```

            ```swift time=2..1
            print(2)
            ```

            ```swift exercise
            print(3)
            ```
            """)
        #expect(result.lesson == nil)
        #expect(result.problems.map(\.line) == [3, 11, 15])
        #expect(result.problems[1].message.contains("low end above its high end"))
        #expect(result.problems[2].message.contains("no solution"))
        let orphan = parse("# T\n\nText.\n\n```output\nx\n```\n\n```swift tme=1\nprint(1)\n```\n")
        #expect(orphan.problems.map(\.line) == [5, 9], "an orphan before a broken snippet is still one")
    }

    @Test func aCapitalSwiftFenceIsAWarningNotASilentDisplayBlock() throws {
        let result = parse("# T\n\n```Swift\nprint(1)\n```\n")
        let lesson = try #require(result.lesson)
        #expect(lesson.snippets.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.line == 3)
        #expect(result.warnings.first?.description.contains("warning: a 'Swift' fence is display code") == true)
    }

    @Test func anUnclosedCommentIsAWarning() throws {
        let result = parse("# T\n\n<!-- closed -->\n\n```swift\nprint(1)\n```\n\n<!-- open\n\n```swift\nprint(2)\n```\n")
        let lesson = try #require(result.lesson)
        #expect(lesson.snippets.count == 1, "the unclosed comment hides the second snippet")
        #expect(result.warnings.map(\.line) == [9])
        #expect(result.warnings.first?.message.contains("never closed") == true)
    }

    @Test func anArticleBeforeAVowel() {
        guard case .failure(let problem) = FenceInfo.parse("output sorted", at: 4, in: "x.md") else {
            Issue.record("accepted")
            return
        }
        #expect(problem.message.contains("on an output block"))
    }

    @Test func aPreludeGoesBeforeEveryLaterSnippetAndIsHidden() throws {
        let lesson = try lesson("""
            # T

            ```swift
            print(0)
            ```

            ```swift prelude
            func double(_ x: Int) -> Int { x * 2 }
            ```

            ```swift
            print(double(1))
            ```
            """)
        #expect(lesson.snippets[0].prelude == nil)
        #expect(lesson.snippets[1].prelude == Prelude(code: "func double(_ x: Int) -> Int { x * 2 }\n", fenceLine: 7))
        #expect(lesson.blocks.filter(\.isExpectationBlock).count == 1, "the prelude is not shown to the learner")
        let source = SnippetCompiler.mainSource(for: lesson.snippets[1], lessonPath: lesson.path)
        #expect(source.contains("func double"))
        #expect(source.range(of: "func double")!.lowerBound < source.range(of: "print(double(1))")!.lowerBound)
    }

    @Test func aPreludeTakesOnlyAPlatform() {
        let result = parse("# T\n\n```swift prelude time=..1\nlet x = 1\n```\n")
        #expect(result.problems.first?.line == 3)
        #expect(result.problems.first?.message.contains("a prelude takes only os=") == true)
    }

    @Test func standardInputBlocks() throws {
        let lesson = try lesson("# T\n\n```swift\nprint(readLine()!)\n```\n\n```stdin\nhello\n```\n\n```output\nhello\n```\n")
        #expect(lesson.snippets[0].stdin == "hello\n")
        #expect(lesson.snippets[0].expectations.output?.lines == ["hello"])
        let orphan = parse("# T\n\nText.\n\n```stdin\nx\n```\n")
        #expect(orphan.problems.first?.line == 5)
        let huge = parse("# T\n\n```swift\nprint(1)\n```\n\n```stdin\n\(String(repeating: "x", count: 70_000))\n```\n")
        #expect(huge.problems.first?.line == 7)
        #expect(huge.problems.first?.message.contains("more than the 61440 allowed") == true)
    }

    @Test func compilerAttributesMapToAllowedFlags() throws {
        guard case .success(.swift(let attributes, _, _)) = FenceInfo.parse(
            "swift optimize sanitize=thread isolation=MainActor upcoming=NonisolatedNonsendingByDefault,InferIsolatedConformances",
            at: 1, in: "x.md") else {
            Issue.record("refused")
            return
        }
        #expect(attributes.compilerFlags == ["-O", "-sanitize=thread", "-default-isolation", "MainActor",
                                             "-enable-upcoming-feature", "NonisolatedNonsendingByDefault",
                                             "-enable-upcoming-feature", "InferIsolatedConformances"])
        #expect(SnippetAttributes().compilerFlags == ["-Onone"])
    }

    @Test(arguments: [
        ("swift -O", "compiler flag '-O' on a swift snippet"),
        ("swift sanitize=memory", "sanitize=memory is not one the tour allows"),
        ("swift isolation=Global", "isolation=Global is not a default isolation"),
        ("swift upcoming=NonisolatedNonsendingByDefualt", "did you mean 'NonisolatedNonsendingByDefault'?"),
        ("swift upcoming=A,B,C,D,E,F,G,H,I", "is not one the tour allows"),
        ("swift os=windows", "unknown platform 'windows'"),
        ("output os=beos", "unknown platform 'beos' on an output block"),
    ])
    func badCompilerAndPlatformAttributes(info: String, expected: String) {
        guard case .failure(let problem) = FenceInfo.parse(info, at: 9, in: "x.md") else {
            Issue.record("accepted \(info)")
            return
        }
        #expect(problem.line == 9)
        #expect((problem.message + " " + problem.hint).contains(expected), "\(problem)")
    }

    @Test func platformConditions() throws {
        let other = TargetPlatform.current == .linux ? "darwin" : "linux"
        let here = TargetPlatform.current.rawValue
        let lesson = try lesson("""
            # T

            ```swift os=\(other)
            print(1)
            ```

            ```swift
            print(2)
            ```

            ```output os=\(other)
            other
            ```

            ```output os=\(here)
            here
            ```
            """)
        #expect(!lesson.snippets[0].runsHere)
        #expect(lesson.snippets[1].runsHere)
        #expect(lesson.snippets[1].expectations.output?.lines == ["here"], "the other platform's block is left out")
    }

    @Test func atMainIsDetected() {
        #expect(Snippet.declaresMain("@main\nstruct App { static func main() {} }"))
        #expect(Snippet.declaresMain("  @main struct App {}"))
        #expect(!Snippet.declaresMain("@mainActor func f() {}"))
        #expect(!Snippet.declaresMain("@MainActor func f() {}"))
    }

    @Test func anEmptyGroupInAnUnorderedBlockIsRefused() {
        let result = parse("# T\n\n```swift\nprint(1)\n```\n\n```output unordered\na\n---\n---\nb\n```\n")
        #expect(result.problems.first?.line == 10, "the second --- leaves the group between them empty")
        #expect(result.problems.first?.message == "an empty group in an unordered block")
    }

    @Test func groupsInOrderLinesInAnyOrderWithin() {
        let expected = ExpectedLines(lines: ["a", "b", "c", "---", "done"], matching: OutputMatching(unordered: true), line: 1)
        #expect(ExpectationChecker.mismatch(actual: ["c", "a", "b", "done"], expected: expected) == nil)
        let late = ExpectationChecker.mismatch(actual: ["a", "done", "b", "c"], expected: expected)
        #expect(late?.kind == .unordered(missing: ["c", "done"], unexpected: ["done", "c"], grouped: true),
                "the first group takes the first three lines")
        let literal = ExpectedLines(lines: ["\\---", "x"], matching: OutputMatching(unordered: true), line: 1)
        #expect(ExpectationChecker.mismatch(actual: ["x", "---"], expected: literal) == nil)
        let extra = ExpectedLines(lines: ["w...", "...", "---", "end"], matching: OutputMatching(unordered: true, pattern: true), line: 1)
        #expect(ExpectationChecker.mismatch(actual: ["w1", "w2", "w3", "end"], expected: extra) == nil)
        #expect(ExpectationChecker.mismatch(actual: ["end", "w1"], expected: extra) != nil)
    }

    @Test func literalDotsInPatternMode() {
        let dots = ExpectedLines(lines: ["loading\\...", "took ... ms"], matching: OutputMatching(pattern: true), line: 1)
        #expect(ExpectationChecker.mismatch(actual: ["loading...", "took 3 ms"], expected: dots) == nil)
        #expect(ExpectationChecker.mismatch(actual: ["loading!!!", "took 3 ms"], expected: dots) != nil)
        let line = ExpectedLines(lines: ["\\...", "x"], matching: OutputMatching(pattern: true), line: 1)
        #expect(ExpectationChecker.mismatch(actual: ["...", "x"], expected: line) == nil)
        #expect(ExpectationChecker.mismatch(actual: ["a", "b", "x"], expected: line) != nil,
                "an escaped line is literal, not 'any number of lines'")
    }

    @Test func diagnosticsAreMappedToTheMarkdownLine() {
        var snippet = Snippet(number: 1, code: "let x: Int = \"no\"\n", fenceLine: 40)
        snippet.prelude = Prelude(code: "let y = 1\n", fenceLine: 10)
        let map = SourceMap(snippet: snippet, lessonPath: "/l/01-t.md")
        #expect(map.remap("async-tour-snippet.swift:1:14: error: cannot convert") == "/l/01-t.md:41:14: error: cannot convert")
        #expect(map.remap("async-tour-prelude.swift:1:5: warning: never used") == "/l/01-t.md:11:5: warning: never used")
        #expect(map.remap("Snippet/async-tour-snippet.swift:3: Fatal error: boom") == "01-t.md:43: Fatal error: boom")
        #expect(map.remap("async-tour-other:3 stays") == "async-tour-other:3 stays")
    }

    @Test func theCacheKeyDoesNotDependOnWhereTheSnippetStands() async throws {
        let toolchain = Toolchain(swiftc: "/usr/bin/swiftc", version: "test")
        let compiler = SnippetCompiler(toolchain: toolchain, cacheDirectory: NSTemporaryDirectory() + "k-" + UUID().uuidString, environment: [:])
        let here = Snippet(number: 1, code: "print(1)\n", fenceLine: 10)
        var below = here
        below.fenceLine = 11
        #expect(compiler.keyMaterial(for: here, lessonPath: "/l/01-t.md") == compiler.keyMaterial(for: below, lessonPath: "/l/01-t.md"))
        var flagged = here
        flagged.attributes.optimize = true
        #expect(compiler.keyMaterial(for: here, lessonPath: "/l/01-t.md") != compiler.keyMaterial(for: flagged, lessonPath: "/l/01-t.md"))
    }
}
