/// Compares a run with what its chapter says about it.
public enum ExpectationChecker {
    /// Every way the run differs from the snippet's expectations; empty when it passes.
    public static func failures(of snippet: Snippet, report: RunReport) -> [ExpectationFailure] {
        var failures: [ExpectationFailure] = []
        let attributes = snippet.attributes
        let ending = ExpectationFailure.ending(expected: attributes.outcome, summary: report.endingSummary,
                                               finished: true, elapsed: report.wall)
        switch (attributes.outcome, report.ending) {
        case (_, .unavailable(let reason)):
            return [.couldNotRun(reason: reason)]
        case (.compileFail, .compileFailed(let diagnostics)):
            if let expected = snippet.expectations.diagnostics {
                for line in expected.lines where !line.isEmpty && !diagnostics.contains(line) {
                    failures.append(.missingDiagnostic(line, diagnostics: diagnostics))
                }
            }
            return failures
        case (.compileFail, _):
            return [.compiled]
        case (_, .compileFailed(let diagnostics)):
            return [.didNotCompile(diagnostics: diagnostics)]
        case (.success, .exited(code: 0)), (.crash, .crashed), (.timesOut, .timedOut):
            break
        case (.crash, .exited(let code)) where code != 0:
            break
        case (.success, .timedOut), (.success, .cancelled):
            // Its time and output are those of a program that never ended.
            return [.ending(expected: .success, summary: report.endingSummary, finished: false, elapsed: report.wall)]
        case (.success, _), (.crash, _), (.timesOut, _):
            failures.append(ending)
        }
        if let band = attributes.time, attributes.outcome != .timesOut, !band.contains(report.wall) {
            failures.append(.time(elapsed: report.wall, band: band))
        }
        if let expected = snippet.expectations.output,
           let mismatch = mismatch(actual: report.outputLines, expected: expected) {
            failures.append(.output(mismatch))
        }
        // Claims about the runtime are checked where there is a trace; a
        // toolchain without one falls back to the other checks. A recorded
        // trace without tasks is a program that made none (its top-level
        // code never awaited): its claims are checked against that, so
        // printing the expected output cannot meet "at least 9 tasks".
        if let trace = report.trace {
            for claim in snippet.expectations.trace {
                if let mismatch = claim.failure(in: report, trace: trace) { failures.append(.trace(mismatch)) }
            }
        }
        if let expected = snippet.expectations.stderr {
            let actual = report.stderrLines
            var position = 0
            for line in expected.lines where !line.isEmpty {
                let matcher = LineMatcher(expected: line, pattern: expected.matching.pattern)
                guard let found = actual[position...].firstIndex(where: { matcher.matches($0, substring: true) }) else {
                    failures.append(.stderrLacks(line, stderr: actual))
                    break
                }
                position = found + 1
            }
        }
        return failures
    }

    /// `nil` when `actual` matches; otherwise how it differs.
    public static func mismatch(actual rawActual: [String], expected: ExpectedLines) -> OutputMismatch? {
        let actual = rawActual.map(trimTrailing)
        let wanted = expected.lines.map(trimTrailing)
        let pattern = expected.matching.pattern
        if expected.matching.unordered {
            return compareUnordered(actual: actual, wanted: wanted, pattern: pattern)
        }
        if matchOrdered(actual[...], wanted[...], pattern: pattern) { return nil }
        let index = Array(zip(actual, wanted)).firstIndex { !LineMatcher(expected: $1, pattern: pattern).matches($0) }
            ?? min(actual.count, wanted.count)
        return OutputMismatch(kind: .ordered(line: index + 1, expected: index < wanted.count ? wanted[index] : nil,
                                             actual: index < actual.count ? actual[index] : nil),
                              expected: wanted, actual: actual)
    }

    /// Groups of lines separated by `---`, each in any order, the groups in
    /// order. Within a group, with `pattern`, a line `...` allows extra
    /// lines in that group.
    private static func compareUnordered(actual: [String], wanted: [String], pattern: Bool) -> OutputMismatch? {
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
        return OutputMismatch(kind: .unordered(missing: missing, unexpected: unexpected, grouped: groups.count > 1),
                              expected: wanted, actual: actual)
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
