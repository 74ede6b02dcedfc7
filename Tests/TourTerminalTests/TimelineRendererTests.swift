import Testing
import TourKit
@testable import TourTerminal

@Suite struct TimelineRendererTests {
    /// Three one-second downloads, as the harness would record them.
    static func downloads(concurrent: Bool) -> RunReport {
        var lines: [OutputLine] = []
        var lanes: [Lane] = []
        for index in 0..<3 {
            let start = concurrent ? 0.001 : Double(index)
            let lane = concurrent ? index : 0
            if lanes.count <= lane { lanes.append(Lane(label: lane == 0 ? "main" : "task \(lane + 1)", first: start, last: start)) }
            lines.append(OutputLine(time: start, text: "start \(index)", source: .print, lane: lane, thread: 1))
            lines.append(OutputLine(time: start + 1, text: "done \(index)", source: .print, lane: lane, thread: 1))
            lanes[lane].last = start + 1
        }
        return RunReport(ending: .exited(code: 0), lines: lines, lanes: lanes, wall: concurrent ? 1.003 : 3.004,
                         cpu: 0.004, peakMemoryBytes: 9_000_000, threads: 2)
    }

    @Test func concurrentTasksOverlap() {
        let picture = TimelineRenderer(style: .plain).render(Self.downloads(concurrent: true))
        #expect(picture.count == 5)
        #expect(picture[0].hasPrefix("timeline  0s"))
        #expect(picture[0].hasSuffix("1s"))
        let rows = picture[2...]
        #expect(rows.map { String($0.prefix(8)) } == ["main    ", "task 2  ", "task 3  "])
        // Every lane runs from the first column to (nearly) the end: overlap.
        for row in rows {
            let lane = row.dropFirst(10)
            #expect(lane.hasPrefix("o="))
            #expect(lane.hasSuffix("=o"))
            #expect(lane.count >= 60)
        }
        for line in picture { #expect(line.count <= 80, "\(line)") }
    }

    @Test func sequentialWorkIsOneLaneWithMarksSpreadOut() {
        let picture = TimelineRenderer(style: .plain).render(Self.downloads(concurrent: false))
        #expect(picture.count == 3)
        let lane = picture[2].dropFirst(10)
        #expect(lane.filter { $0 == "o" }.count == 4) // 0, 1 (twice), 2 (twice), 3 — coinciding marks merge
        #expect(picture[0].contains("1s") && picture[0].contains("2s") && picture[0].contains("3s"))
    }

    @Test func unicodeAndColour() {
        var style = TerminalStyle.plain
        style.unicode = true
        let unicode = TimelineRenderer(style: style).render(Self.downloads(concurrent: true))
        #expect(unicode[2].contains("●━"))
        #expect(!unicode.joined().contains("\u{1B}"))
        style.color = true
        #expect(TimelineRenderer(style: style).render(Self.downloads(concurrent: true)).joined().contains("\u{1B}["))
    }

    @Test func manyLanesAreSummarised() {
        var report = Self.downloads(concurrent: true)
        report.lanes = (0..<40).map { Lane(label: "task \($0)", first: 0, last: 1) }
        let picture = TimelineRenderer(style: .plain).render(report)
        #expect(picture.last == "... and 16 more tasks not drawn")
    }

    @Test func theAxisIsLabelledToItsEnd() {
        let lines = [OutputLine(time: 0, text: "a", source: .print, lane: 0), OutputLine(time: 0.5, text: "b", source: .print, lane: 0)]
        let report = RunReport(ending: .exited(code: 0), lines: lines, lanes: [Lane(label: "main", first: 0, last: 0.5)], wall: 0.501)
        let header = TimelineRenderer(style: .plain).render(report)[0]
        #expect(header.hasSuffix("0.6s"), "a 0.5 s run at 80 columns has ticks every 0.2 s, and one past its end: \(header)")
        // A run that ends just after a tick is not stretched.
        let long = TimelineRenderer(style: .plain).render(Self.downloads(concurrent: false))[0]
        #expect(long.hasSuffix("3s"), "\(long)")
    }

    @Test func ticksAreRound() {
        #expect(TimelineRenderer.ticks(span: 1.003, width: 70) == [0, 0.25, 0.5, 0.75, 1.0])
        #expect(TimelineRenderer.ticks(span: 3.004, width: 70) == [0, 1, 2, 3])
        #expect(TimelineRenderer.tickLabel(0.5, step: 0.5) == "0.5s")
        #expect(TimelineRenderer.tickLabel(0.75, step: 0.25) == "0.75s")
        #expect(TimelineRenderer.tickLabel(2, step: 1) == "2s")
        #expect(TimelineRenderer.tickLabel(0.02, step: 0.01) == "20ms")
    }
}

@Suite struct ReportRendererTests {
    @Test func summaryLine() {
        var report = TimelineRendererTests.downloads(concurrent: true)
        report.compile = CompileInfo(seconds: 0.523, fromCache: false)
        let line = ReportRenderer(style: .plain).summaryLine(report)
        // 86 columns in one line, so the last part moves to a second line.
        #expect(line == "elapsed 1.003 s | CPU 0.004 s | 2 threads | 8.6 MB peak\ncompiled on demand in 0.52 s")
        var wide = TerminalStyle.plain
        wide.width = 100
        #expect(!ReportRenderer(style: wide).summaryLine(report).contains("\n"))
        report.peakThreads = 6
        #expect(!ReportRenderer(style: wide).summaryLine(report).contains("at peak"), "the runtime's own threads are no news")
        report.peakThreads = 1_003
        #expect(ReportRenderer(style: wide).summaryLine(report).contains("2 threads | 1003 threads at peak"))
    }

