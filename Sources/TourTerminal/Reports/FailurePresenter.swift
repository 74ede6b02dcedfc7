public import TourKit

/// Words an ``ExpectationFailure`` for the learner: the one place where
/// what the checker found becomes sentences, for `test`, `run`, the shell
/// and `check`. With a chapter given, its full path in quoted compiler
/// output is shortened to its file name, as the report shows it.
public struct FailurePresenter: Sendable {
    /// The chapter file's full path and the name it is shown by.
    public var shortening: (path: String, name: String)?

    public init(lesson: Lesson? = nil) {
        if let lesson, lesson.path.hasSuffix(".md") { shortening = (lesson.path, lesson.fileName) }
    }

    public func words(_ failure: ExpectationFailure) -> String {
        let text = sentence(failure)
        guard let shortening else { return text }
        return text.replacingOccurrences(of: shortening.path, with: shortening.name)
    }

    private func sentence(_ failure: ExpectationFailure) -> String {
        switch failure {
        case .couldNotRun(let reason):
            return "could not run: \(reason)"
        case .missingDiagnostic(let line, let diagnostics):
            return "the compiler did not say: \(line)\n\(Self.indent(diagnostics))"
        case .compiled:
            return "expected a compile error, but the snippet compiled"
        case .didNotCompile(let diagnostics):
            return "the snippet did not compile:\n\(Self.indent(diagnostics))"
        case .ending(let expected, let summary, let finished, let elapsed):
            switch expected {
            case .success where !finished: return summary ?? "the snippet did not finish"
            case .crash: return "expected a crash, but \(summary ?? "the snippet exited normally")"
            case .timesOut:
                return "expected the snippet to time out, but \(summary ?? "it exited normally") after \(Self.seconds(elapsed)) s"
            case .success, .compileFail: return summary ?? "the snippet failed"
            }
        case .time(let elapsed, let band):
            var message: String
            switch (band.lower, band.upper) {
            case (nil, let upper?): message = "elapsed \(Self.seconds(elapsed)) s, more than the \(TimeBand.format(upper)) s allowed"
            case (let lower?, nil): message = "elapsed \(Self.seconds(elapsed)) s, less than the \(TimeBand.format(lower)) s expected"
            default: message = "elapsed \(Self.seconds(elapsed)) s is outside the band \(band)"
            }
            if let upper = band.upper, elapsed > upper { message += " (\(Self.seconds(elapsed - upper)) s too slow)" }
            if let lower = band.lower, elapsed < lower { message += " (\(Self.seconds(lower - elapsed)) s too fast)" }
            return message
        case .output(let mismatch):
            return Self.words(mismatch, what: "output")
        case .trace(let mismatch):
            switch mismatch.measured {
            case .cpu(let cpu, let elapsed, let above):
                return "CPU time \(Self.seconds(cpu)) s is \(above ? "not above" : "not below") the elapsed "
                    + "\(Self.seconds(elapsed)) s; the chapter expects '\(mismatch.claim)'"
            case .count(let measure, let actual, let cores):
                let coresNote = cores.map { " (cores is \($0) here)" } ?? ""
                // Said as a learner reads the timeline: sleeping counts as
                // suspended, and a task awaiting its children counts too.
                let counted = measure == .suspendedAtOnce ? " (sleeping counts, and so does a task awaiting others)" : ""
                return "\(measure.rawValue): \(actual) in the runtime trace, where the chapter expects \(mismatch.claim)\(coresNote)\(counted)"
            case .threadsBusy(let threads, let seconds, let cores):
                let coresNote = cores.map { " (cores is \($0) here)" } ?? ""
                return "\(threads) or more threads were busy at once for \(Self.seconds(seconds)) s in the runtime trace, "
                    + "where the chapter expects \(mismatch.claim)\(coresNote)"
            }
        case .stderrLacks(let line, let stderr):
            return "standard error does not contain: \(line)\n\(Self.indent(stderr.joined(separator: "\n")))"
        case .startMeetsGoal:
            return "the exercise's starting code already meets its goal"
        case .solutionMisses(let inner):
            return "the solution misses the goal: " + sentence(inner)
        }
    }

    /// How printed lines differ from what was expected; `what` names them
    /// ("output").
    public static func words(_ mismatch: OutputMismatch, what: String) -> String {
        switch mismatch.kind {
        case .ordered(let line, let expected, let actual):
            let expectedLine = expected.map { "'\($0)'" } ?? "no more lines"
            let actualLine = actual.map { "'\($0)'" } ?? "no more lines"
            return "\(what) differs at line \(line): expected \(expectedLine), got \(actualLine)\n"
                + "  expected:\n\(indent(mismatch.expected.joined(separator: "\n"), by: 4))\n"
                + "  got:\n\(indent(mismatch.actual.joined(separator: "\n"), by: 4))"
        case .unordered(let missing, let unexpected, let grouped):
            var message = grouped ? "\(what) differs (each group of lines in any order, the groups in order):"
                                  : "\(what) differs (in any order):"
            if !missing.isEmpty { message += "\n  missing:    " + missing.joined(separator: "\n              ") }
            if !unexpected.isEmpty { message += "\n  unexpected: " + unexpected.joined(separator: "\n              ") }
            if grouped { message += "\n  got:\n\(indent(mismatch.actual.joined(separator: "\n"), by: 4))" }
            return message
        }
    }

    /// Every line of `text` moved right by `spaces`.
    public static func indent(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
