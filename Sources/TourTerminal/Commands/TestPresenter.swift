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
            let mark = result.skipped != nil ? "skip" : result.passed ? style.reportGood("ok  ") : style.reportBad("FAIL")
            let name = "\(result.lesson.id) #\(result.snippet.number)"
            let padded = name + String(repeating: " ", count: max(1, 24 - name.count))
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
        out += "\nchecked \(plural(results.count, "snippet")) in \(plural(chapters, "chapter")) in \(ReportRenderer.seconds(elapsed, digits: 2)) s\n"
        if problems > 0 && !restricted {
            out += "\(problems) chapter file(s) could not be loaded (see above)\n"
        }
        out += "\(results.count - failed - skipped) passed, \(failed + (!restricted ? problems : 0)) failed"
            + (skipped > 0 ? ", \(skipped) skipped (\(Self.skipReasons(results)))\n" : "\n")
        // Time bands read "0.9–1.2 s": on an ASCII terminal, "0.9-1.2 s".
        return (style.unicode ? out : ASCIIFallback.transliterate(out), failed > 0 || (!restricted && problems > 0))
    }

    static func skipReasons(_ results: [SnippetTestResult]) -> String {
        let skipped = results.filter { $0.skipped != nil }
        let python = skipped.filter { $0.snippet.language == .python }.count
        let platform = skipped.count - python
        return [platform > 0 ? "another platform" : nil, python > 0 ? "Python not available" : nil]
            .compactMap { $0 }.joined(separator: "; ")
    }

    static func describe(_ result: SnippetTestResult) -> String {
        let snippet = result.snippet
        let report = result.report
        let elapsed = ReportRenderer.seconds(report.wall, digits: 2) + " s"
        if let skipped = result.skipped { return "skipped: \(skipped)" }
        if snippet.exercise != nil, result.startMetGoal {
            return "exercise: the start already meets the goal (\(elapsed))"
        }
        if case .compileFailed = report.ending, snippet.attributes.outcome != .compileFail {
            return snippet.exercise != nil ? "exercise: the solution does not compile" : "did not compile"
        }
        if snippet.exercise != nil {
            // Fits 80 columns after the 30 that name the snippet.
            let band = snippet.attributes.time.map { " (\($0))" } ?? ""
            return "exercise: start fails, solution \(elapsed)\(band)"
        }
        switch snippet.attributes.outcome {
        case .compileFail: return "compile_fail"
        case .crash: return "crash (\(elapsed))"
        case .timesOut: return "times_out (\(elapsed))"
        case .success:
            if let band = snippet.attributes.time { return "\(elapsed) (band \(band))" }
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
        case .compiling(let done, let total): text = "compiling snippets \(done)/\(total)"
        case .running(let done, let total, _): text = "running snippets \(done)/\(total)"
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