    @Test func outputLinesCarryTimestampsAndLanes() {
        let text = ReportRenderer(style: .plain).render(TimelineRendererTests.downloads(concurrent: true))
        #expect(text.contains("+0.001s [main] start 0"))
        #expect(text.contains("+1.001s [task 3] done 2"))
        #expect(text.contains("elapsed 1.003 s"))
        #expect(text.contains("timeline"))
    }

    @Test func endingsAreExplained() {
        var wide = TerminalStyle.plain
        wide.width = 200
        let renderer = ReportRenderer(style: wide)
        let crash = RunReport(ending: .crashed(signal: 5),
                              lines: [OutputLine(time: 0.01, text: "SWIFT TASK CONTINUATION MISUSE: twice() tried to resume its continuation more than once", source: .stderr)])
        #expect(renderer.render(crash).contains("x the snippet crashed (SIGTRAP, a Swift runtime trap): SWIFT TASK CONTINUATION MISUSE"))
        #expect(renderer.render(RunReport(ending: .timedOut(limit: 10), wall: 10)).contains("stopped after 10 s"))
        #expect(renderer.render(RunReport(ending: .cancelled, wall: 2.314)).contains("cancelled after 2.31 s"))
        let failed = renderer.render(RunReport(ending: .compileFailed(diagnostics: "/l/01-x.md:4:1: error: boom \u{1B}[2J")))
        #expect(failed.contains("/l/01-x.md:4:1: error: boom"))
        #expect(!failed.contains("\u{1B}"))
    }

