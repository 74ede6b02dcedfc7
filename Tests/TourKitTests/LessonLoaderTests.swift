import Foundation
import Testing
@testable import TourKit

/// A temporary lessons directory.
struct LessonsFixture {
    let directory: String

    init(_ files: [String: String]) throws {
        directory = NSTemporaryDirectory() + "async-tour-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, Data(text.utf8)) }
    }

    func write(_ name: String, _ data: Data) throws {
        try data.write(to: URL(fileURLWithPath: directory + "/" + name))
    }
}

@Suite struct LessonLoaderTests {
    static let good = """
    # Good chapter

    Some text.

    ```swift time=0.9..2
    print("hi")
    ```

    ```output
    hi
    ```

    ```swift display
    let notRun = 1
    ```

    ```swift compile_fail
    let x: Int = "no"
    ```

    ```diagnostics
    cannot convert value
    ```

    - a list with a snippet:

      ```swift crash
      fatalError("boom")
      ```

      ```stderr pattern
      ...boom
      ```
    """

    @Test func loadsAChapter() throws {
        let fixture = try LessonsFixture(["01-good.md": Self.good, "README.md": "# not a chapter"])
        let library = try LessonLoader.load(directory: fixture.directory)
        #expect(library.problems.isEmpty)
        let lesson = try #require(library.lesson("good"))
        #expect(library.lesson("1") == lesson)
        #expect(library.lesson("01") == lesson)
        #expect(lesson.title == "Good chapter")
        #expect(lesson.snippets.map(\.number) == [1, 2, 3])
        #expect(lesson.snippets[0].code == "print(\"hi\")\n")
        #expect(lesson.snippets[0].fenceLine == 5)
        #expect(lesson.snippets[0].firstCodeLine == 6)
        #expect(lesson.snippets[0].expectations.output?.lines == ["hi"])
        #expect(lesson.snippets[1].attributes.outcome == .compileFail)
        #expect(lesson.snippets[1].expectations.diagnostics?.lines == ["cannot convert value"])
        #expect(lesson.snippets[2].attributes.outcome == .crash)
        #expect(lesson.snippets[2].expectations.stderr?.matching.pattern == true)
    }

    static let exercise = """
    # Exercise

    ```swift exercise time=..1.5
    print("slow")
    ```

    ```output
    fast
    ```

    ```hint
    First *hint*.
    ```

    ```hint
    Second hint.
    ```

    ```solution
    print("fast")
    ```
    """

    @Test func exercisesCollectHintsAndSolution() throws {
        let fixture = try LessonsFixture(["01-exercise.md": Self.exercise])
        let lesson = try #require(try LessonLoader.load(directory: fixture.directory).lesson("exercise"))
        let snippet = try #require(lesson.snippets.first)
        #expect(snippet.exercise?.hints == ["First *hint*.", "Second hint."])
        #expect(snippet.exercise?.solution == "print(\"fast\")\n")
        #expect(snippet.solutionSnippet?.code == "print(\"fast\")\n")
        #expect(snippet.solutionSnippet?.expectations.output?.lines == ["fast"])
        #expect(snippet.solutionSnippet?.exercise == nil)
        // Hints and the solution are not shown with the text.
        #expect(lesson.steps[0].blocks.filter { !$0.isExpectationBlock }.count == 2)
    }

    @Test func exerciseMistakes() throws {
        let noSolution = try #require(try problems("# Bad\n\n```swift exercise\nprint(1)\n```\n\n```hint\nh\n```\n\nText.\n").first)
        #expect(noSolution.line == 3)
        #expect(noSolution.message.contains("no solution block"))
        let stray = try #require(try problems("# Bad\n\n```swift\nprint(1)\n```\n\n```hint\nh\n```\n").first)
        #expect(stray.message.contains("does not follow an exercise"))
        let late = "# Bad\n\n```swift exercise\nprint(1)\n```\n\n```solution\nprint(2)\n```\n\n```hint\nh\n```\n"
        #expect(try problems(late).first?.message.contains("a hint after the solution") == true)
    }

    @Test func stepsEndAtEachSnippet() throws {
        let fixture = try LessonsFixture(["01-good.md": Self.good + "\n\nClosing words.\n"])
        let lesson = try #require(try LessonLoader.load(directory: fixture.directory).lesson("good"))
        let steps = lesson.steps
        #expect(steps.map(\.snippet?.number) == [1, 2, 3, nil])
        // The first step: heading, text, and the snippet itself.
        #expect(steps[0].blocks.count == 3)
        // The output block of snippet 1 opens step 2 and is hidden by renderers.
        #expect(steps[1].blocks.first?.isExpectationBlock == true)
        #expect(steps[3].blocks.count == 1)
    }

