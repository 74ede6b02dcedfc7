internal import CTourSupport

/// A claim about what the runtime did, checked against the trace: the
/// lines of a ```` ```trace ```` block after a snippet.
///
///     at least 2 jobs at once when cores >= 2
///     at most cores jobs at once
///     at least 3 tasks suspended at once
///     at least 1 task waiting at once
///     at most 2 pool threads
///     at least 11 tasks
///     at least 2 tasks on the program's own executor
///     cpu above elapsed
///     at least 2 threads busy for 200 ms
///
/// `N` is a whole number or `cores`, the CPUs this process may run on (the
/// width of the concurrency pool). `when cores >= N` checks the line only
/// on a machine with that many. "Suspended" counts sleeping tasks too;
/// "waiting" counts tasks ready for more than a millisecond but without a
/// thread.
public struct TraceExpectation: Sendable, Equatable, CustomStringConvertible {
    public enum Bound: Sendable, Equatable { case atLeast, atMost }

    public enum Count: Sendable, Equatable {
        case number(Int)
        case cores

        func value(cores: Int) -> Int {
            switch self {
            case .number(let value): return value
            case .cores: return cores
            }
        }

        var text: String {
            switch self {
            case .number(let value): return String(value)
            case .cores: return "cores"
            }
        }
    }

    public enum Measure: String, Sendable, Equatable, CaseIterable {
        case jobsAtOnce = "jobs at once"
        case suspendedAtOnce = "tasks suspended at once"
        case waitingAtOnce = "tasks waiting at once"
        case poolThreads = "pool threads"
        case tasks = "tasks"
        /// Tasks with a job run by an executor the program made (a
        /// `SerialExecutor` or `TaskExecutor` of its own).
        case ownExecutorTasks = "tasks on the program's own executor"
    }

    public enum Claim: Sendable, Equatable {
        case count(Bound, Count, Measure)
        /// CPU time above (true) or below (false) the elapsed time.
        case cpuAboveElapsed(Bool)
        /// At least this many threads ran jobs at the same moment for at
        /// least this many seconds in all.
        case threadsBusy(Count, seconds: Double)
    }

    public var claim: Claim
    /// Checked only when the machine has at least this many cores.
    public var minimumCores: Int?
    /// The line as the chapter wrote it.
    public var text: String

    public var description: String { text }

