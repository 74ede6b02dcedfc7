import Foundation
import Testing
@testable import TourKit

/// The shell's state machine, command by command, without a terminal.
@Suite struct TourStateTests {
    static func library() throws -> LessonLibrary {
        let fixture = try LessonsFixture([
            "01-one.md": "# One\n\nIntro.\n\n```swift\nprint(1)\n```\n\nMiddle.\n\n```swift\nprint(2)\n```\n\nEnd.\n",
            "02-two.md": "# Two\n\n```swift\nprint(3)\n```\n",
            "03-async-await.md": "# Three\n\n```swift exercise time=..1\nprint(4)\n```\n\n```hint\nTry.\n```\n\n"
                + "```solution\nprint(5)\n```\n\n```swift\nprint(6)\n```\n",
        ])
        return try LessonLoader.load(directory: fixture.directory)
    }

    static func state(persistent: Bool = true, progress: LearnerProgress = LearnerProgress(),
                      edited: Set<SnippetRef> = []) throws -> TourState {
        TourState(library: try library(), progress: progress, persistent: persistent, edited: edited)
    }

    /// Reduces a line as the shell would.
    static func type(_ line: String, _ state: inout TourState) -> [ShellEffect] {
        switch ShellCommand.parse(line) {
        case .success(let command): return state.reduce(.command(command))
        case .failure(let error): return state.reduce(.badLine(error))
        }
    }

    static func runs(_ effects: [ShellEffect]) -> [RunRequest] {
        effects.compactMap { if case .run(let request) = $0 { return request } else { return nil } }
    }

    static func shown(_ effects: [ShellEffect]) -> [Int] {
        effects.compactMap { if case .show(let lesson, let step) = $0 { return lesson * 100 + step } else { return nil } }
    }

    let one1 = SnippetRef(lesson: 0, number: 1), one2 = SnippetRef(lesson: 0, number: 2)
    let two1 = SnippetRef(lesson: 1, number: 1), exercise = SnippetRef(lesson: 2, number: 1)

    /// A learner who stops paging (or types a command at "more") may not
    /// have seen the part's snippet: Enter shows it, and only then runs it.
    @Test func enterAfterACutPartShowsTheSnippetBeforeRunningIt() throws {
        var state = try Self.state()
        _ = Self.type("", &state)
        #expect(state.reduce(.partCut).isEmpty)
        #expect(Self.type("", &state) == [.showCode(one1, edited: false)])
        #expect(Self.runs(Self.type("", &state)).map(\.snippet) == [one1])
        // A part shown whole runs at once.
        _ = Self.type("", &state)
        #expect(Self.runs(Self.type("", &state)).map(\.snippet) == [one2])
    }