    @Test func longLinesWrapAndStackTracesAreHidden() {
        let renderer = ReportRenderer(style: .plain)
        let long = String(repeating: "word ", count: 30)
        let report = RunReport(ending: .crashed(signal: 4), lines: [
            OutputLine(time: 0.5, text: long, source: .stdout),
            OutputLine(time: 0.5, text: "Fatal error: " + long, source: .stderr),
            OutputLine(time: 0.5, text: "0    libswiftCore.so                    0x00007fa0ddd5f130 swift_reportError + 33", source: .stderr),
            OutputLine(time: 0.5, text: "1    program                            0x00005629139ab434 <unavailable> + 21556", source: .stderr),
        ])
        let text = renderer.render(report)
        for line in text.split(separator: "\n") { #expect(displayWidth(String(line)) <= 80, "\(line)") }
        #expect(text.contains("+0.500s word word"))
        #expect(text.contains("\n        word word"))
        #expect(!text.contains("libswiftCore.so"))
        #expect(text.contains("(2 lines of the runtime's stack trace not shown)"))
        #expect(ReportRenderer.isStackFrame("12   libc.so.6                          0x00007fa0dc74e8ec <unavailable> + 1087724"))
        #expect(!ReportRenderer.isStackFrame("3 tasks done in 0x10 seconds"))
    }

    @Test func indentedOutputKeepsItsIndent() {
        let renderer = ReportRenderer(style: .plain)
        let line = renderer.outputLine(OutputLine(time: 1, text: "  got a body", source: .stdout), laneLabel: nil)
        #expect(line == "+1.000s   got a body")
        #expect(ReportRenderer.wrap("    " + String(repeating: "word ", count: 20), width: 40).first?.hasPrefix("    word") == true)
    }

    @Test func compilerSourceLinesAndCaretsStayAligned() {
        var renderer = ReportRenderer(style: .plain)
        renderer.style.width = 40
        let source = "        let value = someFunctionWithAVeryLongName(argument: 1)"
        let caret = "                    ^"
        let diagnostics = "/tmp/x/01-why-async.md:12:21: error: cannot find 'someFunctionWithAVeryLongName' in scope\n\(source)\n\(caret)"
        renderer.displayPaths = ["/tmp/x/01-why-async.md": "01-why-async.md"]
        let lines = renderer.render(RunReport(ending: .compileFailed(diagnostics: diagnostics), lines: [])).split(separator: "\n").map(String.init)
        #expect(lines.contains("  " + source))
        #expect(lines.contains("  " + caret))
        #expect(lines[1].hasPrefix("  01-why-async.md:12:21: error:"))
        #expect(lines.count > 4, "the message line itself wraps at 40 columns")
    }

    @Test func warningsAreShownWithTheReport() {
        var report = TimelineRendererTests.downloads(concurrent: true)
        report.compile = CompileInfo(seconds: 0.3, fromCache: false,
                                     warnings: "/l/06-pitfalls.md:234:15: warning: immutable value 'saving' was never used\n    async let saving = save()\n              ^~~~~~\n")
        var renderer = ReportRenderer(style: .plain)
        renderer.displayPaths = ["/l/06-pitfalls.md": "06-pitfalls.md"]
        let lines = renderer.render(report, liveOutput: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "the compiler warned (the program built and ran anyway):")
        #expect(lines[1] == "  06-pitfalls.md:234:15: warning: immutable value 'saving' was never used")
        #expect(lines[3] == "                ^~~~~~", "the caret stays under 'saving'")
        #expect(lines[4].hasPrefix("elapsed"))
    }

    @Test func messagesBreakBetweenWords() {
        var renderer = ReportRenderer(style: .plain)
        renderer.style.width = 30
        let text = renderer.fit("no editor found: set VISUAL or EDITOR (e.g. export EDITOR=nano)\nshort")
        #expect(text == "no editor found: set VISUAL or\nEDITOR (e.g. export\nEDITOR=nano)\nshort")
    }

    @Test func longOutputIsCut() {
        var renderer = ReportRenderer(style: .plain)
        renderer.maxLines = 5
        let report = RunReport(ending: .exited(code: 0), lines: (0..<50).map { OutputLine(time: 0, text: "\($0)", source: .stdout) })
        let lines = renderer.outputLines(report)
        #expect(lines.count == 6)
        #expect(lines.last == "... 45 more lines not shown")
    }
}

/// What a rendering in a Chinese session may still spell in Latin letters.
enum ChineseReportCheck {
    /// Runs of three or more ASCII letters in `text`, other than `allowed`
    /// (API names, commands, units, and what the test itself put there).
    static func englishWords(in text: String, allowed: Set<String> = []) -> [String] {
        var words: [String] = [], word = ""
        for character in text + " " {
            if character.isASCII, character.isLetter {
                word.append(character)
                continue
            }
            if word.count >= 3, !allowed.contains(word) { words.append(word) }
            word = ""
        }
        return words
    }

