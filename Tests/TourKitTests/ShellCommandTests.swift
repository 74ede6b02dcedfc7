import Foundation
import Testing
@testable import TourKit

@Suite struct ShellCommandTests {
    @Test func parsesEveryCommandAndAlias() {
        let cases: [(String, ShellCommand)] = [
            ("", .proceed), ("   ", .proceed), ("help", .help), ("?", .help), ("toc", .toc), ("list", .toc),
            ("next", .next), ("n", .next), ("prev", .previous), ("back", .previous), ("goto 2", .goto("2")),
            ("open why-async", .goto("why-async")), ("show", .show(nil)), ("show 3", .show(3)), ("run", .run(nil)),
            ("run 2", .run(2)), ("r 1", .run(1)), ("run all", .runAll), ("again", .again), ("continue", .resume),
            ("quit", .quit), ("exit", .quit), ("  RUN   4 ", .run(4)),
        ]
        for (line, expected) in cases {
            #expect(ShellCommand.parse(line) == .success(expected), "\(line)")
        }
    }

    @Test func badArgumentsSayWhatToType() {
        #expect(ShellCommand.parse("run two") == .failure(.usage("run takes a snippet number or 'all', e.g. run 2")))
        #expect(ShellCommand.parse("run 0") == .failure(.usage("run takes a snippet number or 'all', e.g. run 2")))
        #expect(ShellCommand.parse("show x") == .failure(.usage("show takes a snippet number, e.g. show 2")))
        #expect(ShellCommand.parse("goto") == .failure(.usage("goto takes a chapter number or id, e.g. goto 2 or goto async-await")))
        #expect(ShellCommand.parse("toc now") == .failure(.usage("toc takes no arguments")))
    }

    @Test func unknownCommandsGetTheClosestOne() {
        #expect(ShellCommand.parse("rn") == .failure(.unknown("rn", suggestion: "run")))
        #expect(ShellCommand.parse("hlep") == .failure(.unknown("hlep", suggestion: "help")))
        #expect(ShellCommand.parse("contnue") == .failure(.unknown("contnue", suggestion: "continue")))
        #expect(ShellCommand.parse("xyzzy") == .failure(.unknown("xyzzy", suggestion: nil)))
        #expect(ShellCommandError.unknown("rn", suggestion: "run").description
                == "unknown command 'rn'; did you mean 'run'? (type help for the list)")
    }
}

@Suite struct CompletionTests {
    func completion() throws -> Completion {
        let fixture = try LessonsFixture([
            "01-why-async.md": "# Why\n\n```swift\nprint(1)\n```\n\n```swift\nprint(2)\n```\n",
            "02-async-await.md": "# Await\n",
            "03-tasks.md": "# Tasks\n",
        ])
        let library = try LessonLoader.load(directory: fixture.directory)
        return Completion(lessons: library.lessons, current: library.lesson("why-async"))
    }

    @Test func commands() throws {
        let completion = try completion()
        #expect(completion.candidates("ru") == ["run"])
        #expect(completion.candidates("") .contains("help"))
        #expect(Set(completion.candidates("g")) == ["goto"])
        #expect(completion.candidates("zz").isEmpty)
    }

    @Test func chaptersAfterGoto() throws {
        let completion = try completion()
        #expect(completion.candidates("goto a") == ["async-await"])
        #expect(completion.candidates("goto ") == ["why-async", "async-await", "tasks", "1", "2", "3"])
        #expect(completion.candidates("goto tasks x").isEmpty)
    }

    @Test func snippetsAfterRunAndShow() throws {
        let completion = try completion()
        #expect(completion.candidates("run ") == ["1", "2", "all"])
        #expect(completion.candidates("run a") == ["all"])
        #expect(completion.candidates("show ") == ["1", "2"])
    }

    @Test func commonPrefix() {
        #expect(Completion.commonPrefix(["async-await", "async-sequences"]) == "async-")
        #expect(Completion.commonPrefix(["a", "b"]) == "")
        #expect(Completion.commonPrefix([]) == "")
    }
}

@Suite struct ProgressStoreTests {
    func directory() -> String {
        NSTemporaryDirectory() + "async-tour-progress-" + UUID().uuidString
    }

    @Test func roundTripThroughAnAtomicWrite() throws {
        let store = ProgressStore(directory: directory())
        #expect(store.load().0 == LearnerProgress())
        var progress = LearnerProgress()
        progress.visited = ["why-async"]
        progress.ran["why-async"] = [1, 3]
        progress.lessonID = "why-async"
        progress.step = 2
        try store.save(progress)
        let (loaded, warning) = store.load()
        #expect(loaded == progress)
        #expect(warning == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (store.path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["progress.json"])
    }

    @Test func aCorruptFileIsSetAsideWithAWarning() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder)
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: store.path))
        let (loaded, warning) = store.load()
        #expect(loaded == LearnerProgress())
        #expect(warning?.contains("could not be read; it was moved to") == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
        let aside = try #require(names.first { $0.hasPrefix("progress.json.corrupt-") })
        #expect(try String(contentsOfFile: folder + "/" + aside, encoding: .utf8) == "{ not json")
        try store.save(loaded)
    }

    @Test func neverOverwritesAFileItCouldNotRead() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: store.path))
        #expect(throws: (any Error).self) { try store.save(LearnerProgress()) }
        #expect(try String(contentsOfFile: store.path, encoding: .utf8) == "garbage")
    }

    @Test func doneMeansVisitedAndEverySnippetRun() throws {
        let fixture = try LessonsFixture(["01-a.md": "# A\n\n```swift\nprint(1)\n```\n"])
        let lesson = try #require(try LessonLoader.load(directory: fixture.directory).lesson("a"))
        var progress = LearnerProgress()
        #expect(!progress.isDone(lesson))
        progress.visited = ["a"]
        progress.ran["a"] = [1]
        #expect(progress.isDone(lesson))
    }
}

@Suite struct StatePathsTests {
    @Test func followsXDG() {
        let xdg = StatePaths(environment: ["HOME": "/home/l", "XDG_CACHE_HOME": "/c", "XDG_STATE_HOME": "/s"])
        #expect(xdg.cacheDirectory == "/c/async-tour")
        #expect(xdg.stateDirectory == "/s/async-tour")
        let fallback = StatePaths(environment: ["HOME": "/home/l", "XDG_CACHE_HOME": "relative"])
        #expect(fallback.cacheDirectory == "/home/l/.cache/async-tour")
        #expect(fallback.stateDirectory == "/home/l/.local/state/async-tour")
    }
}
