import Foundation
import Testing

/// The REPL in a real terminal, as a learner coming from `python -m asyncio`
/// would use it: values, tasks and functions that live on, history, Ctrl-C
/// and crashes.
@Suite(.serialized) struct ReplPtyTests {
    static func enter(_ session: TerminalSession, _ text: String) throws {
        try session.type(text)
        try session.send("Enter")
    }

    /// The last non-blank line of the screen.
    static func lastLine(_ screen: String) -> String {
        screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
    }

    @Test func valuesTasksAndRedefinitionsLiveOn() throws {
        let session = try TerminalSession(["repl"])
        try session.waitFor("swift›", timeout: 60)
        try Self.enter(session, "let x = 41")
        try session.waitFor("elapsed", timeout: 30)
        try Self.enter(session, "x + 1")
        try session.waitFor("s 42", timeout: 30)
        try session.send("C-l")
        try Self.enter(session, "var n = 0")
        try Self.enter(session, "n += 1")
        try Self.enter(session, "n")
        try session.waitFor("s 1\n", timeout: 60)
        try Self.enter(session, "let t = Task { try await Task.sleep(for: .seconds(1)); return \"done\" }")
        try Self.enter(session, "try await t.value")
        try session.waitFor("s \"done\"", timeout: 60)
        try Self.enter(session, "func greet() -> String { \"hello\" }")
        try Self.enter(session, "func greet() -> String { \"bonjour\" }")
        try session.waitFor("'greet' replaces the earlier declaration", timeout: 60)
        try Self.enter(session, "greet()")
        try session.waitFor("s \"bonjour\"", timeout: 30)
        try session.send("C-l")
        try Self.enter(session, ":vars")
        let screen = try session.waitFor("var n", timeout: 30)
        #expect(screen.contains("let x") && screen.contains("= 41"))
        #expect(screen.contains("Int  = 1"))
        #expect(screen.contains("let t"))
        try Self.enter(session, ":quit")
        #expect(try session.exitStatus() == 0)
    }

    @Test func multiLineEntriesComeBackWholeFromTheirOwnHistory() throws {
        let first = try TerminalSession(["repl"])
        try first.waitFor("swift›", timeout: 60)
        try Self.enter(first, "for i in 1...2 {")
        try first.waitFor("...›")
        try Self.enter(first, "  print(\"round\", i) }")
        try first.waitFor("s round 2", timeout: 30)
        // Ctrl-C drops an unfinished entry; the prompt is the first one again.
        try Self.enter(first, "func open() {")
        try first.waitFor("...›")
        try first.send("C-c")
        let dropped = try first.waitFor("(entry dropped)")
        #expect(Self.lastLine(dropped).hasPrefix("swift›"), "\(dropped)")
        try Self.enter(first, ":quit")
        #expect(try first.exitStatus() == 0)
        let history = try String(contentsOfFile: first.state + "/async-tour/repl_history", encoding: .utf8)
        #expect(history.contains("for i in 1...2 {\u{2424}  print(\"round\", i) }"))
        // A new session, the same state: Up brings the whole entry back.
        let second = try TerminalSession(["repl"], state: first.state)
        try second.waitFor("swift›", timeout: 60)
        try second.send("Up")
        try second.waitFor("for i in 1...2 {")
        try second.send("Enter")
        try second.waitFor("s round 2", timeout: 30)
        try Self.enter(second, ":quit")
        #expect(try second.exitStatus() == 0)
    }

    @Test func ctrlCRunsTheCatchAndACrashLosesOnlyValues() throws {
        let session = try TerminalSession(["repl"])
        try session.waitFor("swift›", timeout: 60)
        try Self.enter(session, "let kept = 5")
        try session.waitFor("elapsed", timeout: 30)
        try Self.enter(session, "func double(_ n: Int) -> Int { n * 2 }")
        try Self.enter(session, "do { print(\"waiting\"); try await Task.sleep(for: .seconds(30)) } catch { print(\"caught\", error) }")
        try session.waitFor("s waiting", timeout: 60)
        Thread.sleep(forTimeInterval: 0.3)
        try session.send("C-c")
        try session.waitFor("caught CancellationError()", timeout: 20)
        try session.waitFor("every value is still there")
        try Self.enter(session, "kept")
        try session.waitFor("s 5", timeout: 30)
        try session.send("C-l")
        try Self.enter(session, "let numbers = [1, 2, 3]")
        try Self.enter(session, "numbers[7]")
        // The message is wrapped to the terminal: joined again.
        let crashed = try session.waitFor("A new host is", timeout: 60).replacingOccurrences(of: "\n  ", with: " ")
        #expect(crashed.contains("Index out of range"))
        #expect(crashed.contains("kept (Swift.Int)") && crashed.contains("numbers (Swift.Array<Swift.Int>)"))
        try Self.enter(session, "double(21)")
        try session.waitFor("s 42", timeout: 30)
        try Self.enter(session, ":quit")
        #expect(try session.exitStatus() == 0)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(Self.hostProcesses() == 0)
    }

    /// REPL hosts still running anywhere on the machine for this test's cache.
    static func hostProcesses() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard Int(entry) != nil, let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/exe") else { return false }
            return exe.hasPrefix(BinaryRunner.cacheHome) && exe.hasSuffix("/host")
        }.count
    }
}

/// The REPL fed through a pipe: a 1 MB paste is refused with the reason and
/// the session goes on; Chinese names and strings work.
@Suite struct ReplPipeTests {
    @Test func aHugePasteIsRefusedAndChineseWorks() throws {
        let huge = "let s = \"" + String(repeating: "x", count: 1 << 20) + "\""
        let input = huge + "\nlet 名字 = \"世界\"\n\"你好，\" + 名字\n:quit\n"
        let result = try BinaryRunner.run(["repl"], environment: ["COLUMNS": "200"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("this entry is over 512 KiB, the most an entry may be; nothing ran and nothing changed"))
        #expect(result.stdout.contains("\"你好，世界\""))
    }
}