    /// The report of two concurrent downloads, its tasks named in Chinese
    /// (a task's name is the program's, not the tour's).
    static func downloads() -> RunReport {
        var report = TimelineRendererTests.downloads(concurrent: true)
        report.lanes = report.lanes.enumerated().map { index, lane in
            var lane = lane
            if index > 0 { lane.label = "下载 \(index)" }
            return lane
        }
        return report
    }
}

@Suite struct ChineseReportTests {
    /// The report after a run, in a Chinese session: the summary line with
    /// each of its parts, the CPU note, the print timeline and its legend.
    @Test(arguments: [60, 80])
    func theReportSpeaksChinese(width: Int) {
        var report = ChineseReportCheck.downloads()
        report.compile = CompileInfo(seconds: 0.523, fromCache: false)
        report.cpu = 2.5
        report.peakThreads = 1_003
        let style = TerminalStyle(width: width, color: false, unicode: true)
        let text = Language.$scoped.withValue(.simplifiedChinese) {
            let renderer = ReportRenderer(style: style)
            return [renderer.render(report, liveOutput: true), renderer.moreNote(5), renderer.stackFramesNote(3)].joined(separator: "\n")
        }
        for expected in ["耗时 1.003 s", "CPU 2.500 s", "2 个线程", "峰值 1003 个线程", "内存峰值 8.6 MB", "按需编译用时 0.52 s",
                         "CPU 时间高于耗时", "时间线", "● 打印  ━ 从泳道的第一次打印到最后一次", "另有 5 字节未显示", "（运行时的栈回溯共 3 行，未显示）"] {
            #expect(text.contains(expected), "\(expected) in:\n\(text)")
        }
        #expect(ChineseReportCheck.englishWords(in: text, allowed: ["CPU", "main"]) == [], "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= width }, "\(text)")
        // The lanes' labels are padded by display width: every lane starts under the ruler.
        let lines = text.split(separator: "\n").map(String.init)
        let ruler = lines.first { $0.contains("┬") } ?? ""
        let indent = ruler.prefix { $0 == " " }.count
        let lanes = lines.filter { $0.hasPrefix("main") || $0.hasPrefix("下载") }
        #expect(lanes.count == 3)
        for lane in lanes {
            let label = lane.prefix { $0 != "━" && $0 != "●" }
            #expect(displayWidth(String(label)) == indent, "\(lane)")
        }
    }

    /// A chapter's problem, a compile failure, the compiler's warnings and
    /// the lines not shown say themselves in Chinese around what they quote.
    @Test func problemsAndCompileFailuresSpeakChinese() {
        let style = TerminalStyle(width: 80, color: false, unicode: true)
        let (problem, failed, warned, cut) = Language.$scoped.withValue(.simplifiedChinese) {
            let renderer = ReportRenderer(style: style)
            var warned = RunReport(ending: .exited(code: 0), wall: 0.1)
            warned.compile = CompileInfo(seconds: 0.1, fromCache: true, warnings: "x.swift:1:1: warning: unused")
            var renderer2 = renderer
            renderer2.maxLines = 1
            return (ReportRenderer.problem(LessonProblem(path: "04-tasks.md", line: 12, message: "M", hint: "H"), unicode: true),
                    renderer.render(RunReport(ending: .compileFailed(diagnostics: "x.swift:4:1: error: boom"))),
                    renderer.render(warned),
                    renderer2.outputLines(ChineseReportCheck.downloads()).last ?? "")
        }
        #expect(problem == "04-tasks.md:12: 错误：M\n  提示：H")
        #expect(failed.hasPrefix("代码片段未能编译：\n  x.swift:4:1: error: boom"))
        #expect(warned.hasPrefix("编译器给出警告（程序照常构建并运行）：\n  x.swift:1:1: warning: unused"))
        #expect(warned.contains("使用已缓存的构建"))
        #expect(cut == "… 另有 5 行未显示")
    }
}
