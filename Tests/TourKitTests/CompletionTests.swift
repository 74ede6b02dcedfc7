import Testing
@testable import TourKit

@Suite struct CompletionTests {
    func completion() throws -> Completion {
        let fixture = try LessonsFixture([
            "01-why-async.md": "# Why\n\n```swift\nprint(1)\n```\n\n```swift\nprint(2)\n```\n\n"
                + "```swift exercise time=..1\nprint(3)\n```\n\n```solution\nprint(3)\n```\n",
            "02-async-await.md": "# Await\n",
            "03-async-sequences.md": "# Sequences\n",
            "04-tasks.md": "# Tasks\n",
        ])
        let library = try LessonLoader.load(directory: fixture.directory)
        return Completion(lessons: library.lessons, current: library.lesson("why-async"))
    }

    @Test func commandNames() throws {
        let completion = try completion()
        #expect(completion.candidates("ru") == ["run"])
        #expect(completion.candidates("").contains("help"))
        #expect(completion.candidates("").contains("list"))
        #expect(completion.candidates("g") == ["goto"])
        #expect(completion.candidates("  ru") == ["run"])
        #expect(completion.candidates("zz").isEmpty)
        #expect(Set(completion.candidates("e")) == ["edit", "exit"])
    }

    @Test func chapterIdsAndNumbersAfterGoto() throws {
        let completion = try completion()
        #expect(completion.candidates("goto a") == ["async-await", "async-sequences"])
        #expect(completion.candidates("goto why") == ["why-async"])
        #expect(completion.candidates("goto ") == ["why-async", "async-await", "async-sequences", "tasks", "1", "2", "3", "4"])
        #expect(completion.candidates("open t") == ["tasks"])
        #expect(completion.candidates("goto tasks x").isEmpty)
        #expect(completion.candidates("goto tasks ") == ["1"], "tasks has one part")
        #expect(completion.candidates("toc tasks ").isEmpty)
    }

    @Test func partsAfterAChapter() throws {
        let completion = try completion()
        let parts = try #require(completion.lessons.first).steps.count
        #expect(parts == 3)
        #expect(completion.candidates("goto why-async ") == ["1", "2", "3"])
        #expect(completion.candidates("goto 1 ") == ["1", "2", "3"])
        #expect(completion.candidates("goto 1.") == ["1.1", "1.2", "1.3"])
        #expect(completion.candidates("goto why-async.2") == ["why-async.2"])
        #expect(completion.candidates("goto 9.").isEmpty)
    }

    @Test func snippetNumbersAfterRunAndShow() throws {
        let completion = try completion()
        #expect(completion.candidates("run ") == ["1", "2", "3", "all"])
        #expect(completion.candidates("r ") == ["1", "2", "3", "all"])
        #expect(completion.candidates("run a") == ["all"])
        #expect(completion.candidates("show ") == ["1", "2", "3"])
        #expect(completion.candidates("hint ") == ["3"], "only exercises have hints")
        #expect(completion.candidates("check ") == ["3"])
        #expect(completion.candidates("show 2") == ["2"])
        #expect(completion.candidates("toc ").isEmpty)
        #expect(completion.candidates("frobnicate ").isEmpty)
        #expect(Completion(lessons: [], current: nil).candidates("run ") == ["all"])
    }

    @Test func onlyTheTextBeforeTheCursorCounts() throws {
        let completion = try completion()
        #expect(completion.candidates(line: "goto a", cursor: 6) == ["async-await", "async-sequences"])
        #expect(completion.candidates(line: "ru 2", cursor: 2) == ["run"])
        #expect(completion.candidates(line: "goto async-await", cursor: 5).count == 8)
        #expect(completion.candidates(line: "run", cursor: 0).contains("run"))
        #expect(completion.candidates(line: "run", cursor: 99) == ["run"])
    }

    @Test func commonPrefix() {
        #expect(Completion.commonPrefix(["async-await", "async-sequences"]) == "async-")
        #expect(Completion.commonPrefix(["run"]) == "run")
        #expect(Completion.commonPrefix(["a", "b"]) == "")
        #expect(Completion.commonPrefix([]) == "")
    }
}
