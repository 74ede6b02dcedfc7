import Foundation
import Testing

/// Hostile bytes from chapters, file names, task names and typed input
/// reach the terminal as visible text through every command: only the
/// tour's own colours (SGR) are escape sequences in the output.
@Suite(.serialized) struct TerminalBoundaryTests {
    static let title = "\u{1B}]0;T\u{07}\u{1B}[2J\u{9B}2J\u{202E}"

    /// Every ESC starts an SGR sequence; no other control but newline, no
    /// C1 control, no bidirectional override.
    static func onlySGR(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                guard index + 1 < bytes.count, bytes[index + 1] == 0x5B else { return false }
                var end = index + 2
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x3B { end += 1 }
                guard end < bytes.count, bytes[end] == 0x6D else { return false }
                index = end + 1
                continue
            }
            if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { return false }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return false }
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, (0xAA...0xAE).contains(bytes[index + 2]) { return false }
            index += 1
        }
        return true
    }

    static let colour = ["NO_COLOR": "", "CLICOLOR_FORCE": "1"]

    @Test func listCheckAndLoaderErrorsShowNamesHarmlessly() throws {
        let directory = try BinaryRunner.fixture([
            "01-evil.md": "# Evil \(Self.title) title\n\nText.\n",
            "02-bad.md": "# Bad\n\n```swift \u{1B}[2Jword=\u{1B}]0;T\u{07}\nprint(1)\n```\n",
            "3\n\u{1B}]0;T\u{07}.md": "# Misnamed\n",
        ])
        for environment in [[:], Self.colour] {
            let list = try BinaryRunner.run(["list", "--lessons", directory], environment: environment)
            #expect(list.stdout.contains("Evil"))
            #expect(Self.onlySGR(list.stdout), "\(list.stdout.debugDescription)")
            #expect(Self.onlySGR(list.stderr), "\(list.stderr.debugDescription)")
            let check = try BinaryRunner.run(["check", "--lessons", directory], environment: environment)
            #expect(check.status == 1)
            #expect(Self.onlySGR(check.stdout), "\(check.stdout.debugDescription)")
            #expect(Self.onlySGR(check.stderr), "\(check.stderr.debugDescription)")
            // The file name with a newline stays on its `path: error` line.
            let misnamed = check.stderr.split(separator: "\n").filter { $0.contains("3^J") }
            #expect(misnamed.count == 1, "\(check.stderr.debugDescription)")
            #expect(misnamed.first?.contains("error:") == true)
        }
    }

    @Test func unknownCommandsAndEchoedInputAreHarmless() throws {
        let unknown = try BinaryRunner.run(["x\(Self.title)"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown command 'x"))
        #expect(Self.onlySGR(unknown.stderr), "\(unknown.stderr.debugDescription)")
        let directory = try BinaryRunner.fixture(["01-fine.md": "# Fine \(Self.title)\n\nText.\n"])
        let shell = try BinaryRunner.run(["--lessons", directory], environment: Self.colour,
                                         stdin: "zz\(Self.title)\ngoto \(Self.title)\ntoc\nquit\n", timeout: 120)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout.contains("unknown command 'zz"))
        #expect(Self.onlySGR(shell.stdout), "\(shell.stdout.debugDescription)")
        #expect(Self.onlySGR(shell.stderr), "\(shell.stderr.debugDescription)")
    }

    /// A task's name reaches the `[name]` tags and the timeline's lanes; an
    /// expectation quoting escapes reaches `test`'s failure report.
    @Test func taskNamesAndExpectationFailuresAreHarmless() throws {
        let directory = try BinaryRunner.fixture([
            "01-names.md": """
            # Names

            ```swift
            let task = Task(name: "\\u{1B}]0;T\\u{07}\\u{1B}[2J") { print("inside \\u{1B}[2J") }
            await task.value
            print("outside")
            ```

            ```output
            \u{1B}[31mnot what it prints
            ```

            """,
        ])
        let run = try BinaryRunner.run(["run", "names", "--lessons", directory], environment: Self.colour)
        #expect(run.stdout.contains("outside"), "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("]0;T"), "the name is shown, harmlessly")
        #expect(Self.onlySGR(run.stdout), "\(run.stdout.debugDescription)")
        #expect(Self.onlySGR(run.stderr), "\(run.stderr.debugDescription)")
        let test = try BinaryRunner.run(["test", "names", "--lessons", directory], environment: Self.colour)
        #expect(test.status == 1)
        #expect(test.stdout.contains("not what it prints"))
        #expect(Self.onlySGR(test.stdout), "\(test.stdout.debugDescription)")
        #expect(Self.onlySGR(test.stderr), "\(test.stderr.debugDescription)")
    }
}