    @Test func enterShowsThenRunsThenMovesOn() throws {
        var state = try Self.state()
        #expect(state.greeting == .greeting(chapters: 3, returning: nil))
        #expect(Self.type("", &state) == [.show(lesson: 0, step: 0), .compileAhead(lesson: 0, fromStep: 0), .save])
        #expect(state.location == "one 1/3")
        #expect(Self.type("", &state) == [.run(RunRequest(snippet: one1, version: .learnersIfAny, judging: .chapter))])
        #expect(Self.shown(Self.type("", &state)) == [1])
        #expect(Self.runs(Self.type("", &state)).map(\.snippet) == [one2])
        let last = Self.type("", &state)
        #expect(Self.shown(last) == [2])
        #expect(last.contains(.say(.endOfChapter(.init(chapter: "one", number: 1, ran: 0, snippets: 2, solved: 0, exercises: 0,
                                                       nextNumber: 2, nextID: "two", snippetFirst: false)))))
        #expect(state.currentSnippet == one2)
        // The end of a chapter leads into the next one.
        #expect(Self.shown(Self.type("", &state)) == [100])
        #expect(Self.runs(Self.type("", &state)).map(\.snippet) == [two1])
        #expect(Self.shown(Self.type("", &state)) == [200])
        _ = Self.type("next", &state)
        _ = Self.type("next", &state)
        #expect(Self.type("next", &state) == [.say(.endOfTour)])
        _ = Self.type("goto 1", &state)
        #expect(Self.type("prev", &state) == [.say(.startOfTour)])
    }

    /// The bug of issue 10: `again` after `goto` ran the new chapter's
    /// snippet of that number while naming the old one.
    @Test func againAfterGotoRunsTheSnippetOfItsOwnChapter() throws {
        var state = try Self.state()
        _ = Self.type("goto 1", &state)
        let first = try #require(Self.runs(Self.type("run 1", &state)).first)
        _ = state.reduce(.ran(first, RunOutcome(wall: 0.1)))
        _ = Self.type("goto 2", &state)
        let again = try #require(Self.runs(Self.type("again", &state)).first)
        #expect(again.snippet == one1)
        #expect(state.lesson(of: again.snippet).id == "one")
        _ = state.reduce(.ran(again, RunOutcome(wall: 0.1)))
        #expect(state.progress.ran["one"] == [1])
        #expect(state.progress.ran["two"] == nil, "progress goes to the snippet's own chapter")
        #expect(state.location == "two 1/1", "again does not move the learner")
    }

    @Test func gotoAChapterAPartOrBoth() throws {
        var state = try Self.state()
        #expect(Self.shown(Self.type("goto 1.3", &state)) == [2])
        #expect(state.location == "one 3/3")
        #expect(Self.shown(Self.type("goto one 2", &state)) == [1])
        #expect(Self.shown(Self.type("goto two", &state)) == [100])
        #expect(Self.shown(Self.type("goto 3", &state)) == [200])
        #expect(Self.shown(Self.type("goto async", &state)) == [200], "the start of an id is enough when it is unique")
        #expect(Self.shown(Self.type("goto 2.1", &state)) == [100])
    }

    /// A bad argument gets one line and leaves the place and progress alone.
    @Test func badArgumentsSayWhatWorksAndChangeNothing() throws {
        var state = try Self.state()
        _ = Self.type("goto 1.2", &state)
        let before = (state.location, state.progress, state.lastRun)
        let cases: [(String, ShellMessage)] = [
            ("goto 1.99", .noSuchPart(chapter: "one", number: 1, part: 99, parts: 3)),
            ("goto one 0", .noSuchPart(chapter: "one", number: 1, part: 0, parts: 3)),
            ("goto 0", .noChapterNumber(0, numbers: [1, 2, 3])),
            ("goto asnc", .unknownChapter("asnc", suggestion: "async-await")),
            ("goto zzzz", .unknownChapter("zzzz", suggestion: nil)),
            ("run -1", .noSuchSnippet(chapter: "one", number: -1, count: 2)),
            ("run 9", .noSuchSnippet(chapter: "one", number: 9, count: 2)),
            ("show 3.7", .noSuchSnippet(chapter: "async-await", number: 7, count: 2)),
            ("check 1", .noExercises(chapter: "one")),
            ("check 3.2", .notAnExercise(chapter: "async-await", number: 2, exercises: [1], try: "check 3.1")),
            ("hint 3.2", .notAnExercise(chapter: "async-await", number: 2, exercises: [1], try: "hint 3.1")),
            ("tco", .badLine(.unknown("tco", suggestion: "toc"))),
            ("goto", .badLine(.usage(ShellCommand.gotoUsage))),
        ]
        for (line, message) in cases {
            #expect(Self.type(line, &state) == [.say(message)], "\(line)")
            #expect(state.location == before.0 && state.progress == before.1 && state.lastRun == before.2, "\(line)")
        }
    }

    @Test func aReturningLearnersEnterContinuesWhereTheyLeftOff() throws {
        var first = try Self.state()
        _ = Self.type("goto one 2", &first)
        // The shell is left and started again with what was saved.
        var second = TourState(library: first.library, progress: first.progress)
        #expect(second.greeting == .greeting(chapters: 3, returning: .init(chapter: "one", part: 2, parts: 3)))
        #expect(second.location == "one 2/3")
        #expect(Self.shown(Self.type("", &second)) == [1], "Enter shows the saved part, not the tour's start")
        #expect(Self.runs(Self.type("", &second)).map(\.snippet) == [one2], "then runs its snippet")
        // Starting over is a command of its own; continue goes back.
        var third = TourState(library: first.library, progress: second.progress)
        #expect(Self.shown(Self.type("start", &third)) == [0])
        _ = Self.type("goto 2", &third)
        #expect(Self.shown(Self.type("continue", &third)) == [100], "continue re-opens the place last shown")
        var back = TourState(library: first.library, progress: second.progress)
        #expect(Self.shown(Self.type("prev", &back)) == [0], "prev goes back from the saved part")
        var fresh = try Self.state()
        #expect(Self.type("continue", &fresh) == [.say(.nothingToContinue)])
        // A saved place in a chapter that is gone starts at the beginning.
        var gone = LearnerProgress()
        gone.lessonID = "removed"
        var state = try Self.state(progress: gone)
        #expect(state.greeting == .greeting(chapters: 3, returning: nil))
        #expect(Self.shown(Self.type("", &state)) == [0])
    }

    /// A piped session (not persistent) never asks for a save, whatever it does.
    @Test func aPipedSessionNeverSaves() throws {
        var piped = try Self.state(persistent: false)
        var effects: [ShellEffect] = []
        for line in ["", "", "goto 3", "hint", "solution", "solution", "check", "goto 2.1", "run", "quit"] {
            let step = Self.type(line, &piped)
            effects += step
            for request in Self.runs(step) { effects += piped.reduce(.ran(request, RunOutcome(wall: 1, goalMet: true))) }
        }
        #expect(!effects.contains(.save))
        #expect(effects.last == .quit)
        #expect(piped.progress.solved == ["async-await/1"], "the session itself still keeps count")
        var saving = try Self.state(persistent: true)
        #expect(Self.type("goto 3", &saving).contains(.save))
        #expect(Self.type("quit", &saving) == [.save, .quit])
    }

    @Test func everyOtherCommandsEffects() throws {
        var state = try Self.state(edited: [SnippetRef(lesson: 0, number: 2)])
        _ = Self.type("goto 1", &state)
        #expect(Self.type("help", &state) == [.help])
        #expect(Self.type("toc", &state) == [.toc])
        #expect(Self.type("threads", &state) == [.threads])
        #expect(Self.type("repl", &state) == [.repl, .say(.backFromRepl(chapter: "one"))])
        #expect(Self.type("again", &state) == [.say(.nothingRanYet)])
        #expect(Self.type("show", &state) == [.showCode(one1, edited: false)])
        #expect(Self.type("show 2", &state) == [.showCode(one2, edited: true)], "show says when run uses the learner's copy")
        #expect(Self.type("edit 2", &state) == [.edit(one2)])
        #expect(Self.type("diff 2", &state) == [.diff(one2)])
        #expect(Self.type("reset 2", &state) == [.reset(one2)])
        #expect(Self.type("run 2", &state) == [.run(RunRequest(snippet: one2, version: .learnersIfAny, judging: .none))],
                "the learner's copy is not judged against the chapter")
        #expect(Self.type("original 2", &state) == [.run(RunRequest(snippet: one2, version: .chapters, judging: .chapter))])
        #expect(Self.runs(Self.type("run all", &state)).map(\.snippet) == [one1, one2])
        #expect(Self.runs(Self.type("run 2.1", &state)).map(\.snippet) == [two1], "another chapter's snippet, by number")
        #expect(state.location == "one 1/3")
        #expect(Self.type("next", &state).first == .show(lesson: 0, step: 1))
        #expect(Self.type("prev", &state).first == .show(lesson: 0, step: 0))
        #expect(Self.type("prev", &state) == [.say(.startOfTour)])
        #expect(Self.type("quit", &state) == [.save, .quit])
        _ = Self.type("goto 2", &state)
        #expect(Self.type("prev", &state).first == .show(lesson: 0, step: 2), "back across chapters, to the last part")
    }

    @Test func exercisesFromHintToSolvedAndAfter() throws {
        var state = try Self.state()
        _ = Self.type("goto 3", &state)
        #expect(Self.type("check 2", &state) == [.say(.notAnExercise(chapter: "async-await", number: 2, exercises: [1], try: "check 1"))])
        #expect(Self.type("hint", &state) == [.showHint(exercise, index: 0), .save])
        #expect(Self.type("hint", &state) == [.showHint(exercise, index: 0), .save], "the last hint again")
        #expect(Self.type("solution", &state) == [.say(.solutionNotYet(number: 1))])
        #expect(Self.type("solution", &state) == [.showSolution(exercise)])
        let check = try #require(Self.runs(Self.type("check", &state)).first)
        #expect(check == RunRequest(snippet: exercise, version: .learnersIfAny, judging: .goal))
        #expect(state.reduce(.ran(check, RunOutcome(wall: 2, goalMet: false))) == [.say(.editThenCheck(number: 1)), .save])
        // The learner edits it; the editor changed the file: it is checked.
        #expect(state.reduce(.edited(exercise, changed: true)) == [.run(check)])
        #expect(state.reduce(.ran(check, RunOutcome(wall: 0.5, usedLearnersCopy: true, goalMet: true)))
                == [.say(.goalMet(number: 1)), .save])
        #expect(state.progress.solved == ["async-await/1"])
        // After the solve, the starting code is no longer "goal not met yet".
        let original = try #require(Self.runs(Self.type("original 1", &state)).first)
        #expect(original.judging == .none)
        #expect(state.reduce(.ran(original, RunOutcome(wall: 2))) == [.say(.startingCodeOfSolved(number: 1)), .save])
        #expect(Self.type("solution", &state) == [.showSolution(exercise)])
    }

    @Test func editsTimingsAndReset() throws {
        var state = try Self.state()
        _ = Self.type("goto 1", &state)
        let chapters = try #require(Self.runs(Self.type("run 1", &state)).first)
        #expect(state.reduce(.ran(chapters, RunOutcome(wall: 3))) == [.save])
        #expect(state.reduce(.edited(one1, changed: false)) == [.say(.noChanges(number: 1))])
        let mine = try #require(Self.runs(state.reduce(.edited(one1, changed: true))).first)
        #expect(mine.judging == .none)
        #expect(state.reduce(.ran(mine, RunOutcome(wall: 1, usedLearnersCopy: true)))
                == [.say(.timings(number: 1, chapters: 3, yours: 1)), .save])
        #expect(state.reduce(.wasReset(one1, removed: true)) == [.say(.resetDone(number: 1, removed: true))])
        #expect(state.timings[one1]?.yours == nil)
        #expect(Self.type("show 1", &state) == [.showCode(one1, edited: false)])
        // A cancelled run still counts as run, but gives no timing.
        let again = try #require(Self.runs(Self.type("again", &state)).first)
        #expect(state.reduce(.ran(again, RunOutcome(cancelled: true, succeeded: false, wall: 0.2))) == [.save])
        #expect(state.timings[one1]?.chapters == 3)
        // An unreadable copy refused the run: nothing is recorded.
        var other = try Self.state()
        _ = other.reduce(.ran(RunRequest(snippet: two1, version: .learnersIfAny, judging: .none), RunOutcome(refused: true)))
        #expect(other.progress.ran.isEmpty)
    }

    @Test func chapterSuggestions() {
        let ids = ["why-async", "async-await", "event-loop", "tasks", "pitfalls", "async-vs-threads"]
        #expect(closestChapter(to: "asnc", in: ids) == "async-await")
        #expect(closestChapter(to: "taks", in: ids) == "tasks")
        #expect(closestChapter(to: "evnt", in: ids) == "event-loop")
        #expect(closestChapter(to: "zebra", in: ids) == nil)
        #expect(editDistance("tco", "toc") == 1, "a swap of two neighbours is one edit")
        #expect(editDistance("kitten", "sitting") == 3)
    }
}