    @Test func stepsTakeLinearTime() {
        // A 512 KiB chapter can hold about 40,000 fences; steps matched every
        // block against every snippet.
        let count = 20_000
        var blocks: [MarkdownBlock] = [.heading(level: 1, content: [.text("Many")], line: 1)]
        var snippets: [Snippet] = []
        for index in 0..<count {
            blocks.append(.paragraph([.text("text")], line: 2 + 6 * index))
            blocks.append(.code(info: "swift", text: "print(1)\n", line: 4 + 6 * index))
            snippets.append(Snippet(number: index + 1, code: "print(1)\n", fenceLine: 4 + 6 * index))
        }
        let lesson = Lesson(id: "many", number: 1, title: "Many", path: "/x/01-many.md", blocks: blocks, snippets: snippets)
        let start = ContinuousClock.now
        let steps = lesson.steps
        let elapsed = ContinuousClock.now - start
        #expect(steps.count == count)
        #expect(steps.last?.snippet?.number == count)
        #expect(steps.first?.blocks.count == 3)
        #expect(elapsed < .seconds(2), "steps took \(elapsed)")
    }

    func problems(_ text: String, name: String = "02-bad.md") throws -> [LessonProblem] {
        let fixture = try LessonsFixture(["01-good.md": Self.good, name: text])
        let library = try LessonLoader.load(directory: fixture.directory)
        // The good chapter still loads whatever is wrong with the other one.
        #expect(library.lessons.map(\.id) == ["good"])
        return library.problems
    }

    @Test func unclosedFence() throws {
        let found = try #require(try problems("# Bad\n\ntext\n\n```swift\nprint(1)\n").first)
        #expect(found.line == 5)
        #expect(found.message.contains("never closed"))
        #expect(found.path.hasSuffix("02-bad.md"))
        #expect(found.description.contains("02-bad.md:5: error:"))
    }

    @Test func unknownAttribute() throws {
        let found = try #require(try problems("# Bad\n\n```swift tiem=1..2\nprint(1)\n```\n").first)
        #expect(found.line == 3)
        #expect(found.message.contains("unknown attribute 'tiem'"))
        #expect(found.hint.contains("time="))
    }

    @Test func malformedBand() throws {
        let found = try #require(try problems("# Bad\n\n\n```swift time=2..1\nprint(1)\n```\n").first)
        #expect(found.line == 4)
        #expect(found.message == "time band '2..1' has its low end above its high end")
    }

    @Test func duplicateId() throws {
        let found = try #require(try problems("# Again\n", name: "07-good.md").first)
        #expect(found.message.contains("duplicate chapter id 'good'"))
        #expect(found.message.contains("01-good.md"))
    }

    /// Chapters are parsed at once on several threads; what comes out is in
    /// name order, as when they were parsed one by one: lessons by number,
    /// problems file by file, and a duplicate of a chapter that failed to
    /// parse still loads (only a loaded chapter's id and number are taken).
    @Test func chaptersParsedTogetherReportInNameOrder() throws {
        var files: [String: String] = [:]
        for number in 1...12 { files[String(format: "%02d-c%d.md", number, number)] = "# Chapter \(number)\n\ntext\n" }
        files["03-c3.md"] = "no heading\n"
        files["13-c3.md"] = "# The real three\n"
        files["07-c7.md"] = "# Seven\n\n```swift timeout=0\nprint(1)\n```\n"
        files["14-c1.md"] = "# Twin of one\n"
        files["Bad.md"] = "# Bad name\n"
        let library = try LessonLoader.load(directory: LessonsFixture(files).directory)
        #expect(library.lessons.map(\.number) == [1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13])
        #expect(library.lessons.last?.title == "The real three")
        let problems = library.problems.map { "\($0.path.split(separator: "/").last!):\($0.line ?? 0)" }
        #expect(problems == ["03-c3.md:1", "07-c7.md:3", "14-c1.md:0", "Bad.md:0"])
    }

    @Test func duplicateNumber() throws {
        let found = try #require(try problems("# Other\n", name: "01-other.md").first)
        #expect(found.message.contains("duplicate chapter number 1"))
    }

    @Test func invalidUTF8() throws {
        let fixture = try LessonsFixture(["01-good.md": Self.good])
        try fixture.write("02-bad.md", Data("# Bad\nline two\n".utf8) + Data([0xFF, 0xFE]) + Data("\n".utf8))
        let library = try LessonLoader.load(directory: fixture.directory)
        let found = try #require(library.problems.first)
        #expect(found.line == 3)
        #expect(found.message.contains("not valid UTF-8"))
        #expect(library.lessons.count == 1)
    }

    /// The line of the first bad byte is found past valid multi-byte text,
    /// and a truncated sequence at the very end is refused too.
    @Test func invalidUTF8AfterMultiByteText() throws {
        let bytes = Array("# Café\n\n— ü\n".utf8) + [0xE2, 0x80]
        guard case .failure(let problem) = LessonLoader.parse(bytes: bytes, path: "/x/01-a.md", number: 1, id: "a") else {
            Issue.record("a truncated sequence was accepted")
            return
        }
        #expect(problem.line == 4)
        #expect(problem.message.contains("not valid UTF-8"))
        let valid = Array("# Café\n\n— ü\n".utf8)
        guard case .success(let lesson) = LessonLoader.parse(bytes: valid, path: "/x/01-a.md", number: 1, id: "a") else {
            Issue.record("valid UTF-8 was refused")
            return
        }
        #expect(lesson.title == "Café")
    }

