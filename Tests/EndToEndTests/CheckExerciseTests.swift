import Foundation
import Testing

/// `async-tour check LESSON.N`: the learner's own copy of an exercise, run
/// against its goal from the command line, once or on every save.
@Suite(.serialized) struct CheckExerciseTests {
    /// Chapter 1's exercise: four one-second fetches in a row, to be made to
    /// take under 1.5 s. This is the chapter's solution.
    static let solution = """
        func fetch(_ page: Int) async -> String {
            try? await Task.sleep(for: .seconds(1))
            return "page \\(page)"
        }

        async let first = fetch(1)
        async let second = fetch(2)
        async let third = fetch(3)
        async let fourth = fetch(4)
        print(await first, await second, await third, await fourth)

        """

    static func newState() -> String {
        NSTemporaryDirectory() + "async-tour-e2e-state-" + UUID().uuidString
    }

    static func file(in state: String) -> String {
        state + "/async-tour/edits/why-async/snippet-4.swift"
    }

    /// Saves as most editors do: a new file renamed over the old one.
    static func save(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(UUID().uuidString.prefix(6))"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        #expect(rename(temporary, path) == 0)
    }

    @Test func notAnExerciseOrNoSuchSnippetIsStatusTwoWithWhatWouldWork() throws {
        for (reference, words) in [("1.2", "its exercises are 1.4"), ("1.9", "there is no snippet 9"),
                                   ("4", "check takes LESSON.N, such as 1.4"), ("why-asnyc.4", "did you mean 'why-async'")] {
            let result = try BinaryRunner.run(["check", reference])
            #expect(result.status == 2, "\(reference): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(reference): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let watchAlone = try BinaryRunner.run(["check", "--watch"])
        #expect(watchAlone.status != 0)
        #expect(watchAlone.stderr.contains("--watch needs an exercise"))
    }

    @Test func theStartingCodeMissesTheGoalAndTheSolutionMeetsIt() throws {
        let state = Self.newState()
        let missed = try BinaryRunner.run(["check", "1.4"], environment: ["XDG_STATE_HOME": state])
        #expect(missed.status == 1, "\(missed.stdout)\n\(missed.stderr)")
        #expect(missed.stdout.contains("the starting code of exercise 4"))
        #expect(missed.stdout.contains("goal not met yet"))
        #expect(missed.stdout.contains(Self.file(in: state)), "says where the learner's copy would be")

        try Self.save(Self.solution, to: Self.file(in: state))
        let met = try BinaryRunner.run(["check", "why-async.4"], environment: ["XDG_STATE_HOME": state])
        #expect(met.status == 0, "\(met.stdout)\n\(met.stderr)")
        #expect(met.stdout.contains("your version of exercise 4"))
        #expect(met.stdout.contains("goal met"))
        // The tour's progress knows of the solve.
        let progress = try String(contentsOfFile: state + "/async-tour/progress.json", encoding: .utf8)
        #expect(progress.contains("why-async\\/4") || progress.contains("why-async/4"), "\(progress)")
    }

    /// In a terminal: the file is made from the starting code and named; a
    /// save runs it again on a cleared screen; Ctrl-C ends the watch with the
    /// last run's status.
    @Test(arguments: [false, true])
    func watchRunsAgainOnEverySave(polling: Bool) throws {
        let session = try TerminalSession(["check", "1.4", "--watch"] + (polling ? ["--poll"] : []))
        let file = Self.file(in: session.state)
        try session.waitFor("save it to check again", timeout: 180)
        let first = try session.screen()
        #expect(first.contains("goal not met yet"))
        // A long path wraps; the screen's rows joined give it back.
        #expect(first.replacingOccurrences(of: "\n", with: "").contains(file), "the file to edit is named")
        let start = try String(contentsOfFile: file, encoding: .utf8)
        #expect(start.contains("let first = await fetch(1)"), "the copy starts as the chapter's code")

        try Self.save(Self.solution, to: file)
        let second = try session.waitFor("goal met", timeout: 180)
        try session.waitFor("save it to check again", timeout: 30)
        #expect(!second.contains("goal not met yet"), "the screen was cleared between runs:\n\(second)")
        #expect(second.contains("your version of exercise 4"))

        try session.send("C-c")
        #expect(try session.exitStatus(timeout: 15) == 0)
    }
}
