import Foundation
import Testing
@testable import TourKit
@testable import TourTerminal

/// Every byte for the terminal passes one boundary, ``TerminalOutput``, and
/// untrusted text is sanitised where it is shown.
@Suite struct OutputBoundaryTests {
    /// Strings a chapter, a snippet, a file name or a typed line may hold.
    static let hostile = [
        "\u{1B}]0;T\u{07}\u{1B}[2J",          // retitle the window, clear the screen
        "\u{1B}[31mred\u{1B}[0m",             // even colour is not theirs to set
        "\u{9B}2J\u{85}",                     // C1 controls: CSI, NEL
        "abc\u{202E}fed\u{2066}",             // bidirectional override and isolate
        "one\ntwo\rthree\u{7F}\u{0}",         // a newline in a file name, CR, DEL, NUL
    ]

    /// True when every ESC in `text` starts an SGR sequence and no other
    /// control (but newline) is there.
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
            if byte < 0x20, byte != 0x0A { return false }
            if byte == 0x7F { return false }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return false }
            if byte == 0xE2, index + 2 < bytes.count,
               (bytes[index + 1] == 0x80 && (0xAA...0xAE).contains(bytes[index + 2]))
                || (bytes[index + 1] == 0x81 && (0xA6...0xA9).contains(bytes[index + 2])) { return false }
            index += 1
        }
        return true
    }

    static let styles = [TerminalStyle.plain, TerminalStyle(width: 80, color: true, unicode: true)]

    // MARK: The enumeration of output paths

    /// Files allowed to reach standard output or standard error without the
    /// boundary, each with the reason.
    static let allowed: [String: String] = [
        "Sources/TourTerminal/Rendering/TerminalOutput.swift": "the boundary itself",
        "Sources/TourKit/Running/Harness.swift": "compiled into the snippet: its output goes to pipes, read as a transcript and rendered",
        "Sources/TourKit/Repl/ReplHostSource.swift": "compiled into the REPL's host: its output goes to pipes, read as a transcript and rendered",
        "Sources/async-tour-fuzz/FuzzEntry.swift": "the fuzzer's own replay tool for developers, not part of the tour; it prints file names and counts",
        "Sources/async-tour-server/main.swift": "a separate process whose standard output is a pipe to ServerProcess",
        "Sources/CLibEdit/shim.h": "declares the FILE streams for EditorSession",
    ]

    /// Single lines allowed elsewhere: EditorSession hands libedit its FILE
    /// streams (libedit draws only the sanitised prompt and the learner's
    /// typing) and flushes libedit's buffer before writing through the boundary.
    static let allowedLines: [String: [String]] = [
        "Sources/TourTerminal/LineEditor/EditorSession.swift": ["el_init(program, asynctour_stdin(), asynctour_stdout(), asynctour_stderr())",
                                                                "fflush(asynctour_stdout())"],
    ]

    /// Ways to write to fd 1 or 2 other than ``TerminalOutput``.
    static let directWrites: [String] = [
        #"FileHandle\.standard(Output|Error)"#, #"FileHandle\(fileDescriptor: *[12][^0-9]"#,
        #"(^|[^A-Za-z0-9_.])(Swift\.)?(print|debugPrint|dump)\("#,
        #"(^|[^A-Za-z0-9_])(fputs|fwrite|puts|putchar|printf|fprintf|vprintf|vfprintf|dprintf|putc|fputc|perror)\("#,
        #"(^|[^A-Za-z0-9_])(write|writev|pwrite|send)\((1|2|STDOUT_FILENO|STDERR_FILENO) *,"#,
        #"asynctour_std(out|err)"#, #"(fflush|setvbuf|fileno)\( *std(out|err)"#, #""/dev/(tty|stdout|stderr)""#,
    ]

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Reads every source file and fails on a write to the terminal that
    /// does not go through the boundary: a new output path must use
    /// ``TerminalOutput/write(_:to:)`` or be added above with its reason.
    @Test func nothingButTheBoundaryWritesToTheTerminal() throws {
        let root = Self.packageRoot
        let sources = root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { file in [".swift", ".c", ".h"].contains { file.hasSuffix($0) } }
        #expect(files.count > 40, "\(sources.path)")
        let patterns = try Self.directWrites.map { try Regex($0) }
        var offences: [String] = []
        var seenAllowed: Set<String> = []
        for file in files {
            let relative = "Sources/" + file
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.drop { $0 == " " }
                if code.hasPrefix("//") || code.hasPrefix("*") || code.hasPrefix("/*") { continue }
                guard patterns.contains(where: { line.contains($0) }) else { continue }
                if Self.allowed[relative] != nil || (Self.allowedLines[relative] ?? []).contains(where: { line.contains($0) }) {
                    seenAllowed.insert(relative)
                } else {
                    offences.append("\(relative):\(number + 1): \(code)")
                }
            }
        }
        #expect(offences.isEmpty, "write through TerminalOutput.write instead:\n\(offences.joined(separator: "\n"))")
        // The scan sees what it is meant to: the allowed files' own ways out.
        #expect(seenAllowed.contains("Sources/TourKit/Running/Harness.swift"))
        #expect(seenAllowed.contains("Sources/TourTerminal/LineEditor/EditorSession.swift"))
    }

    /// The patterns catch each way out they name.
    @Test func theScanRecognisesDirectWrites() throws {
        let patterns = try Self.directWrites.map { try Regex($0) }
        for line in ["print(x)", "  Swift.print(\"a\", terminator: \"\")", "FileHandle.standardError.write(data)",
                     "_ = Glibc.write(1, p, n)", "fputs(text, stdout)", "dump(value)", "write(STDERR_FILENO, p, n)",
                     "let fd = open(\"/dev/tty\", O_WRONLY)"] {
            #expect(patterns.contains { line.contains($0) }, "\(line)")
        }
        for line in ["ReportRenderer.isStackFrame(x)", "case .stdout: break", "style.paint(text)", "blueprint(x)",
                     "TerminalOutput.write(text)", "let written = write(fd, bytes, count)"] {
            #expect(!patterns.contains { line.contains($0) }, "\(line)")
        }
    }

    // MARK: The boundary

    @Test func theBoundaryKeepsOnlyTheToursOwnSequences() {
        func pass(_ text: String) -> String { String(decoding: TerminalOutput.neutralise(text, unicode: true), as: UTF8.self) }
        // The tour's own: colours, the progress line and the pager.
        for own in ["\u{1B}[1;36mTitle\u{1B}[0m", "\r\u{1B}[Kcompiling 3/9", "\u{1B}[1A\u{1B}[2K", "a\tb\nc", "\u{1B}[m"] {
            #expect(pass(own) == own)
        }
        #expect(pass("\u{1B}]0;T\u{07}\u{1B}[2J") == "␛]0;T^G␛[2J")
        #expect(pass("50%\r100%") == "50%^M100%")
        #expect(pass("\u{1B}[1;2A\u{1B}[10;10H\u{1B}[?1049h") == "␛[1;2A␛[10;10H␛[?1049h")
        #expect(pass("\u{9B}31m \u{202E}x\u{2069}") == "\u{FFFD}31m <U+202E>x<U+2069>")
        #expect(String(decoding: TerminalOutput.neutralise("\u{1B}c\u{7}", unicode: false), as: UTF8.self) == "^[c^G")
        #expect(pass("并发 ✓ café") == "并发 ✓ café")
        for text in Self.hostile { #expect(Self.onlySGR(pass(text))) }
    }

    @Test func promptsKeepOnlyMarkedColours() {
        let marker = String(LineEditor.invisibleMarker)
        let coloured = "\(marker)\u{1B}[1m\(marker)01-intro\(marker)\u{1B}[0m\(marker) › "
        #expect(TerminalOutput.prompt(coloured, unicode: true) == coloured)
        #expect(TerminalOutput.prompt("01-\u{1B}]0;T\u{07}\n › ", unicode: true) == "01-␛]0;T^G^J › ")
        #expect(TerminalOutput.prompt("\(marker)\u{1B}]0;T\u{07}\(marker)x", unicode: false) == "^[]0;T^Gx")
    }

    // MARK: Each presentation path

    @Test func programOutputAndTaskNamesAreHarmless() {
        for style in Self.styles {
            let renderer = ReportRenderer(style: style)
            for text in Self.hostile {
                let lines = [OutputLine(time: 0.1, text: text, source: .print, lane: 1, laneLabel: text),
                             OutputLine(time: 0.2, text: text, source: .stderr, lane: 0)]
                let report = RunReport(ending: .crashed(signal: 4), lines: lines,
                                       lanes: [Lane(label: "main", first: 0, last: 0.2), Lane(label: text, first: 0.1, last: 0.1)],
                                       wall: 0.3)
                let live = renderer.outputLine(lines[0], laneLabel: text)
                #expect(Self.onlySGR(live), "\(live.debugDescription)")
                #expect(live.split(separator: "\n").count == 1, "\(live.debugDescription)")
                let whole = renderer.render(report)
                #expect(Self.onlySGR(whole), "\(whole.debugDescription)")
                let timeline = TimelineRenderer(style: style).render(report)
                #expect(timeline.allSatisfy(Self.onlySGR), "\(timeline)")
                #expect(timeline.count == 4)
            }
        }
    }

    /// The runtime timeline names tasks in its lanes and its thread key; a
    /// forged time far away or NaN lands on a column without trapping.
    @Test func theTraceTimelineIsHarmlessAndBounded() {
        for style in Self.styles {
            for text in Self.hostile + [String(repeating: "n", count: 200_000)] {
                for far in [0.2, 1e300, .nan, .infinity] {
                    let segments = [RuntimeTrace.Segment(state: .running, start: 0, end: 0.1, thread: 1),
                                    RuntimeTrace.Segment(state: .sleeping, start: 0.1, end: far, thread: 1)]
                    let trace = RuntimeTrace(
                        tasks: [.init(id: 1, created: 0, segments: segments, ending: .finished),
                                .init(id: 2, created: 0, segments: segments, ending: .unfinished)],
                        threads: [.init(id: 1, slices: [.init(start: 0, end: far, task: 1, onMain: false)])])
                    var report = RunReport(ending: .exited(code: 0), lines: [OutputLine(time: far, text: "x", source: .print, lane: 1)],
                                           lanes: [Lane(label: "main", first: 0, last: 0.1), Lane(label: text, first: 0, last: far)],
                                           wall: far)
                    report.trace = trace
                    let renderer = TraceTimelineRenderer(style: style)
                    let picture = renderer.render(report) + renderer.renderThreads(report)
                    #expect(picture.allSatisfy(Self.onlySGR), "\(picture)")
                    #expect(picture.allSatisfy { displayWidth($0) <= style.width }, "\(picture)")
                }
            }
        }
    }

    @Test func loaderErrorsKeepTheFileNameOnOneLine() {
        let problem = LessonProblem(path: "/l/03-a\nb\u{1B}]0;T\u{07}.md", line: 4,
                                    message: "unknown fence word '\u{1B}[2Jx'", hint: "see \u{9B}docs")
        let text = ReportRenderer.problem(problem, unicode: false)
        #expect(text == "/l/03-a^Jb^[]0;T^G.md:4: error: unknown fence word '^[[2Jx'\n  hint: see ?docs")
        #expect(Self.onlySGR(text))
    }

    @Test func expectationFailuresQuotingTheChapterAreHarmless() {
        for style in Self.styles {
            for text in Self.hostile {
                let failure = ReportRenderer(style: style).failure("expected line 1 to be '\(text)', got 'x'")
                #expect(Self.onlySGR(failure), "\(failure.debugDescription)")
                #expect(!failure.contains("\u{1B}[31m") || style.color == false)
            }
        }
    }

    @Test func echoedInputAndTitlesAreHarmless() {
        for style in Self.styles {
            let renderer = ReportRenderer(style: style)
            for text in Self.hostile {
                let echo = renderer.echo("› ", text)
                #expect(Self.onlySGR(echo))
                #expect(!echo.contains("\n"))
                #expect(Self.onlySGR(Sanitizer.inline(text, unicode: style.unicode)))
                #expect(!Sanitizer.inline(text, unicode: style.unicode).contains("\n"))
                let heading = MarkdownRenderer(style: style).render([.heading(level: 1, content: [.text(text)], line: 1)])
                #expect(Self.onlySGR(heading))
            }
        }
        let long = ReportRenderer(style: .plain).echo("› ", String(repeating: "x", count: 100_000))
        #expect(long.hasSuffix("... 99360 bytes more"))
    }

    /// The prefix used for capped lines spells text as `inline` does.
    @Test func prefixSpellsAsInline() {
        for text in Self.hostile + ["a\tb\tc", "并发 ✓ e\u{301}"] {
            for unicode in [false, true] {
                let (shown, width, rest) = Sanitizer.prefix(text, unicode: unicode, columns: 1_000)
                #expect(shown == Sanitizer.inline(text, unicode: unicode))
                #expect(width == displayWidth(shown))
                #expect(rest == text.endIndex)
            }
        }
        let (shown, width, rest) = Sanitizer.prefix("ab\u{1B}cd", unicode: true, columns: 3)
        #expect(shown == "ab␛")
        #expect(width == 3)
        #expect(rest == "ab\u{1B}cd".index("ab\u{1B}cd".startIndex, offsetBy: 3))
    }
}
