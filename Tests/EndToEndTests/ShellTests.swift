import Foundation
import Testing

/// The interactive shell, end to end: in a pseudo-terminal through tmux, and
/// as a scripted session through a pipe.
@Suite(.serialized) struct ShellTests {
    static let longChapter = [
        "01-long.md": """
        # Long

        A snippet that takes a while.

        ```swift timeout=60
        print("working")
        try await Task.sleep(for: .seconds(30))
        print("all done")
        ```

        ```swift
        print("quick")
        ```
        """,
    ]

    @Test func scriptedSessionTranscript() throws {
        let result = try BinaryRunner.run([], stdin: "goto why-async\n\nrun 2\nrn\ntoc\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("› goto why-async"))
        #expect(out.contains("Three downloads, one after another"))
        #expect(out.contains("running snippet 1 of why-async"))
        #expect(out.contains("elapsed 3.0"))
        #expect(out.contains("running snippet 2 of why-async"))
        #expect(out.contains("elapsed 1.0"))
        #expect(out.contains("unknown command 'rn'; did you mean 'run'?"))
        let row = out.split(separator: "\n").first { $0.contains("1  why-async         Why async?") }
        #expect(row?.contains("2/8 run, 0/3 solved") == true, "\(row ?? "no row for why-async")")
        #expect(!out.contains("\u{1B}"), "no colour or cursor movement when not a terminal")
    }

    /// An "editor" that makes the three sequential downloads concurrent.
    static func concurrentEditor() throws -> String {
        let script = NSTemporaryDirectory() + "async-tour-editor-" + UUID().uuidString + ".sh"
        try Data(#"""
            #!/bin/sh
            sed -i -e 's/^let \([abc]\) = await download/async let \1 = download/' \
                   -e 's/print("downloaded \\(a + b + c) bytes")/print("downloaded \\(await a + b + c) bytes")/' "$1"
            """#.utf8).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        return script
    }

    @Test func editDiffResetAndSideBySideTimes() throws {
        let result = try BinaryRunner.run([], environment: ["EDITOR": try Self.concurrentEditor()],
                                          stdin: "goto why-async\nrun 1\nedit 1\ndiff 1\nreset 1\ndiff 1\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("running your version of snippet 1"))
        #expect(out.contains("+1.0") && out.contains("[task 3] done  c.zip"))
        #expect(out.contains("snippet 1: the chapter's version 3.0"))
        #expect(out.contains("your version 1.0"))
        #expect(out.contains("-let a = await download(\"a.zip\")"))
        #expect(out.contains("+async let a = download(\"a.zip\")"))
        #expect(out.contains("Snippet 1 is the chapter's again."))
        #expect(out.contains("You have not changed snippet 1"))
    }

    @Test func compileErrorsInAnEditPointAtTheLearnersFile() throws {
        let script = NSTemporaryDirectory() + "async-tour-editor-" + UUID().uuidString + ".sh"
        try Data("#!/bin/sh\nprintf 'let x = 1\\nlet y: Int = \"two\"\\n' > \"$1\"\n".utf8).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        // Wide enough that the long path of the learner's copy is not wrapped.
        let result = try BinaryRunner.run([], environment: ["EDITOR": script, "COLUMNS": "200"], stdin: "goto 1\nedit 2\nquit\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("async-tour/edits/why-async/snippet-2.swift:2:14: error: cannot convert value of type 'String'"))
    }

    // The REPL's end-to-end tests are in ReplPtyTests.swift.

    @Test func editAndResetInAPseudoTerminal() throws {
        let session = try TerminalSession([], environment: ["EDITOR": try Self.concurrentEditor()])
        try session.waitFor("Press Enter to begin")
        try session.type("goto why-async")
        try session.send("Enter")
        try session.waitFor("more lines: Enter reads on")
        try session.send("Enter")
        try session.waitFor("Enter runs snippet 1")
        try session.send("Enter")
        try session.waitFor("elapsed 3.0", timeout: 30)
        try session.type("edit 1")
        try session.send("Enter")
        let screen = try session.waitFor("your version 1.0", timeout: 30)
        #expect(screen.contains("running your version of snippet 1"))
        #expect(screen.contains("the chapter's version 3.0"))
        try session.type("reset 1")
        try session.send("Enter")
        try session.waitFor("Snippet 1 is the chapter's again.")
        try session.type("run 1")
        try session.send("Enter")
        try session.waitFor("running snippet 1 of why-async")
    }

    /// An impatient Enter during a run neither shows in the output nor
    /// moves the tour on once the run is over.
    @Test func keysTypedDuringARunAreDropped() throws {
        let session = try TerminalSession([])
        try session.waitFor("Press Enter to begin")
        try session.type("goto why-async")
        try session.send("Enter")
        try session.waitFor("Enter reads on")
        try session.type("run 1")
        try session.send("Enter")
        try session.waitFor("start a.zip", timeout: 30)
        try session.send("Enter")
        try session.send("Enter")
        try session.waitFor("elapsed 3.0", timeout: 30)
        Thread.sleep(forTimeInterval: 0.5)
        let lines = try session.screen().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.last?.hasPrefix("why-async 1/") == true, "still at part 1: \(lines.suffix(3))")
        let output = lines.drop { !$0.contains("running snippet 1") }.prefix { !$0.hasPrefix("elapsed") }
        #expect(!output.dropFirst().contains(""), "no blank lines echoed into the output: \(Array(output))")
    }

    /// A full-screen editor reads the terminal itself: it must be in the
    /// terminal's foreground process group, in cooked mode, and the shell
    /// must get the terminal back afterwards.
    @Test func anInteractiveEditorOwnsTheTerminal() throws {
        let editor = NSTemporaryDirectory() + "async-tour-tty-editor-" + UUID().uuidString + ".sh"
        try Data(#"""
            #!/bin/sh
            set -- "$1" $(awk '{ print $5, $8 }' /proc/$$/stat)
            if [ "$2" != "$3" ]; then echo "editor: not in the foreground group ($2, $3)"; exit 9; fi
            printf 'editor: type a word: '
            read word
            printf 'print("the editor read %s")\n' "$word" > "$1"
            """#.utf8).write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let session = try TerminalSession([], environment: ["EDITOR": editor])
        try session.waitFor("Press Enter to begin")
        try session.type("goto why-async")
        try session.send("Enter")
        try session.waitFor("Enter reads on")
        try session.type("edit 2")
        try session.send("Enter")
        try session.waitFor("editor: type a word:")
        try session.type("pineapple")
        try session.send("Enter")
        let screen = try session.waitFor("the editor read pineapple", timeout: 30)
        #expect(!screen.contains("not in the foreground"))
        try session.waitFor("elapsed", timeout: 30)
        // The line editor works again: a command typed now runs.
        try session.type("diff 2")
        try session.send("Enter")
        try session.waitFor("+print(\"the editor read pineapple\")")
    }

    static let exerciseChapter = [
        "01-practice.md": """
        # Practice

        Make it fast.

        ```swift exercise time=..0.5
        func nap() async { try? await Task.sleep(for: .milliseconds(300)) }
        await nap()
        await nap()
        print("rested")
        ```

        ```output
        rested
        ```

        ```hint
        Two naps at once take as long as one.
        ```

        ```solution
        func nap() async { try? await Task.sleep(for: .milliseconds(300)) }
        async let a: Void = nap()
        async let b: Void = nap()
        _ = await (a, b)
        print("rested")
        ```
        """,
    ]

    @Test func exerciseFailedHintedFixedCheckedSolved() throws {
        let lessons = try BinaryRunner.fixture(Self.exerciseChapter)
        let editor = NSTemporaryDirectory() + "async-tour-fix-" + UUID().uuidString + ".sh"
        try Data("""
            #!/bin/sh
            cat > "$1" <<'SWIFT'
            func nap() async { try? await Task.sleep(for: .milliseconds(300)) }
            async let first: Void = nap()
            async let second: Void = nap()
            await first
            await second
            print("rested")
            SWIFT

            """.utf8).write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let session = try TerminalSession(["--lessons", lessons], environment: ["EDITOR": editor])
        try session.waitFor("practice 1/")
        try session.send("Enter")
        let goal = try session.waitFor("Goal: make it finish in at most 0.5 s and print the expected output")
        #expect(goal.contains("The expected output:\n  rested"))
        try session.type("check")
        try session.send("Enter")
        var screen = try session.waitFor("goal not met yet", timeout: 30)
        #expect(screen.contains("s too slow"))
        try session.type("solution")
        try session.send("Enter")
        try session.waitFor("You have not met the goal")
        try session.type("hint")
        try session.send("Enter")
        try session.waitFor("Two naps at once take as long as one.")
        try session.type("edit")
        try session.send("Enter")
        screen = try session.waitFor("goal met", timeout: 30)
        #expect(screen.contains("your version of exercise 1"))
        try session.type("solution")
        try session.send("Enter")
        try session.waitFor("_ = await (a, b)")
        try session.type("toc")
        try session.send("Enter")
        try session.waitFor("1/1 solved")
    }

    @Test func startTocRunAndCompletion() throws {
        let session = try TerminalSession([])
        try session.waitFor("Press Enter to begin")
        try session.waitFor("why-async 1/")
        try session.type("toc")
        try session.send("Enter")
        try session.waitFor("1  why-async ")
        try session.type("goto why")
        try session.send("Tab")
        try session.waitFor("goto why-async")
        try session.send("Enter")
        // The first part is longer than 30 lines: the pager asks to read on.
        try session.waitFor("more lines: Enter reads on", timeout: 10)
        try session.send("Enter")
        try session.waitFor("Enter runs snippet 1", timeout: 10)
        try session.type("ru")
        try session.send("Tab")
        try session.waitFor("› run")
        try session.send("Tab")
        try session.send("Tab")
        try session.waitFor("6    7    8    all")
        try session.type("2")
        try session.send("Enter")
        let screen = try session.waitFor("as the chapter expects", timeout: 30)
        #expect(screen.contains("elapsed 1.0"))
        #expect(screen.contains("timeline"))
        #expect(screen.contains("task 3"))
    }

    @Test func ctrlCStopsARunAndLeavesNoChild() throws {
        let lessons = try BinaryRunner.fixture(Self.longChapter)
        let session = try TerminalSession(["--lessons", lessons])
        try session.waitFor("long 1/")
        try session.send("Enter")
        try session.waitFor("Enter runs snippet 1")
        try session.send("Enter")
        // "s working" is the output line (+0.000s working), not the code listing.
        try session.waitFor("s working", timeout: 30)
        Thread.sleep(forTimeInterval: 0.5)
        let shell = try #require(try session.programPID())
        #expect(Self.snippetProcesses(of: shell) == 1)
        try session.send("C-c")
        let screen = try session.waitFor("cancelled after")
        #expect(screen.contains("cancelled after 0.") || screen.contains("cancelled after 1."))
        #expect(!screen.contains("s all done"))
        Thread.sleep(forTimeInterval: 1)
        #expect(Self.snippetProcesses(of: shell) == 0)
        // Ctrl-C at the prompt clears the line; the shell goes on.
        try session.type("junk")
        try session.send("C-c")
        try session.type("run 2")
        try session.send("Enter")
        try session.waitFor("quick")
        #expect(try !session.screen().contains("junkrun"))
    }

    @Test func ctrlDSavesHistoryAndContinueResumes() throws {
        let first = try TerminalSession([])
        try first.waitFor("Press Enter to begin")
        try first.type("goto why-async")
        try first.send("Enter")
        try first.waitFor("more lines: Enter reads on")
        try first.send("Enter")
        try first.waitFor("Enter runs snippet 1")
        try first.type("next")
        try first.send("Enter")
        // Part 2 may fill more than a page: read on to its prompt.
        for _ in 0..<10 where try !first.screen().contains("why-async 2/") {
            if try first.screen().contains("Enter reads on") { try first.send("Enter") }
            Thread.sleep(forTimeInterval: 0.5)
        }
        try first.waitFor("why-async 2/")
        try first.send("C-d")
        #expect(try first.exitStatus() == 0)
        let history = try String(contentsOfFile: first.state + "/async-tour/history", encoding: .utf8)
        #expect(history == "goto why-async\nnext\n")
        let mode = try FileManager.default.attributesOfItem(atPath: first.state + "/async-tour/history")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let second = try TerminalSession([], state: first.state)
        try second.waitFor("Welcome back")
        try second.type("continue")
        try second.send("Enter")
        // The prompt already names the saved place before 'continue' runs:
        // wait for the part it shows (read on if it fills more than a
        // page), then for the editor to read again.
        for _ in 0..<10 where try !second.screen().contains("Enter runs snippet 2") {
            if try second.screen().contains("Enter reads on") { try second.send("Enter") }
            Thread.sleep(forTimeInterval: 0.5)
        }
        try second.waitFor("Enter runs snippet 2")
        Thread.sleep(forTimeInterval: 0.5)
        // History from the first session is there: Up recalls 'continue', then 'next'.
        try second.send("Up")
        try second.send("Up")
        try second.waitFor("› next")
    }

    @Test func sigtermSavesHistoryAndExits() throws {
        let session = try TerminalSession([])
        try session.waitFor("Press Enter to begin")
        try session.type("toc")
        try session.send("Enter")
        try session.waitFor("1  why-async ")
        let pid = try #require(try session.programPID())
        kill(pid, SIGTERM)
        #expect(try session.exitStatus() == 0)
        let history = try String(contentsOfFile: session.state + "/async-tour/history", encoding: .utf8)
        #expect(history == "toc\n")
    }

    /// Snippet programs started by the shell with this pid.
    static func snippetProcesses(of shell: Int32) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard Int(entry) != nil,
                  let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/exe"),
                  exe.hasSuffix("/program"),
                  let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8) else { return false }
            return status.split(separator: "\n").contains { $0 == "PPid:\t\(shell)" }
        }.count
    }
}
