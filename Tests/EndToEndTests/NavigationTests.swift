import Foundation
import Testing

/// The shell's navigation and its honest messages, end to end: piped
/// sessions for what a script sees, tmux for the pager's single keys.
@Suite(.serialized) struct NavigationTests {
    static let chapters = [
        "01-a.md": "# A\n\n```swift\nprint(\"chapter a\", 40 + 1)\n```\n\n```swift\nprint(\"chapter a\", 40 + 2)\n```\n",
        "02-b.md": "# B\n\nText of b.\n\n```swift\nprint(\"chapter b\", 40 + 1)\n```\n\nMore of b.\n\n```swift\nprint(\"chapter b\", 40 + 2)\n```\n\nThe end of b.\n",
    ]

    static func state() -> String { NSTemporaryDirectory() + "async-tour-e2e-state-" + UUID().uuidString }

    /// Issue 10's script: `again` after `goto` runs the snippet it names.
    @Test func againAfterGotoRunsTheSnippetItNames() throws {
        let lessons = try BinaryRunner.fixture(Self.chapters)
        let result = try BinaryRunner.run(["--lessons", lessons], stdin: "goto 1\nrun 1\ngoto 2\nagain\nquit\n", timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let again = result.stdout.components(separatedBy: "› again").last ?? ""
        #expect(again.contains("running snippet 1 of a"))
        #expect(again.contains("chapter a 41"))
        #expect(!again.contains("chapter b 41"))
    }

    @Test func gotoAPartAndBadArgumentsInOneLine() throws {
        let lessons = try BinaryRunner.fixture(Self.chapters)
        let script = "goto b 3\ngoto 2.9\ngoto 0\ngoto bb\ntco\nrun -1\ncheck 1\nrun\nquit\n"
        let result = try BinaryRunner.run(["--lessons", lessons], environment: ["COLUMNS": "200", "LC_ALL": "C"], stdin: script, timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("The end of b."))
        #expect(!out.contains("Text of b."), "part 3 opens without parts 1 and 2")
        #expect(out.contains("b has parts 1-3, not 9: 'goto 2.3' opens its last part"))
        #expect(out.contains("there is no chapter 0: the chapters are 1-2"))
        #expect(out.contains("unknown command 'tco'; did you mean 'toc'?"))
        #expect(out.contains("b has snippets 1-2; there is no snippet -1"))
        #expect(out.contains("b has no exercises."))
        // None of them moved the learner: `run` still runs part 3's snippet, b's second.
        #expect(out.contains("chapter b 42"))
    }

    /// A script leaves the saved place and progress alone, unless asked.
    @Test func aPipedSessionSavesOnlyWhenAsked() throws {
        let lessons = try BinaryRunner.fixture(Self.chapters)
        let state = Self.state()
        let progress = state + "/async-tour/progress.json"
        let piped = try BinaryRunner.run(["--lessons", lessons], environment: ["XDG_STATE_HOME": state],
                                         stdin: "goto 2\nrun 1\nquit\n", timeout: 300)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: progress), "the script wrote the learner's progress")
        let saving = try BinaryRunner.run(["--lessons", lessons, "--save-progress"], environment: ["XDG_STATE_HOME": state],
                                          stdin: "goto 2\nrun 1\nquit\n", timeout: 300)
        #expect(saving.status == 0, "\(saving.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: progress))) as? [String: Any])
        #expect(json["lessonID"] as? String == "b")
        let before = try Data(contentsOf: URL(fileURLWithPath: progress))
        _ = try BinaryRunner.run(["--lessons", lessons], environment: ["XDG_STATE_HOME": state], stdin: "goto 1\nrun 2\nquit\n",
                                 timeout: 300)
        #expect(try Data(contentsOf: URL(fileURLWithPath: progress)) == before, "a later script changed the saved place")
    }

    /// `show` says when `run` would use the learner's copy; the starting
    /// code of a solved exercise is not "goal not met yet".
    @Test func showAndOriginalSayWhatRuns() throws {
        let lessons = try BinaryRunner.fixture(ShellTests.exerciseChapter)
        let editor = NSTemporaryDirectory() + "async-tour-solve-" + UUID().uuidString + ".sh"
        try Data("#!/bin/sh\nprintf 'print(\"rested\")\\n' > \"$1\"\n".utf8)
            .write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let result = try BinaryRunner.run(["--lessons", lessons], environment: ["EDITOR": editor, "COLUMNS": "200"],
                                          stdin: "goto 1\nshow 1\nedit 1\nshow 1\noriginal 1\nquit\n", timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "› ")
        let firstShow = try #require(parts.first { $0.hasPrefix("show 1") })
        #expect(!firstShow.contains("your own version"))
        let secondShow = try #require(parts.last { $0.hasPrefix("show 1") })
        #expect(secondShow.contains("You have your own version of snippet 1, which 'run 1' runs"))
        let edit = try #require(parts.first { $0.hasPrefix("edit 1") })
        #expect(edit.contains("goal met"))
        let original = try #require(parts.first { $0.hasPrefix("original 1") })
        #expect(original.contains("the chapter's version of snippet 1"))
        #expect(!original.contains("goal not met"), "\(original)")
        #expect(original.contains("misses its goal on purpose; you have solved it"))
    }

    /// A chapter whose first part is longer than a screen, with a code
    /// block that would straddle the first page's end.
    static let longChapter: [String: String] = {
        let prose = (1...10).map { "Paragraph line \($0) of the long part." }.joined(separator: "\n\n")
        let code = (1...12).map { "print(\"code line \($0)\")" }.joined(separator: "\n")
        return ["01-long.md": "# Long\n\n\(prose)\n\n```swift\n\(code)\n```\n\nAfter the code.\n\n```swift\nprint(\"second snippet\")\n```\n"]
    }()

    /// Types a command and Enter, and waits for `text`.
    @discardableResult
    static func enter(_ line: String, in session: TerminalSession, until text: String, timeout: Double = 20) throws -> String {
        try session.type(line)
        try session.send("Enter")
        return try session.waitFor(text, timeout: timeout)
    }

    @Test func thePagerTakesSingleKeys() throws {
        let lessons = try BinaryRunner.fixture(Self.longChapter)
        let session = try TerminalSession(["--lessons", lessons])
        try session.waitFor("long 1/")
        try session.send("Enter")
        var screen = try session.waitFor("more lines: Enter reads on")
        #expect(!screen.contains("code line 1\")"), "the code block starts the next page")
        // Space alone, without Enter, reads on.
        try session.send("Space")
        screen = try session.waitFor("code line 12")
        #expect(screen.contains("code line 1\")"), "the whole block on one page")
        // q alone stops; what is typed next is a command of its own.
        try session.resize(columns: 100, rows: 12)
        try Self.enter("goto 1", in: session, until: "more lines: Enter reads on")
        try session.type("q")
        try session.waitFor("long 1/2 ›")
        screen = try Self.enter("run 2", in: session, until: "s second snippet", timeout: 60)
        #expect(!screen.contains("qrun"))
    }

    @Test func ctrlCAndCtrlDAtThePagerStopOnlyThePaging() throws {
        let lessons = try BinaryRunner.fixture(Self.longChapter)
        let session = try TerminalSession(["--lessons", lessons])
        try session.waitFor("long 1/")
        try session.send("Enter")
        try session.waitFor("more lines: Enter reads on")
        try session.send("C-c")
        try session.waitFor("long 1/2 ›")
        #expect(try !session.screen().contains("more lines"), "the prompt is gone")
        try Self.enter("goto 1", in: session, until: "more lines: Enter reads on")
        try session.send("C-d")
        try session.waitFor("long 1/2 ›")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try session.exitStatus(timeout: 0.5) == nil, "Ctrl-D at the pager left the tour")
        // help is paged on a small terminal.
        try session.resize(columns: 100, rows: 20)
        try Self.enter("help", in: session, until: "more lines: Enter reads on")
        try session.send("q")
        try session.send("C-d")
        #expect(try session.exitStatus() == 0)
    }

    /// A returning learner's Enter goes back to their part; `start` begins again.
    @Test func enterContinuesWhereALearnerLeftOff() throws {
        let lessons = try BinaryRunner.fixture(Self.chapters)
        let first = try TerminalSession(["--lessons", lessons])
        try first.waitFor("a 1/")
        try Self.enter("goto b 3", in: first, until: "b 3/3 ›")
        try first.send("C-d")
        #expect(try first.exitStatus() == 0)
        let second = try TerminalSession(["--lessons", lessons], state: first.state)
        try second.waitFor("Press Enter to continue b at part 3 of 3")
        try second.waitFor("b 3/3 ›")
        try second.send("Enter")
        try second.waitFor("The end of b.")
        try Self.enter("start", in: second, until: "a 1/2 ›")
    }

    static let timelineChapter = [
        "01-wide.md": """
        # Wide

        ```swift timeout=30
        await withTaskGroup(of: Void.self) { group in
            for n in 1...3 { group.addTask { try? await Task.sleep(for: .seconds(2)); print("task", n, "done") } }
        }
        ```
        """,
    ]

    /// The report is drawn at the width the terminal has when the run ends.
    @Test func aResizeDuringARunNarrowsTheReport() throws {
        let lessons = try BinaryRunner.fixture(Self.timelineChapter)
        let session = try TerminalSession(["--lessons", lessons])
        try session.waitFor("wide 1/")
        try Self.enter("run 1", in: session, until: "running snippet 1", timeout: 60)
        try session.resize(columns: 60, rows: 30)
        try session.waitFor("elapsed", timeout: 60)
        try session.waitFor("wide 1/1", timeout: 10)
        let lines = try session.printedLines()
        let report = lines.drop { !$0.contains("elapsed") }
        #expect(!report.isEmpty)
        for line in report { #expect(line.count <= 60, "wider than the terminal: \(line)") }
    }
}
