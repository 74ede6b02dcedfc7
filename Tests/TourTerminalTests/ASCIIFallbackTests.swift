import Foundation
import Synchronization
import Testing
import TourKit
@testable import TourTerminal

/// Under `LANG=C` or `TERM=dumb` every byte the tour writes of its own is
/// ASCII. The reports here are made of ASCII program text, so any byte of
/// 0x80 or more in what is drawn is the tour's own.
@Suite struct ASCIIFallbackTests {
    static let widths = [40, 80, 200]

    func style(_ width: Int) -> TerminalStyle { TerminalStyle(width: width, color: false, unicode: false) }

    static func segment(_ state: RuntimeTrace.State, _ start: Double, _ end: Double) -> RuntimeTrace.Segment {
        RuntimeTrace.Segment(state: state, start: start, end: end, thread: state == .running ? 1 : nil)
    }

    /// Thirty tasks in every state, more threads than are drawn, long
    /// names, 250 lines of which one was cut: every "more ... not shown" path.
    static func busyReport() -> RunReport {
        let segments: [RuntimeTrace.Segment] = [segment(.waiting, 0, 0.1), segment(.running, 0.1, 0.3),
                                                segment(.sleeping, 0.3, 0.6), segment(.suspended, 0.6, 0.9)]
        let tasks: [RuntimeTrace.TaskLife] = (0..<30).map { (index: Int) -> RuntimeTrace.TaskLife in
            let ending: RuntimeTrace.Ending = index % 2 == 0 ? .finished : .unfinished
            return RuntimeTrace.TaskLife(id: UInt64(index + 1), created: 0, segments: segments, ending: ending)
        }
        let threads = (0..<30).map { index in
            RuntimeTrace.ThreadLife(id: UInt64(100 + index), slices: [
                RuntimeTrace.Slice(start: 0, end: 0.5, task: index, onMain: index == 0),
                RuntimeTrace.Slice(start: 0.4, end: 0.6, task: nil, onMain: false),
                RuntimeTrace.Slice(start: 0.4, end: 0.6, task: (index + 1) % 30, onMain: false),
            ])
        }
        let lanes = (0..<30).map { Lane(label: $0 == 0 ? "main" : "a task with a very long name number \($0)", first: 0, last: 0.9) }
        var lines = (0..<250).map { OutputLine(time: Double($0) / 300, text: "line \($0) " + String(repeating: "ab ", count: 40),
                                               source: $0 % 7 == 0 ? .stderr : .print, lane: $0 % 30) }
        lines[3].droppedBytes = 5000
        lines.append(OutputLine(time: 0.8, text: "3  libswiftCore.so  0x00007f  swift_fatal", source: .stderr))
        var report = RunReport(ending: .exited(code: 0), lines: lines, lanes: lanes, wall: 0.95, cpu: 1.9,
                               peakMemoryBytes: 40 << 20, threads: 3, peakThreads: 40,
                               compile: CompileInfo(seconds: 1.5, fromCache: false, warnings: "main.swift:1:5: warning: unused",
                                                    notice: "the cached program did not match its digest; built again"))
        report.trace = RuntimeTrace(tasks: tasks, threads: threads)
        return report
    }

    /// Every way a run can end, each with a compile record and a line.
    static func endings() -> [RunReport] {
        let endings: [RunEnding] = [.exited(code: 0), .exited(code: 3), .crashed(signal: 6), .crashed(signal: 11),
                                    .timedOut(limit: 2), .cancelled, .outputLimit(bytes: 4 << 20),
                                    .memoryLimit(bytes: 1 << 30), .compileFailed(diagnostics: """
                                        /lessons/01-x.md:3:7: error: cannot find 'x' in scope
                                          print(x)
                                                ^
                                        """), .unavailable("the lesson server did not start")]
        var reports = endings.map { ending in
            RunReport(ending: ending, lines: [OutputLine(time: 0.1, text: "hello", source: .print, lane: 0)],
                      lanes: [Lane(label: "main", first: 0, last: 0.1)], wall: 0.2, cpu: 0.1, threads: 1,
                      compile: CompileInfo(seconds: 0.3, fromCache: true))
        }
        var early = RunReport(ending: .cancelled)
        early.cancelledBeforeStart = true
        reports.append(early)
        var noTrace = reports[0]
        noTrace.traceNote = "the runtime trace is not available with this toolchain"
        reports.append(noTrace)
        return reports
    }

    func expectASCII(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter { $0.value >= 0x80 }
        #expect(bad.isEmpty, "\(what): \(String(String.UnicodeScalarView(bad.prefix(5))))", sourceLocation: sourceLocation)
    }

