/// Compares a run with what its chapter says about it.
public enum ExpectationChecker {
    /// Every way the run differs from the snippet's expectations; empty when it passes.
    public static func failures(of snippet: Snippet, report: RunReport) -> [String] {
        var failures: [String] = []
        let attributes = snippet.attributes
        switch (attributes.outcome, report.ending) {
        case (_, .unavailable(let reason)):
            return ["could not run: \(reason)"]
        case (.compileFail, .compileFailed(let diagnostics)):
            if let expected = snippet.expectations.diagnostics {
                for line in expected.lines where !line.isEmpty && !diagnostics.contains(line) {
                    failures.append("the compiler did not say: \(line)\n\(indent(diagnostics))")
                }
            }
            return failures
        case (.compileFail, _):
            return ["expected a compile error, but the snippet compiled"]
        case (_, .compileFailed(let diagnostics)):
            return ["the snippet did not compile:\n\(indent(diagnostics))"]
        case (.success, .exited(code: 0)), (.crash, .crashed), (.timesOut, .timedOut):
            break
        case (.crash, .exited(let code)) where code != 0:
            break
        case (.success, .timedOut), (.success, .cancelled):
            // Its time and output are those of a program that never ended.
            return [report.endingSummary ?? "the snippet did not finish"]
        case (.success, _):
            failures.append(report.endingSummary ?? "the snippet failed")
        case (.crash, _):
            failures.append("expected a crash, but \(report.endingSummary ?? "the snippet exited normally")")
        case (.timesOut, _):
            failures.append("expected the snippet to time out, but \(report.endingSummary ?? "it exited normally") after \(format(report.wall)) s")
        }
        if let band = attributes.time, attributes.outcome != .timesOut, !band.contains(report.wall) {
            var message: String
            switch (band.lower, band.upper) {
            case (nil, let upper?): message = "elapsed \(format(report.wall)) s, more than the \(TimeBand.format(upper)) s allowed"
            case (let lower?, nil): message = "elapsed \(format(report.wall)) s, less than the \(TimeBand.format(lower)) s expected"
            default: message = "elapsed \(format(report.wall)) s is outside the band \(band)"
            }
            if let upper = band.upper, report.wall > upper { message += " (\(format(report.wall - upper)) s too slow)" }
            if let lower = band.lower, report.wall < lower { message += " (\(format(lower - report.wall)) s too fast)" }
            failures.append(message)
        }
        if let expected = snippet.expectations.output,
           let problem = compare(actual: report.outputLines, expected: expected, what: "output") {
            failures.append(problem)
        }
        // Claims about the runtime are checked where there is a trace; a
        // toolchain without one falls back to the other checks.
        if let trace = report.trace, report.hasTaskTrace {
            for claim in snippet.expectations.trace {
                if let failure = claim.failure(in: report, trace: trace) { failures.append(failure) }
            }
        }
        if let expected = snippet.expectations.stderr {
            let actual = report.stderrLines
            var position = 0
            for line in expected.lines where !line.isEmpty {
                let matcher = LineMatcher(expected: line, pattern: expected.matching.pattern)
                guard let found = actual[position...].firstIndex(where: { matcher.matches($0, substring: true) }) else {
                    failures.append("standard error does not contain: \(line)\n\(indent(actual.joined(separator: "\n")))")
                    break
                }
                position = found + 1
            }
        }
        return failures
    }

    /// `nil` when `actual` matches; otherwise what differs.
    public static func compare(actual rawActual: [String], expected: ExpectedLines, what: String) -> String? {
        let actual = rawActual.map(trimTrailing)
        let wanted = expected.lines.map(trimTrailing)
        let pattern = expected.matching.pattern
        if expected.matching.unordered {
            var remaining = actual
            var missing: [String] = []
            let allowsExtra = pattern && wanted.contains("...")
            for line in wanted where !(pattern && line == "...") {
                let matcher = LineMatcher(expected: line, pattern: pattern)
                if let index = remaining.firstIndex(where: { matcher.matches($0) }) {
                    remaining.remove(at: index)
                } else {
                    missing.append(line)
                }
            }
            if missing.isEmpty, remaining.isEmpty || allowsExtra { return nil }
            var message = "\(what) differs (in any order):"
            if !missing.isEmpty { message += "\n  missing:    " + missing.joined(separator: "\n              ") }
            if !remaining.isEmpty, !allowsExtra { message += "\n  unexpected: " + remaining.joined(separator: "\n              ") }
            return message
        }
        if matchOrdered(actual[...], wanted[...], pattern: pattern) { return nil }
        let index = Array(zip(actual, wanted)).firstIndex { !LineMatcher(expected: $1, pattern: pattern).matches($0) }
            ?? min(actual.count, wanted.count)
        let expectedLine = index < wanted.count ? "'\(wanted[index])'" : "no more lines"
        let actualLine = index < actual.count ? "'\(actual[index])'" : "no more lines"
        return "\(what) differs at line \(index + 1): expected \(expectedLine), got \(actualLine)\n"
            + "  expected:\n\(indent(wanted.joined(separator: "\n"), by: 4))\n  got:\n\(indent(actual.joined(separator: "\n"), by: 4))"
    }

    private static func matchOrdered(_ actual: ArraySlice<String>, _ wanted: ArraySlice<String>, pattern: Bool) -> Bool {
        guard let first = wanted.first else { return actual.isEmpty }
        if pattern && first == "..." {
            let rest = wanted.dropFirst()
            for start in actual.indices + [actual.endIndex] where matchOrdered(actual[start...], rest, pattern: pattern) {
                return true
            }
            return false
        }
        guard let line = actual.first, LineMatcher(expected: first, pattern: pattern).matches(line) else { return false }
        return matchOrdered(actual.dropFirst(), wanted.dropFirst(), pattern: pattern)
    }

    private static func trimTrailing(_ line: String) -> String {
        var view = Substring(line)
        while let last = view.last, last == " " || last == "\t" || last == "\r" { view.removeLast() }
        return String(view)
    }

    /// Every line of `text` moved right by `spaces`.
    public static func indent(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    static func format(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

/// One expected line; with `pattern`, `...` matches any run of characters.
struct LineMatcher {
    private let parts: [Substring]
    private let literal: String
    private let pattern: Bool

    init(expected: String, pattern: Bool) {
        self.literal = expected
        self.pattern = pattern
        self.parts = expected.split(separator: "...", omittingEmptySubsequences: false)
    }

    func matches(_ line: String, substring: Bool = false) -> Bool {
        guard pattern else { return substring ? line.contains(literal) : line == literal }
        var rest = Substring(line)
        for (index, part) in parts.enumerated() {
            if index == 0 && !substring {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
                continue
            }
            if index == parts.count - 1 && !substring {
                return rest.hasSuffix(part)
            }
            guard let range = rest.firstRange(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return substring || rest.isEmpty
    }
}
