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
            return localized("could not run: \(reason)")
        case .missingDiagnostic(let line, let diagnostics):
            let quoted = Self.indent(diagnostics)
            return localized("the compiler did not say: \(line)\n\(quoted)")
        case .compiled:
            return localized("expected a compile error, but the snippet compiled")
        case .didNotCompile(let diagnostics):
            let quoted = Self.indent(diagnostics)
            return localized("the snippet did not compile:\n\(quoted)")
        case .ending(let expected, let summary, let finished, let elapsed):
            switch expected {
            case .success where !finished: return summary ?? localized("the snippet did not finish")
            case .crash:
                let what = summary ?? localized("the snippet exited normally")
                return localized("expected a crash, but \(what)")
            case .timesOut:
                let what = summary ?? localized("it exited normally"), seconds = Self.seconds(elapsed)
                return localized("expected the snippet to time out, but \(what) after \(seconds) s")
            case .success, .compileFail: return summary ?? localized("the snippet failed")
            }
        case .time(let elapsed, let band):
            var message: String
            let seconds = Self.seconds(elapsed)
            switch (band.lower, band.upper) {
            case (nil, let upper?):
                let allowed = TimeBand.format(upper)
                message = localized("elapsed \(seconds) s, more than the \(allowed) s allowed")
            case (let lower?, nil):
                let expected = TimeBand.format(lower)
                message = localized("elapsed \(seconds) s, less than the \(expected) s expected")
            default: message = localized("elapsed \(seconds) s is outside the band \(band)")
            }
            // A clause after the sentence, in its own words: "(0.300 s too slow)".
            if let upper = band.upper, elapsed > upper {
                let over = Self.seconds(elapsed - upper)
                message += localized(" (\(over) s too slow)")
            }
            if let lower = band.lower, elapsed < lower {
                let under = Self.seconds(lower - elapsed)
                message += localized(" (\(under) s too fast)")
            }
            return message
        case .output(let mismatch):
            return Self.words(mismatch, what: localized("output"))
        case .trace(let mismatch):
            let claim = mismatch.claim
            switch mismatch.measured {
            case .cpu(let cpu, let elapsed, let above):
                let (cpu, elapsed) = (Self.seconds(cpu), Self.seconds(elapsed))
                return above ? localized("CPU time \(cpu) s is not above the elapsed \(elapsed) s; the chapter expects '\(claim)'")
                             : localized("CPU time \(cpu) s is not below the elapsed \(elapsed) s; the chapter expects '\(claim)'")
            case .count(let measure, let actual, let cores):
                let coresNote = cores.map { count in localized(" (cores is \(count) here)") } ?? ""
                // Said as a learner reads the timeline: sleeping counts as
                // suspended, and a task awaiting its children counts too.
                let counted = measure == .suspendedAtOnce ? localized(" (sleeping counts, and so does a task awaiting others)") : ""
                let name = Self.name(measure)
                return localized("\(name): \(actual) in the runtime trace, where the chapter expects \(claim)\(coresNote)\(counted)")
            case .threadsBusy(let threads, let seconds, let cores):
                let coresNote = cores.map { count in localized(" (cores is \(count) here)") } ?? ""
                let seconds = Self.seconds(seconds)
                return localized("""
                    \(threads) or more threads were busy at once for \(seconds) s in the runtime trace, \
                    where the chapter expects \(claim)\(coresNote)
                    """)
            }
        case .stderrLacks(let line, let stderr):
            let quoted = Self.indent(stderr.joined(separator: "\n"))
            return localized("standard error does not contain: \(line)\n\(quoted)")
        case .startMeetsGoal:
            return localized("the exercise's starting code already meets its goal")
        case .solutionMisses(let inner):
            let missed = sentence(inner)
            return localized("the solution misses the goal: \(missed)")
        }
    }

    /// What a trace claim counts, in the learner's language; in English
    /// the chapter's own words for it (`jobs at once`).
    static func name(_ measure: TraceExpectation.Measure) -> String {
        switch measure {
        case .jobsAtOnce: localized("jobs at once")
        case .suspendedAtOnce: localized("tasks suspended at once")
        case .waitingAtOnce: localized("tasks waiting at once")
        case .poolThreads: localized("pool threads")
        case .tasks: localized("tasks")
        case .ownExecutorTasks: localized("tasks on the program's own executor")
        }
    }

    /// How printed lines differ from what was expected; `what` names them
    /// ("output").
    public static func words(_ mismatch: OutputMismatch, what: String) -> String {
        let expectedLabel = localized("expected:"), gotLabel = localized("got:")
        switch mismatch.kind {
        case .ordered(let line, let expected, let actual):
            let expectedLine = expected.map { "'\($0)'" } ?? localized("no more lines")
            let actualLine = actual.map { "'\($0)'" } ?? localized("no more lines")
            return localized("\(what) differs at line \(line): expected \(expectedLine), got \(actualLine)") + "\n"
                + "  \(expectedLabel)\n\(indent(mismatch.expected.joined(separator: "\n"), by: 4))\n"
                + "  \(gotLabel)\n\(indent(mismatch.actual.joined(separator: "\n"), by: 4))"
        case .unordered(let missing, let unexpected, let grouped):
            var message = grouped ? localized("\(what) differs (each group of lines in any order, the groups in order):")
                                  : localized("\(what) differs (in any order):")
            // The lines of both lists start in one column, whatever the labels' widths.
            let missingLabel = localized("missing:"), unexpectedLabel = localized("unexpected:")
            let column = max(displayWidth(missingLabel), displayWidth(unexpectedLabel)) + 1
            func list(_ label: String, _ lines: [String]) -> String {
                "\n  " + label + String(repeating: " ", count: column - displayWidth(label))
                    + lines.joined(separator: "\n" + String(repeating: " ", count: 2 + column))
            }
            if !missing.isEmpty { message += list(missingLabel, missing) }
            if !unexpected.isEmpty { message += list(unexpectedLabel, unexpected) }
            if grouped { message += "\n  \(gotLabel)\n\(indent(mismatch.actual.joined(separator: "\n"), by: 4))" }
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
