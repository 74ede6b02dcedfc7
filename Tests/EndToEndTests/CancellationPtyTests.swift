import Foundation
import Testing

/// Ctrl-C in a real terminal is cancellation first: the snippet's main task
/// is cancelled, so its `catch` and cancellation handler run and print.
@Suite(.serialized) struct CancellationPtyTests {
    static let chapter = [
        "01-polite.md": """
        # Polite

        A snippet that cleans up when it is cancelled.

        ```swift timeout=60
        print("working")
        do {
            try await withTaskCancellationHandler {
                try await Task.sleep(for: .seconds(30))
            } onCancel: {
                print("cancellation handler ran")
            }
        } catch {
            print("caught \\(type(of: error))")
        }
        ```
        """,
    ]

    @Test func ctrlCLetsTheSnippetsCatchRun() throws {
        let lessons = try BinaryRunner.fixture(Self.chapter)
        let session = try TerminalSession(["--lessons", lessons])
        try session.waitFor("polite 1/")
        try session.send("Enter")
        try session.waitFor("Enter runs snippet 1")
        try session.send("Enter")
        try session.waitFor("s working", timeout: 60)
        Thread.sleep(forTimeInterval: 0.5)
        try session.send("C-c")
        let screen = try session.waitFor("stopped by itself", timeout: 20)
        #expect(screen.contains("cancellation handler ran"), "the handler runs on the thread that cancels, so it is tagged with it")
        #expect(screen.contains("s caught CancellationError"))
        let shell = try #require(try session.programPID())
        Thread.sleep(forTimeInterval: 0.5)
        #expect(ShellTests.snippetProcesses(of: shell) == 0)
    }
}
