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
        // toolchain without one falls back to the other checks. A recorded
        // trace without tasks is a program that made none (its top-level
        // code never awaited): its claims are checked against that, so
        // printing the expected output cannot meet "at least 9 tasks".
        if let trace = report.trace {
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
            return compareUnordered(actual: actual, wanted: wanted, pattern: pattern, what: what)
        }
        if matchOrdered(actual[...], wanted[...], pattern: pattern) { return nil }
        let index = Array(zip(actual, wanted)).firstIndex { !LineMatcher(expected: $1, pattern: pattern).matches($0) }
            ?? min(actual.count, wanted.count)
        let expectedLine = index < wanted.count ? "'\(wanted[index])'" : "no more lines"
        let actualLine = index < actual.count ? "'\(actual[index])'" : "no more lines"
        return "\(what) differs at line \(index + 1): expected \(expectedLine), got \(actualLine)\n"
            + "  expected:\n\(indent(wanted.joined(separator: "\n"), by: 4))\n  got:\n\(indent(actual.joined(separator: "\n"), by: 4))"
    }

    /// Groups of lines separated by `---`, each in any order, the groups in
    /// order. Within a group, with `pattern`, a line `...` allows extra
    /// lines in that group.
    private static func compareUnordered(actual: [String], wanted: [String], pattern: Bool, what: String) -> String? {
        var groups: [[String]] = [[]]
        for line in wanted {
            if line == ExpectedLines.groupSeparator {
                groups.append([])
            } else {
                groups[groups.count - 1].append(line == "\\" + ExpectedLines.groupSeparator ? ExpectedLines.groupSeparator : line)
            }
        }
        var position = 0
        var missing: [String] = [], unexpected: [String] = []
        for (number, group) in groups.enumerated() {
            let allowsExtra = pattern && group.contains("...")
            let needed = group.filter { !(pattern && $0 == "...") }
            // A group takes as many lines as it names (more when `...` lets
            // it, up to the next group's first line); the last takes the rest.
            var remaining: [String]
            if number == groups.count - 1 {
                remaining = Array(actual[min(position, actual.count)...])
                position = actual.count
            } else if allowsExtra, let next = groups[number + 1].first(where: { !(pattern && $0 == "...") }) {
                let matcher = LineMatcher(expected: next, pattern: pattern)
                let groupMatchers = needed.map { LineMatcher(expected: $0, pattern: pattern) }
                var end = position
                var found = 0
                while end < actual.count, found < needed.count || !matcher.matches(actual[end]) {
                    if groupMatchers.contains(where: { $0.matches(actual[end]) }) { found += 1 }
                    end += 1
                }
                remaining = Array(actual[min(position, actual.count)..<end])
                position = end
            } else {
                let end = min(actual.count, position + needed.count)
                remaining = Array(actual[min(position, actual.count)..<end])
                position = end
            }
            var groupMissing: [String] = []
            for line in needed {
                let matcher = LineMatcher(expected: line, pattern: pattern)
                if let index = remaining.firstIndex(where: { matcher.matches($0) }) {
                    remaining.remove(at: index)
                } else {
                    groupMissing.append(line)
                }
            }
            missing += groupMissing
            if !allowsExtra { unexpected += remaining }
        }
        if missing.isEmpty, unexpected.isEmpty { return nil }
        var message = groups.count > 1 ? "\(what) differs (each group of lines in any order, the groups in order):"
                                       : "\(what) differs (in any order):"
        if !missing.isEmpty { message += "\n  missing:    " + missing.joined(separator: "\n              ") }
        if !unexpected.isEmpty { message += "\n  unexpected: " + unexpected.joined(separator: "\n              ") }
        if groups.count > 1 { message += "\n  got:\n\(indent(actual.joined(separator: "\n"), by: 4))" }
        return message
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

    static func trimTrailing(_ line: String) -> String {
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
        self.parts = pattern ? Self.parts(of: expected) : [Substring(expected)]
    }

    /// The literal pieces between the wildcards of a pattern line: `...`
    /// is a wildcard, `\\...` three literal dots.
    static func parts(of line: String) -> [Substring] {
        var parts: [Substring] = []
        var current = ""
        var rest = Substring(line)
        while !rest.isEmpty {
            if rest.hasPrefix("\\...") {
                current += "..."
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("...") {
                parts.append(Substring(current))
                current = ""
                rest = rest.dropFirst(3)
            } else {
                current.append(rest.removeFirst())
            }
        }
        parts.append(Substring(current))
        return parts
    }

    func matches(_ line: String, substring: Bool = false) -> Bool {
        guard pattern else { return substring ? line.contains(literal) : line == literal }
        if parts.count == 1 { return substring ? line.contains(parts[0]) : line == parts[0] }
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