    @Test(arguments: widths)
    func reportsAndTimelines(width: Int) {
        let style = style(width)
        var renderer = ReportRenderer(style: style)
        renderer.displayPaths = ["/lessons/01-x.md": "01-x.md"]
        for report in [Self.busyReport()] + Self.endings() {
            expectASCII(renderer.render(report), "report at \(width)")
            expectASCII(renderer.render(report, liveOutput: true), "live report at \(width)")
            expectASCII(TraceTimelineRenderer(style: style).render(report).joined(separator: "\n"), "trace timeline")
            expectASCII(TraceTimelineRenderer(style: style).renderThreads(report).joined(separator: "\n"), "thread view")
            expectASCII(TimelineRenderer(style: style).render(report).joined(separator: "\n"), "print timeline")
            for line in report.lines { expectASCII(renderer.outputLine(line, laneLabel: "a task with a very long name"), "line") }
        }
        expectASCII(renderer.stackFramesNote(12), "stack note")
        expectASCII(renderer.fit("tasks has snippets 1…19; there is no snippet 99 – try 'goto 4.19' · or ← back"), "a shell message")
        expectASCII(renderer.echo("› ", String(repeating: "typed ", count: 500)), "echo")
        expectASCII(renderer.echo("swift› ", "print(1)"), "REPL echo")
        if let trace = Self.busyReport().trace { expectASCII(TraceTimelineRenderer.counts(trace, unicode: false), "counts") }
    }

    @Test func verdictsAndFailures() {
        // Nothing runs: the compiler is never asked.
        let compiler = SnippetCompiler(toolchain: Toolchain(swiftc: "/nonexistent/swiftc", version: "none"),
                                       cacheDirectory: NSTemporaryDirectory(), environment: [:])
        let player = LessonPlayer(runner: SnippetRunner(compiler: compiler, environment: [:]), style: style(80), write: { _ in })
        var snippet = Snippet(number: 1, code: "print(1)", fenceLine: 3)
        snippet.attributes.time = TimeBand(lower: 0.9, upper: 1.2)
        snippet.expectations.output = ExpectedLines(lines: ["one", "two"], line: 5)
        let lesson = Lesson(id: "x", number: 1, title: "X", path: "/lessons/01-x.md", blocks: [], snippets: [snippet])
        for report in Self.endings() + [Self.busyReport()] {
            let failures = player.shownFailures(of: snippet, in: lesson, report: report)
            #expect(!failures.isEmpty)
            expectASCII(player.exerciseVerdict(failures), "exercise verdict")
            for failure in failures { expectASCII(ReportRenderer(style: style(80)).failure(failure), "failure") }
        }
        expectASCII(player.exerciseVerdict([]), "goal met")
    }

    @Test(arguments: widths)
    func contentsAndChapters(width: Int) throws {
        let lessons = ContentsRendererTests.course
        try #require(!lessons.isEmpty)
        var progress = ContentsRendererTests.progress()
        progress.visited.insert(lessons[1].id)
        expectASCII(ContentsRenderer(style: style(width)).render(lessons, progress: progress, here: lessons[1].id), "toc")
        // A chapter's prose is the tour's text; its code is the program's and stays as written.
        for lesson in lessons {
            let prose = lesson.blocks.filter { if case .code = $0 { false } else { true } }
            expectASCII(MarkdownRenderer(style: style(width)).render(prose), "\(lesson.fileName) at \(width)")
        }
    }

    @Test func theFallbackSpellsTheTimelineGlyphsAsTheTimelineDraws() {
        let glyphs = TraceTimelineRenderer.Glyphs(unicode: false)
        #expect(ASCIIFallback.transliterate("a `●` where it printed, `┈` sleeping, `█` running, `░` waiting")
                == "a `\(glyphs.print)` where it printed, `\(glyphs.sleeping)` sleeping, `\(glyphs.running)` running, `\(glyphs.waiting)` waiting")
        #expect(ASCIIFallback.transliterate("Task { … } – then") == "Task { ... } - then")
        #expect(ASCIIFallback.transliterate("plain") == "plain")
    }
}

/// The terminal resized while a program runs: what is drawn after the resize
/// is drawn at the new width.
@Suite(.serialized) struct ResizeDuringRunTests {
    @Test func linesAndReportFollowTheWidthOfTheMoment() async throws {
        let cache = NSTemporaryDirectory() + "async-tour-resize-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let environment = ProcessInfo.processInfo.environment
        let toolchain = try await Toolchain.discover(environment: environment, cacheDirectory: cache)
        let runner = SnippetRunner(compiler: SnippetCompiler(toolchain: toolchain, cacheDirectory: cache, environment: environment),
                                   environment: environment)
        let width = Mutex(60)
        let written = Mutex<[String]>([])
        // The terminal grows to 160 columns as soon as the run starts.
        let player = LessonPlayer(runner: runner, currentStyle: {
            TerminalStyle(width: width.withLock { $0 }, color: false, unicode: false)
        }, write: { text in
            written.withLock { $0.append(text) }
            if text.contains("running") { width.withLock { $0 = 160 } }
        })
        let long = String(repeating: "0123456789", count: 12)
        let snippet = Snippet(number: 1, code: "print(\"\(long)\")", fenceLine: 0)
        let lesson = Lesson(id: "resize", number: 1, title: "Resize", path: "/tmp/resize.md", blocks: [], snippets: [snippet])
        let (_, report) = await player.runAndReport(snippet, in: lesson, check: false)
        try #require(report.ending == .exited(code: 0), "\(report.ending)")
        let lines = written.withLock { $0 }.joined().split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains(long) }, "the 120-column line is not wrapped at the old 60 columns")
        #expect(lines.contains { displayWidth($0) > 100 && $0.hasPrefix("timeline") },
                "the timeline is drawn across the new width")
    }
}