    /// Parses one line; the error says what would have been understood.
    public static func parse(_ line: String) -> Result<TraceExpectation, TraceExpectationError> {
        let text = line.trimmingSpaces()
        var words = text.lowercased().split(separator: " ").map(String.init)
        var minimumCores: Int?
        if let when = words.firstIndex(of: "when") {
            let condition = Array(words[when...])
            guard condition.count == 4, condition[1] == "cores", condition[2] == ">=", let value = Int(condition[3]),
                  (1...4096).contains(value) else {
                return .failure(.init(line: text, reason: localized("a condition reads 'when cores >= N'")))
            }
            minimumCores = value
            words.removeSubrange(when...)
        }
        let claim: Claim
        switch words {
        case ["cpu", "above", "elapsed"]: claim = .cpuAboveElapsed(true)
        case ["cpu", "below", "elapsed"]: claim = .cpuAboveElapsed(false)
        case let busy where busy.count == 8 && ["threads", "thread"].contains(busy[3]) && busy[4] == "busy":
            guard busy[0] == "at", busy[1] == "least" else {
                return .failure(.init(line: text, reason: localized("threads busy is a floor: write 'at least N threads busy for D ms'")))
            }
            guard let count = Self.count(busy[2], in: 1...4096) else {
                return .failure(.init(line: text, reason: localized("'\(busy[2])' is not a count of threads: write a whole number from 1, or 'cores'")))
            }
            guard busy[5] == "for", let amount = Double(busy[6]), amount.isFinite, amount > 0, ["ms", "s"].contains(busy[7]) else {
                return .failure(.init(line: text, reason: localized("the time reads 'for D ms' or 'for D s', with D above 0")))
            }
            let seconds = busy[7] == "ms" ? amount / 1000 : amount
            guard seconds <= 3600 else { return .failure(.init(line: text, reason: localized("at most an hour (for 3600 s)"))) }
            claim = .threadsBusy(count, seconds: seconds)
        default:
            guard words.count >= 4, words[0] == "at", ["least", "most"].contains(words[1]) else {
                return .failure(.init(line: text, reason: localized("a claim starts 'at least N' or 'at most N', or is 'cpu above elapsed'")))
            }
            guard let count = Self.count(words[2], in: 0...10_000_000) else {
                return .failure(.init(line: text, reason: localized("'\(words[2])' is not a count: write a whole number or 'cores'")))
            }
            // "1 task", "1 job at once": the singular reads naturally too.
            let rest = words[3...].joined(separator: " ")
                .replacingOccurrences(of: "job at once", with: "jobs at once")
                .replacingOccurrences(of: "task suspended", with: "tasks suspended")
                .replacingOccurrences(of: "task waiting", with: "tasks waiting")
                .replacingOccurrences(of: "pool thread", with: "pool threads")
                .replacingOccurrences(of: "pool threadss", with: "pool threads")
                .replacingOccurrences(of: "task on the program's", with: "tasks on the program's")
            let normalized = rest == "task" ? "tasks" : rest
            guard let measure = Measure(rawValue: normalized) else {
                let known = Measure.allCases.map(\.rawValue).joined(separator: "', '")
                return .failure(.init(line: text, reason: localized("it counts one of '\(known)', or is 'at least N threads busy for D ms'")))
            }
            claim = .count(words[1] == "least" ? .atLeast : .atMost, count, measure)
        }
        return .success(TraceExpectation(claim: claim, minimumCores: minimumCores, text: text))
    }

    /// `cores`, or a whole number within `range`.
    private static func count(_ word: String, in range: ClosedRange<Int>) -> Count? {
        if word == "cores" { return .cores }
        return Int(word).flatMap { range.contains($0) ? .number($0) : nil }
    }

    /// CPUs this process may run on.
    public static var allowedCores: Int { Int(tour_allowed_cpus()) }

    /// How the run misses this claim, or nil when it holds (or does not
    /// apply on this machine).
    public func failure(in report: RunReport, trace: RuntimeTrace, cores: Int = TraceExpectation.allowedCores) -> TraceMismatch? {
        if let minimumCores, cores < minimumCores { return nil }
        switch claim {
        case .cpuAboveElapsed(let above):
            let holds = above ? report.cpu > report.wall : report.cpu < report.wall
            guard !holds else { return nil }
            return TraceMismatch(claim: text, measured: .cpu(cpu: report.cpu, elapsed: report.wall, above: above))
        case .count(let bound, let count, let measure):
            let actual: Int
            switch measure {
            case .jobsAtOnce: actual = trace.mostJobsAtOnce
            case .suspendedAtOnce: actual = trace.mostSuspendedAtOnce
            case .waitingAtOnce: actual = trace.mostWaitingAtOnce
            case .poolThreads: actual = trace.poolThreads
            case .tasks: actual = trace.tasks.count
            case .ownExecutorTasks: actual = trace.tasks.filter { $0.segments.contains(where: \.custom) }.count
            }
            let expected = count.value(cores: cores)
            let holds = bound == .atLeast ? actual >= expected : actual <= expected
            guard !holds else { return nil }
            return TraceMismatch(claim: text, measured: .count(measure, actual: actual, cores: count == .cores ? cores : nil))
        case .threadsBusy(let count, let seconds):
            let threads = count.value(cores: cores)
            let busy = trace.secondsWithThreadsBusy(atLeast: threads)
            guard busy < seconds else { return nil }
            return TraceMismatch(claim: text, measured: .threadsBusy(threads: threads, seconds: busy, cores: count == .cores ? cores : nil))
        }
    }

}

public struct TraceExpectationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: String
    public var reason: String
    public var description: String { localized("cannot read the trace claim '\(line)': \(reason)") }
}
