public import TourKit
import Synchronization

/// Shows a chapter and runs its snippets in order, non-interactively: the
/// text up to a snippet, the snippet, its live output, then its report.
/// Every string it makes is harmless for the terminal: program output,
/// task names and the chapter's expectations quoted in a failure go through
/// ``Sanitizer``; `write` should be the boundary, ``TerminalOutput/write(_:to:)``.
public struct LessonPlayer: Sendable {
    public var runner: SnippetRunner
    public var write: @Sendable (String) -> Void
    /// After each report, the thread view of the runtime timeline too.
    public var showThreads = false
    /// The style at the moment of drawing. The terminal can change size
    /// while a program runs, so every piece (each live output line, the
    /// report, the timeline, the verdict) asks for it when it is drawn and
    /// is drawn at the width the terminal has then.
    public var currentStyle: @Sendable () -> TerminalStyle

    /// The style now; setting it fixes the style for good (tests, pipes).
    public var style: TerminalStyle {
        get { currentStyle() }
        set { currentStyle = { newValue } }
    }

    public init(runner: SnippetRunner, style: TerminalStyle, write: @escaping @Sendable (String) -> Void) {
        self.init(runner: runner, currentStyle: { style }, write: write)
    }

    /// `currentStyle` is asked each time something is drawn: pass the
    /// terminal's style as detected then.
    public init(runner: SnippetRunner, currentStyle: @escaping @Sendable () -> TerminalStyle,
                write: @escaping @Sendable (String) -> Void) {
        self.runner = runner
        self.currentStyle = currentStyle
        self.write = write
    }

    /// Plays the chapter, or only snippet `only`. Returns whether every
    /// snippet behaved as the chapter expects.
    public func play(_ lesson: Lesson, only: Int? = nil) async -> Bool {
        if let only, let snippet = lesson.snippet(only) {
            write(MarkdownRenderer(style: style).render([.code(info: snippet.language.rawValue, text: snippet.code, line: snippet.fenceLine)]) + "\n")
            return await runAndReport(snippet, in: lesson).passed
        }
        var allPassed = true
        var reports: [Int: RunReport] = [:]
        for step in lesson.steps {
            let rendered = MarkdownRenderer(style: style).render(step.blocks)
            if !rendered.isEmpty { write(rendered + "\n") }
            if let snippet = step.snippet {
                let (passed, report) = await runAndReport(snippet, in: lesson)
                if !passed { allPassed = false }
                if Task.isCancelled { return false }
                reports[snippet.number] = report
                // Once both halves of a pair have run, they are compared.
                if let pair = lesson.pair(of: snippet.number), let python = reports[pair.python.number],
                   let swift = reports[pair.swift.number] {
                    writeComparison(pair, python: python, swift: swift)
                }
            }
        }
        return allPassed
    }

    /// The comparison of a pair that has run: figures and both timelines.
    public func writeComparison(_ pair: (python: Snippet, swift: Snippet), python: RunReport, swift: RunReport) {
        let style = self.style
        let (pythonNumber, swiftNumber) = (pair.python.number, pair.swift.number)
        guard let lines = ComparisonRenderer(style: style).render(
            python: python, pythonLabel: localized("Python snippet \(pythonNumber)"),
            swift: swift, swiftLabel: localized("Swift snippet \(swiftNumber)")) else { return }
        write(lines.joined(separator: "\n") + "\n\n")
    }