    @Test func emptyFile() throws {
        let found = try #require(try problems("  \n\n").first)
        #expect(found.message.contains("empty"))
    }

    @Test func noHeading() throws {
        let found = try #require(try problems("just text\n").first)
        #expect(found.message.contains("no heading"))
    }

    @Test func orphanExpectationBlock() throws {
        let found = try #require(try problems("# Bad\n\ntext\n\n```output\nhi\n```\n").first)
        #expect(found.line == 5)
        #expect(found.message.contains("does not directly follow"))
    }

    @Test func textBetweenSnippetAndOutputBreaksTheLink() throws {
        let text = "# Bad\n\n```swift\nprint(1)\n```\n\nSome words.\n\n```output\n1\n```\n"
        #expect(try problems(text).first?.line == 9)
    }

    @Test func diagnosticsNeedCompileFail() throws {
        let found = try #require(try problems("# Bad\n\n```swift\nprint(1)\n```\n\n```diagnostics\nx\n```\n").first)
        #expect(found.message.contains("not compile_fail"))
    }

    @Test func badFileName() throws {
        let found = try #require(try problems("# Fine\n", name: "Intro.md").first)
        #expect(found.message.contains("not a chapter file name"))
    }

    @Test func missingAndEmptyDirectories() throws {
        #expect(throws: LibraryError.missingDirectory("/no/such/dir")) {
            try LessonLoader.load(directory: "/no/such/dir")
        }
        let empty = try LessonsFixture(["README.md": "# readme"])
        #expect(throws: LibraryError.noChapters(empty.directory)) {
            try LessonLoader.load(directory: empty.directory)
        }
    }

    @Test func unknownLessonSuggestsTheClosest() throws {
        let fixture = try LessonsFixture(["01-good.md": Self.good])
        let library = try LessonLoader.load(directory: fixture.directory)
        #expect(library.lesson("goood") == nil)
        #expect(library.unknownLessonMessage("goood").contains("did you mean 'good'"))
    }

    @Test func theBundledCourseLoadsWithoutProblems() throws {
        let directory = try LessonLocator.bundledDirectory(environment: [:])
        let library = try LessonLoader.load(directory: directory)
        #expect(library.problems.isEmpty, "\(library.problems)")
        // Course v2: at least three exercises in every chapter.
        for lesson in library.lessons {
            #expect(lesson.snippets.filter { $0.exercise != nil }.count >= 3, "\(lesson.id)")
        }
    }

    // Issue 8: each of these SIGSEGVed every command (unbounded recursion).
    @Test(arguments: [
        String(repeating: ">", count: 600) + " x",
        String(repeating: "- ", count: 1_000) + "a",
        String(repeating: "*a ", count: 10_000) + "b" + String(repeating: " c*", count: 10_000),
        String(repeating: "> - ", count: 500) + "a",
    ])
    func deepNestingIsAProblemWithItsLine(_ line: String) throws {
        let found = try #require(try problems("# Deep\n\ntext\n\n" + line + "\n").first)
        #expect(found.line == 5)
        #expect(found.message == "nesting deeper than \(MarkdownLimits.maxNesting) levels")
        #expect(found.description.hasPrefix(found.path + ":5: error: nesting deeper than"))
    }

    @Test func nestingUpToTheLimitLoads() throws {
        let deepest = String(repeating: ">", count: MarkdownLimits.maxNesting)
        let fixture = try LessonsFixture([
            "01-fine.md": "# Fine\n\n\(deepest) quoted\n",
            "02-over.md": "# Over\n\n\(deepest)> quoted\n",
        ])
        let library = try LessonLoader.load(directory: fixture.directory)
        #expect(library.lessons.map(\.id) == ["fine"])
        #expect(library.problems.map(\.line) == [3])
    }

    @Test func aTableTooWideForCmarkIsRefusedBeforeParsing() throws {
        let row = String(repeating: "|a", count: 10_000) + "|"
        let found = try #require(try problems("# Wide\n\n\(row)\n\(row.replacingOccurrences(of: "a", with: "-"))\n").first)
        #expect(found.line == 3)
        #expect(found.message.contains("more than \(MarkdownLimits.maxPipesPerLine) '|' characters"))
    }

    @Test func anOversizeChapterIsNotRead() throws {
        let text = "# Big\n\n" + String(repeating: "word ", count: MarkdownLimits.maxBytes / 5 + 10)
        let found = try #require(try problems(text).first)
        #expect(found.line == nil)
        #expect(found.message.contains("more than the \(MarkdownLimits.maxBytes) a chapter may have"))
    }

    @Test func aFileNameWithANewlineStaysOnOneLine() throws {
        let found = try #require(try problems("# x\n", name: "03-evil\nfake: error: injected.md").first)
        let lines = found.description.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("03-evil\\nfake"))
        #expect(found.message == "'03-evil\\nfake: error: injected.md' is not a chapter file name")
    }

    @Test func aNameWithAnEscapeSequenceIsQuoted() throws {
        let found = try #require(try problems("# x\n", name: "04-\u{1B}]0;pwned\u{07}.md").first)
        #expect(!found.description.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
    }
}
