public import TourKit
import Foundation
import Synchronization

/// What `async-tour test` prints: a line per snippet, its failures, and
/// the counts, worded here so the executable only wires.
public struct TestPresenter: Sendable {
    public var style: TerminalStyle
    public var verbose: Bool

    public init(style: TerminalStyle, verbose: Bool) {
        self.style = style
        self.verbose = verbose
    }

    /// The whole report, and whether anything failed. `restricted`: only
    /// some chapters were asked for (load problems of others do not count).
    public func report(_ results: [SnippetTestResult], chapters: Int, elapsed: Double, problems: Int,
                       restricted: Bool) -> (text: String, failed: Bool) {
        let renderer = ReportRenderer(style: style)
        var out = ""
        for result in results {
            let mark = result.skipped != nil ? Self.padded(localized("skip"), to: 4)
                : result.passed ? style.reportGood(Self.padded(localized("ok"), to: 4)) : style.reportBad(Self.padded(localized("FAIL"), to: 4))
            let name = "\(result.lesson.id) #\(result.snippet.number)"
            let padded = name + String(repeating: " ", count: max(1, 24 - displayWidth(name)))
            out += "\(mark) \(padded) \(Self.describe(result))\n"
            for failure in result.failures {
                out += FailurePresenter.indent(Sanitizer.sanitize(FailurePresenter().words(failure), unicode: style.unicode), by: 7) + "\n"
            }
            // The failure already quotes the compiler's errors; the report would repeat them.
            var compiled = true
            if case .compileFailed = result.report.ending { compiled = false }
            if verbose, !result.passed, compiled {
                out += renderer.render(result.report).split(separator: "\n").map { "       " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        let failed = results.filter { !$0.passed }.count
        let skipped = results.filter { $0.skipped != nil }.count
        let checked = results.count, seconds = ReportRenderer.seconds(elapsed, digits: 2)
        out += "\n" + localized("checked \(checked) snippet\(checked == 1 ? "" : "s") in \(chapters) chapter\(chapters == 1 ? "" : "s") in \(seconds) s") + "\n"
        if problems > 0 && !restricted {
            out += localized("\(problems) chapter file(s) could not be loaded (see above)") + "\n"
        }
        let passed = results.count - failed - skipped, failedCount = failed + (!restricted ? problems : 0)
        if skipped > 0 {
            let reasons = Self.skipReasons(results)
            out += localized("\(passed) passed, \(failedCount) failed, \(skipped) skipped (\(reasons))") + "\n"
        } else {
            out += localized("\(passed) passed, \(failedCount) failed") + "\n"
        }
        // Time bands read "0.9–1.2 s": on an ASCII terminal, "0.9-1.2 s".
        return (style.unicode ? out : ASCIIFallback.transliterate(out), failed > 0 || (!restricted && problems > 0))
    }

    /// `text` and spaces to `width` columns: "ok  ", and "通过" as it is.
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    static func skipReasons(_ results: [SnippetTestResult]) -> String {
        let skipped = results.filter { $0.skipped != nil }
        let python = skipped.filter { $0.snippet.language == .python }.count
        let platform = skipped.count - python
        return [platform > 0 ? localized("another platform") : nil, python > 0 ? localized("Python not available") : nil]
            .compactMap { $0 }.joined(separator: localized("; "))
    }

    static func describe(_ result: SnippetTestResult) -> String {
        let snippet = result.snippet
        let report = result.report
        let elapsed = ReportRenderer.seconds(report.wall, digits: 2) + " s"
        if let skipped = result.skipped { return localized("skipped: \(skipped)") }
        if snippet.exercise != nil, result.startMetGoal {
            return localized("exercise: the start already meets the goal (\(elapsed))")
        }
        if case .compileFailed = report.ending, snippet.attributes.outcome != .compileFail {
            return snippet.exercise != nil ? localized("exercise: the solution does not compile") : localized("did not compile")
        }
        if snippet.exercise != nil {
            // Fits 80 columns after the 30 that name the snippet.
            if let band = snippet.attributes.time { return localized("exercise: start fails, solution \(elapsed) (\(band))") }
            return localized("exercise: start fails, solution \(elapsed)")
        }
        switch snippet.attributes.outcome {
        case .compileFail: return "compile_fail"
        case .crash: return "crash (\(elapsed))"
        case .timesOut: return "times_out (\(elapsed))"
        case .success:
            if let band = snippet.attributes.time { return localized("\(elapsed) (band \(band))") }
            return elapsed
        }
    }
}

/// "1 snippet", "2 snippets".
public func plural(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}

/// A one-line progress indicator on stderr, redrawn in place on a terminal.
public final class ProgressIndicator: Sendable {
    private let enabled: Bool
    private let lastDraw = Mutex<Double>(0)

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    public func update(_ progress: TestProgress) {
        guard enabled else { return }
        let text: String
        switch progress {
        case .compiling(let done, let total): text = localized("compiling snippets \(done)/\(total)")
        case .running(let done, let total, _): text = localized("running snippets \(done)/\(total)")
        }
        let now = Date().timeIntervalSince1970
        let draw = lastDraw.withLock { last -> Bool in
            guard now - last > 0.1 else { return false }
            last = now
            return true
        }
        if draw { TerminalOutput.write("\r\u{1B}[K\(text)", to: .standardError) }
    }

    public func clear() {
        guard enabled else { return }
        TerminalOutput.write("\r\u{1B}[K", to: .standardError)
    }
}