    /// Runs one snippet with its output shown live, then the report and the
    /// verdict against the chapter's expectations.
    /// `label` names what runs, e.g. "your version of snippet 2"; `check`
    /// compares the run with the chapter's expectations.
    @discardableResult
    public func runAndReport(_ snippet: Snippet, in lesson: Lesson, label: String? = nil,
                             check: Bool = true) async -> (passed: Bool, report: RunReport) {
        let opening = self.style
        let displayPaths = lesson.path.hasSuffix(".md") ? [lesson.path: lesson.fileName] : [:]
        let currentStyle = self.currentStyle
        let renderer = { @Sendable in
            var renderer = ReportRenderer(style: currentStyle())
            renderer.displayPaths = displayPaths
            return renderer
        }
        let number = snippet.number, chapter = Sanitizer.inline(lesson.id, unicode: opening.unicode)
        let what = label ?? localized("snippet \(number) of \(chapter)")
        // Snippets that differ only in how they are compiled say so as they run.
        let settings = Self.compilerSettings(snippet.attributes)
        let listed = Sanitizer.inline(settings.joined(separator: ", "), unicode: opening.unicode)
        let compiled = settings.isEmpty ? "" : localized(" (\(listed))")
        write("\n" + opening.reportDim(opening.marks.running + " " + localized("running \(what)\(compiled)") + opening.marks.ellipsis) + "\n")
        let write = self.write
        let frames = FrameCounter()
        let report = await runner.run(snippet, in: lesson) { line in
            // The runtime's stack trace after a fatal error is noise here.
            if line.source == .stderr, ReportRenderer.isStackFrame(line.text) {
                frames.add()
                return
            }
            let tag = line.laneLabel.flatMap { $0 == "main" ? nil : $0 }
            write(renderer().outputLine(line, laneLabel: tag) + "\n")
        }
        // The terminal may have been resized while the program ran.
        let final = renderer()
        if frames.count > 0 { write(final.stackFramesNote(frames.count) + "\n") }
        write(final.render(report, liveOutput: true) + "\n")
        if showThreads {
            let threads = TraceTimelineRenderer(style: final.style).renderThreads(report)
            if !threads.isEmpty { write("\n" + threads.joined(separator: "\n") + "\n") }
        }
        // A run the learner stopped says so in its report; there is nothing to judge.
        if report.ending == .cancelled {
            write("\n")
            return (false, report)
        }
        guard check else {
            write("\n")
            return (report.ending.isSuccess, report)
        }
        let failures = shownFailures(of: snippet, in: lesson, report: report)
        let style = final.style
        if snippet.exercise != nil {
            // The starting code of an exercise is meant to miss its goal.
            write(exerciseVerdict(failures, style: style) + "\n\n")
            return (true, report)
        }
        if failures.isEmpty {
            if snippet.attributes.outcome != .success || !snippet.expectations.isEmpty || snippet.attributes.time != nil {
                write(style.reportGood(style.marks.passed + " " + verdict(snippet, report: report, style: style)) + "\n")
            }
        } else {
            write(style.reportBad(style.marks.failed + " " + localized("not what the chapter expects:")) + "\n")
            for failure in failures { write(final.failure(failure) + "\n") }
        }
        write("\n")
        return (failures.isEmpty, report)
    }

    /// How a run that was just shown misses its expectations. Compiler
    /// errors are already on screen with the report, so they are not
    /// repeated.
    /// Paths are shortened as in the report: the chapter by its file name.
    public func shownFailures(of snippet: Snippet, in lesson: Lesson, report: RunReport) -> [String] {
        if case .compileFailed = report.ending, snippet.attributes.outcome != .compileFail {
            let mode = snippet.attributes.mode.rawValue
            return [localized("it does not compile in Swift \(mode) mode: see the errors above")]
        }
        let presenter = FailurePresenter(lesson: lesson)
        return ExpectationChecker.failures(of: snippet, report: report).map(presenter.words)
    }

    /// How a snippet is compiled, where that is not the chapter's default:
    /// `isolation=MainActor`, `upcoming=…`, `sanitize=thread`, `optimize`,
    /// a Swift 5 language mode.
    static func compilerSettings(_ attributes: SnippetAttributes) -> [String] {
        var settings: [String] = []
        if attributes.mode != .swift6 {
            let mode = attributes.mode.rawValue
            settings.append(localized("Swift \(mode) mode"))
        }
        if let isolation = attributes.defaultIsolation { settings.append("isolation=\(isolation)") }
        if !attributes.upcomingFeatures.isEmpty { settings.append("upcoming=" + attributes.upcomingFeatures.joined(separator: ",")) }
        if let sanitizer = attributes.sanitizer { settings.append("sanitize=\(sanitizer)") }
        if attributes.optimize { settings.append("optimize") }
        return settings
    }

    /// "goal met", or which goal failed and by how much.
    public func exerciseVerdict(_ failures: [String]) -> String {
        exerciseVerdict(failures, style: style)
    }

    private func exerciseVerdict(_ failures: [String], style: TerminalStyle) -> String {
        if failures.isEmpty { return style.reportGood(style.marks.passed + " " + localized("goal met")) }
        var text = style.paint(style.marks.pending + " " + localized("goal not met yet:"), "33")
        let renderer = ReportRenderer(style: style)
        for failure in failures { text += "\n" + renderer.failure(failure) }
        return text
    }

    private func verdict(_ snippet: Snippet, report: RunReport, style: TerminalStyle) -> String {
        switch snippet.attributes.outcome {
        case .compileFail: return localized("fails to compile, as the chapter expects")
        case .crash:
            // A `crash` snippet may also end with a failing status
            // (ThreadSanitizer's 66): said as it happened.
            if case .exited(let code) = report.ending { return localized("fails with exit status \(code), as the chapter expects") }
            return localized("crashes, as the chapter expects")
        case .timesOut: return localized("never finishes, as the chapter expects")
        case .success:
            if let band = snippet.attributes.time {
                let shown = band.description.replacingOccurrences(of: "–", with: style.marks.rangeDash)
                return localized("as the chapter expects (\(shown))")
            }
            return localized("as the chapter expects")
        }
    }
}

/// Counts what the live output skipped, from the child's reader thread.
final class FrameCounter: Sendable {
    private let value = Mutex(0)

    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
