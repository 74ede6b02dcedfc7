import Foundation
import Testing
@testable import TourKit

/// The python fence, `pair=`, `compare N` and the tester's skip count.
@Suite struct PythonPairingTests {
    static func parse(_ text: String) -> Result<Lesson, LessonProblem> {
        LessonLoader.parse(bytes: Array(text.utf8), path: "/lessons/01-t.md", number: 1, id: "t")
    }

    static let chapter = """
        # Pairs

        ```python pair=next time=0.2..1 requires=aiohttp
        print("python")
        ```

        ```output
        python
        ```

        ```swift
        print("swift")
        ```

        ```python pair=previous crash
        raise SystemExit(3)
        ```

        ```python pair=2 timeout=5
        print("by number")
        ```

        ```python display
        print("shown, never run")
        ```
        """

    @Test func aPythonFenceIsASnippetWithItsAttributesAndPair() throws {
        let lesson = try Self.parse(Self.chapter).get()
        #expect(lesson.snippets.map(\.language) == [.python, .swift, .python, .python], "a display fence is not a snippet")
        let first = lesson.snippets[0]
        #expect(first.attributes.time == TimeBand(lower: 0.2, upper: 1))
        #expect(first.attributes.requiredModules == ["aiohttp"])
        #expect(first.expectations.output?.lines == ["python"])
        #expect(first.pairedWith == 2)
        #expect(lesson.snippets[2].pairedWith == 2 && lesson.snippets[2].attributes.outcome == .crash)
        #expect(lesson.snippets[3].pairedWith == 2 && lesson.snippets[3].attributes.timeout == 5)
        #expect(lesson.pair(of: 2)?.python.number == 1, "the Swift snippet finds the first Python program that retells it")
        #expect(lesson.pair(of: 4)?.swift.number == 2)
        #expect(lesson.snippets[1].pairedWith == nil)
    }

    @Test func badPythonAttributesAreProblemsWithTheLine() {
        let cases: [(String, String)] = [
            ("```python optimize\nprint(1)\n```\n", "unknown attribute 'optimize' on a python snippet"),
            ("```python pair=soon\nprint(1)\n```\n", "pair=soon does not name a Swift snippet"),
            ("```python pair=next\nprint(1)\n```\n", "pair=next names no swift snippet"),
            ("```swift\nprint(1)\n```\n\n```python pair=1 requires=a;b\nprint(1)\n```\n", "is not a Python module name"),
            ("```python\nprint(1)\n```\n\n```python pair=1\nprint(1)\n```\n", "pair=1 names no swift snippet"),
            ("```python\nprint(1)\n```\n\n```trace\nmax-tasks 1\n```\n", "a trace block follows a python snippet"),
        ]
        for (body, message) in cases {
            guard case .failure(let problem) = Self.parse("# T\n\n" + body) else {
                Issue.record("accepted: \(body)")
                continue
            }
            #expect(problem.message.contains(message), "\(problem.message)")
            #expect(problem.line != nil)
        }
    }

    @Test func compareRunsBothHalvesThenCompares() throws {
        let fixture = try LessonsFixture(["01-pairs.md": Self.chapter])
        let library = try LessonLoader.load(directory: fixture.directory)
        var state = TourState(library: library, progress: LearnerProgress(), persistent: false, edited: [])
        _ = TourStateTests.type("", &state)
        let python = SnippetRef(lesson: 0, number: 1), swift = SnippetRef(lesson: 0, number: 2)
        for line in ["compare 1", "compare 2"] {
            let effects = TourStateTests.type(line, &state)
            #expect(TourStateTests.runs(effects).map(\.snippet) == [python, swift])
            #expect(effects.last == .compare(python: python, swift: swift))
        }
        let other = TourStateTests.type("compare 4", &state)
        #expect(other.last == .compare(python: SnippetRef(lesson: 0, number: 4), swift: swift))
        #expect(ShellCommand.parse("compare") == .success(.compare(nil)))
    }

    @Test func compareOnASnippetInNoPairSaysWhichAre() throws {
        let fixture = try LessonsFixture(["01-one.md": "# One\n\n```swift\nprint(1)\n```\n"])
        var state = TourState(library: try LessonLoader.load(directory: fixture.directory), progress: LearnerProgress(),
                              persistent: false, edited: [])
        _ = TourStateTests.type("", &state)
        #expect(TourStateTests.type("compare 1", &state) == [.say(.noPair(number: 1, pairs: []))])
    }

    @Test func withoutPythonTheTesterSkipsPythonSnippetsAndRunsNothingElse() async throws {
        let lesson = try Self.parse("# T\n\n```python time=0.1..1\nprint(1)\n```\n\n```output\n2\n```\n").get()
        var environment = ProcessInfo.processInfo.environment
        environment["ASYNC_TOUR_PYTHON"] = "/nonexistent/python3"
        let cache = NSTemporaryDirectory() + "async-tour-python-cache-" + UUID().uuidString
        let runner = SnippetRunner(compiler: SnippetCompiler(toolchain: Toolchain(swiftc: "/nonexistent/swiftc", version: "none"),
                                                             cacheDirectory: cache, environment: environment),
                                   environment: environment)
        let results = await LessonTester(runner: runner).test([lesson])
        #expect(results.count == 1)
        #expect(results[0].passed, "a skipped snippet does not fail, although its output block could never match")
        #expect(results[0].skipped?.contains("python3 is not installed") == true)
    }

    @Test func theLearnersCopyOfAPythonSnippetStaysPython() throws {
        let lesson = try Self.parse(Self.chapter).get()
        let python = try #require(lesson.snippet(1))
        let store = EditStore(stateDirectory: NSTemporaryDirectory() + "async-tour-edits-" + UUID().uuidString)
        let prepared = try store.prepare(python, in: lesson)
        #expect(prepared.path.hasSuffix("snippet-1.py"), "an editor opens it as Python")
        guard case .edited(let (copy, path)) = store.editedSnippet(python, in: lesson) else {
            Issue.record("no copy")
            return
        }
        #expect(copy.language == .python, "the learner's version is run with python3, not compiled as Swift")
        #expect(copy.pairedWith == 2)
        #expect(path == prepared.path)
    }
}