/// What the state files say when they cannot be read, in a Chinese session.
@Suite struct StateWarningsChineseTests {
    static func zh<T>(_ body: () throws -> T) rethrows -> T {
        try Language.$scoped.withValue(.simplifiedChinese, operation: body)
    }

    @Test func anUnreadableProgressFileIsReportedInChinese() throws {
        let folder = NSTemporaryDirectory() + "async-tour-progress-zh-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: folder + "/progress.json"))
        let (_, warning) = Self.zh { ProgressStore(directory: folder).load() }
        let text = try #require(warning)
        #expect(text.hasPrefix("警告：无法读取 \(folder)/progress.json（它不是进度 JSON）；它已被移到 "), "\(text)")
        #expect(text.hasSuffix("，进度从头开始记录"), "\(text)")
    }

    @Test func anUnreadableCopyIsReportedInChinese() throws {
        let library = try TourStateTests.library()
        let lesson = library.lessons[0], snippet = lesson.snippets[0]
        let folder = NSTemporaryDirectory() + "async-tour-edits-zh-" + UUID().uuidString
        let edits = EditStore(stateDirectory: folder)
        let file = edits.path(for: snippet, in: lesson)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data([0xFF, 0xFE, 0x41]).write(to: URL(fileURLWithPath: file))
        guard case .unreadable(let message) = Self.zh({ edits.copy(of: snippet, in: lesson) }) else {
            Issue.record("a copy that is not UTF-8 was read")
            return
        }
        #expect(message.hasPrefix("无法读取你的代码片段 1 副本 \(file)（它不是 UTF-8 文本）；它已被移到 "), "\(message)")
        #expect(message.contains("'edit 1' 从本章的代码新建副本；'original 1' 运行本章的版本"), "\(message)")
    }
}
