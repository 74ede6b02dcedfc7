import Foundation
import Testing

/// The shell completion scripts swift-argument-parser makes from the
/// commands, and the candidates the binary offers for chapters and exercises.
@Suite struct CompletionScriptTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func everyShellGetsAScriptThatNamesTheCommands(shell: String) throws {
        let result = try BinaryRunner.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        for word in ["check", "run", "test", "watch", "lessons", "---completion"] {
            #expect(result.stdout.contains(word), "\(shell) script lacks \(word)")
        }
        // The script must at least parse in its shell, where that shell is installed.
        let path = "/bin/\(shell)"
        guard FileManager.default.isExecutableFile(atPath: path) || FileManager.default.isExecutableFile(atPath: "/usr/bin/\(shell)") else { return }
        let file = NSTemporaryDirectory() + "async-tour-completion-\(UUID().uuidString).\(shell)"
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: path) ? path : "/usr/bin/\(shell)")
        check.arguments = shell == "fish" ? ["--no-execute", file] : ["-n", file]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(shell) -n rejects the script")
    }

    @Test func chaptersAndExercisesAreOffered() throws {
        let chapters = try BinaryRunner.run(["---completion", "run", "--", "positional@0", "2", "0", "async-tour", "run", ""])
        #expect(chapters.status == 0, "\(chapters.stderr)")
        let offered = chapters.stdout.split(separator: "\n").map(String.init)
        #expect(offered.contains("why-async") && offered.contains("1") && offered.contains("async-sequences"))
        let exercises = try BinaryRunner.run(["---completion", "check", "--", "positional@0", "2", "0", "async-tour", "check", ""])
        let offeredExercises = exercises.stdout.split(separator: "\n").map(String.init)
        #expect(offeredExercises.contains("1.4") && offeredExercises.contains("why-async.4"), "\(exercises.stdout)")
        #expect(!offeredExercises.contains("1.2"), "snippet 1.2 is not an exercise")
    }
}
