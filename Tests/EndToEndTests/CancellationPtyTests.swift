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

    /// Opens the course of `chapter` files in the shell and runs its
    /// first snippet until `text` is on screen.
    static func runFirstSnippet(of chapter: [String: String], until text: String) throws -> TerminalSession {
        let lessons = try BinaryRunner.fixture(chapter)
        let session = try TerminalSession(["--lessons", lessons])
        try session.waitFor("polite 1/")
        try session.send("Enter")
        try session.waitFor("Enter runs snippet 1")
        try session.send("Enter")
        try session.waitFor(text, timeout: 60)
        return session
    }

    @Test func ctrlCLetsTheSnippetsCatchRun() throws {
        let session = try Self.runFirstSnippet(of: Self.chapter, until: "s working")
        Thread.sleep(forTimeInterval: 0.5)
        try session.send("C-c")
        let screen = try session.waitFor("stopped by itself", timeout: 20)
        #expect(screen.contains("cancellation handler ran"), "the handler runs on the thread that cancels, so it is tagged with it")
        #expect(screen.contains("s caught CancellationError"))
        let shell = try #require(try session.programPID())
        Thread.sleep(forTimeInterval: 0.5)
        #expect(ShellTests.snippetProcesses(of: shell) == 0)
    }

    static let python = [
        "01-polite.md": """
        # Polite

        An asyncio program that cleans up when it is cancelled.

        ```python timeout=60
        import asyncio
        import subprocess

        async def main():
            helper = subprocess.Popen(["sleep", "437"])
            try:
                print("working")
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                print("caught CancelledError")
                raise
            finally:
                print("finally ran")

        asyncio.run(main())
        ```
        """,
    ]

    /// Ctrl-C on a Python snippet: SIGINT makes `asyncio.run` cancel the
    /// main task, so the program's `except` and `finally` print before the
    /// process ends, and neither it nor its subprocess outlives the run.
    @Test(.enabled(if: PythonCommandTests.hasPython)) func ctrlCOnAPythonSnippetIsCancelledErrorFirst() throws {
        let session = try Self.runFirstSnippet(of: Self.python, until: "] working")
        let shell = try #require(try session.programPID())
        #expect(Self.children(of: shell) >= 1, "the Python program runs under the shell")
        #expect(Self.eventuallyAlive("sleep", "437"), "its subprocess runs while it does")
        Thread.sleep(forTimeInterval: 0.5)
        try session.send("C-c")
        let screen = try session.waitFor("stopped by itself", timeout: 20)
        #expect(screen.contains("caught CancelledError"))
        #expect(screen.contains("finally ran"))
        #expect(!screen.contains("KeyboardInterrupt"), "no traceback for a Ctrl-C the program handled")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(Self.children(of: shell) == 0, "nothing the run started is left")
        #expect(!Self.alive("sleep", "437"), "the program's subprocess went with it")
    }

    /// Processes whose parent is `pid`.
    static func children(of pid: Int32) -> Int {
        processes().filter { entry in
            let status = (try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8)) ?? ""
            return status.split(separator: "\n").contains { $0 == "PPid:\t\(pid)" }
        }.count
    }

    /// Whether a process runs with exactly these arguments.
    /// Whether the process shows up within 3 s: its command line appears in
    /// `/proc` a moment after its parent learns that the `exec` began.
    static func eventuallyAlive(_ arguments: String...) -> Bool {
        let deadline = Date().addingTimeInterval(3)
        while !alive(arguments) {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    static func alive(_ arguments: String...) -> Bool {
        alive(arguments)
    }

    static func alive(_ arguments: [String]) -> Bool {
        let wanted = arguments.joined(separator: "\u{0}") + "\u{0}"
        return processes().contains { entry in
            (try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8)) == wanted
        }
    }

    static func processes() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { Int($0) != nil }
    }
}
