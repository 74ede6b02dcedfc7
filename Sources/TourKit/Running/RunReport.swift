/// One line the program printed, placed on the run's time axis.
public struct OutputLine: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Through `print`, recorded by the harness with task and thread.
        case print
        /// Straight to standard output (`print(_:to:)`, `dump`, `FileHandle`).
        case stdout
        case stderr
    }

    /// Seconds since the program started.
    public var time: Double
    public var text: String
    public var source: Source
    /// Index into ``RunReport/lanes``; `nil` for output the harness did not see.
    public var lane: Int?
    /// A small number per OS thread, in order of first appearance.
    public var thread: Int?
    /// The lane's label when the line was printed (`main`, a task's name, `task 2`).
    public var laneLabel: String?
    /// Bytes of the line past the per-line cap (16 KiB), not kept in `text`;
    /// 0 for a whole line. The report shows "… N bytes more".
    public var droppedBytes: Int

    public init(time: Double, text: String, source: Source, lane: Int? = nil, thread: Int? = nil, laneLabel: String? = nil,
                droppedBytes: Int = 0) {
        self.time = time
        self.text = text
        self.source = source
        self.lane = lane
        self.thread = thread
        self.laneLabel = laneLabel
        self.droppedBytes = droppedBytes
    }
}

/// A task (or a thread outside any task) drawn as one row of the timeline.
public struct Lane: Sendable, Equatable {
    public var label: String
    /// Seconds of its first and last printed line.
    public var first: Double
    public var last: Double
    /// The runtime's id of the task, when the lane is a task's.
    public var taskID: UInt64?
    /// The task's own name, before namesakes were told apart ("fetcher"
    /// of "fetcher #2").
    public var name: String?

    public init(label: String, first: Double, last: Double) {
        self.label = label
        self.first = first
        self.last = last
    }
}

/// How a run ended.
public enum RunEnding: Sendable, Equatable {
    case exited(code: Int32)
    case crashed(signal: Int32)
    case timedOut(limit: Double)
    case cancelled
    case outputLimit(bytes: Int)
    /// The program's resident memory passed the limit and it was stopped.
    case memoryLimit(bytes: Int)
    case compileFailed(diagnostics: String)
    /// Nothing ran: no toolchain, an unwritable cache, a launch failure.
    case unavailable(String)

    public var isSuccess: Bool { self == .exited(code: 0) }
}

public struct CompileInfo: Sendable, Equatable {
    public var seconds: Double
    public var fromCache: Bool
    /// The compiler's warnings for a program that built; empty if none.
    public var warnings: String
    /// Why the program was built again (its cached copy was damaged).
    public var notice: String?

    public init(seconds: Double, fromCache: Bool, warnings: String = "", notice: String? = nil) {
        self.seconds = seconds
        self.fromCache = fromCache
        self.warnings = warnings
        self.notice = notice
    }
}

/// Everything the learner is shown after a run.
public struct RunReport: Sendable, Equatable {
    public var ending: RunEnding
    public var lines: [OutputLine]
    public var lanes: [Lane]
    /// Wall-clock seconds from the program's first line to its end.
    public var wall: Double
    public var cpu: Double
    public var peakMemoryBytes: Int
    /// OS threads that ran a `print`.
    public var threads: Int
    /// Most threads the process had at once (sampled every 50 ms).
    public var peakThreads: Int
    public var compile: CompileInfo?
    /// For a cancelled run: the program ended by itself after it was asked
    /// to stop (its cancellation handlers ran), rather than being killed.
    public var stoppedByItself = false
    /// After Ctrl-C the program ended by a signal it raised itself (not the
    /// tour's kill): typically `try await` at top level rethrowing the
    /// cancellation, which the runtime turns into a fatal error.
    public var crashedWhenCancelled = false
    /// For a cancelled run: it was stopped while compiling, before the
    /// program started.
    public var cancelledBeforeStart = false
    /// Set when nothing ran because this machine lacks what the snippet
    /// needs (python3, a recent enough one, a module): a one-line note, and
    /// `test` counts the snippet as skipped rather than failed.
    public var skipped: String?
    /// What the concurrency runtime did, when the recording executors ran.
    public var trace: RuntimeTrace?
    /// Why there is no runtime trace, for a one-line note under the
    /// print-based timeline; nil when there is one or none was wanted.
    public var traceNote: String?
    /// Lanes of the print timeline span each task's life, from its
    /// creation to its end as the harness saw it (the Python harness),
    /// rather than its first print to its last.
    public var lanesSpanTaskLives = false

    public init(ending: RunEnding, lines: [OutputLine] = [], lanes: [Lane] = [], wall: Double = 0, cpu: Double = 0,
                peakMemoryBytes: Int = 0, threads: Int = 0, peakThreads: Int = 0, compile: CompileInfo? = nil) {
        self.ending = ending
        self.lines = lines
        self.lanes = lanes
        self.wall = wall
        self.cpu = cpu
        self.peakMemoryBytes = peakMemoryBytes
        self.threads = threads
        self.peakThreads = peakThreads
        self.compile = compile
    }

    /// Standard output as the program wrote it, line by line: printed and
    /// bypassing lines in time order.
    public var outputLines: [String] {
        lines.filter { $0.source != .stderr }.map(\.text)
    }

    public var stderrLines: [String] {
        lines.filter { $0.source == .stderr }.map(\.text)
    }

    /// The first line of standard error that explains a crash.
    public var crashMessage: String? {
        let markers = ["Fatal error", "SWIFT TASK CONTINUATION MISUSE", "fatal error", "Assertion failed",
                       "Precondition failed", "error:", "Illegal instruction", "Segmentation fault"]
        let lines = stderrLines.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        return lines.first { line in markers.contains { line.contains($0) } } ?? lines.first
    }

    /// A sentence saying how the run ended, or `nil` for a clean exit.
    public var endingSummary: String? {
        switch ending {
        case .exited(code: 0): return nil
        case .exited(let code): return localized("the snippet exited with status \(code)")
        case .crashed(let signal):
            let name = Signals.name(signal)
            if let message = crashMessage { return localized("the snippet crashed (\(name)): \(message)") }
            return localized("the snippet crashed (\(name))")
        case .timedOut(let limit):
            let seconds = Signals.seconds(limit)
            return localized("stopped after \(seconds) s, the time this snippet is allowed: it never finished")
        case .cancelled where cancelledBeforeStart:
            return localized("cancelled while compiling: nothing ran")
        case .cancelled:
            let seconds = Signals.seconds(wall, digits: 2)
            if stoppedByItself {
                return localized("cancelled after \(seconds) s: the main task was cancelled and the program stopped by itself")
            }
            if crashedWhenCancelled {
                return localized("""
                    cancelled after \(seconds) s: the main task was cancelled and the program stopped, with a crash: an error \
                    (its CancellationError) was thrown out of top-level code, which ends a program with a fatal error
                    """)
            }
            return localized("cancelled after \(seconds) s: it did not stop when asked and was killed")
        case .outputLimit(let bytes):
            let megabytes = bytes / 1_048_576
            return localized("stopped: the snippet printed more than \(megabytes) MB")
        case .memoryLimit(let bytes):
            let megabytes = bytes / 1_048_576
            return localized("""
                stopped: the snippet used more than \(megabytes) MB of memory, its limit \
                (a chapter can raise it with memory=SIZE, e.g. memory=4G)
                """)
        case .compileFailed: return localized("the snippet did not compile")
        case .unavailable(let reason): return reason
        }
    }
}

enum Signals {
    static func name(_ signal: Int32) -> String {
        switch signal {
        case 2: return "SIGINT"
        case 4: return localized("SIGILL, illegal instruction")
        case 5: return localized("SIGTRAP, a Swift runtime trap")
        case 6: return localized("SIGABRT, aborted")
        case 7: return localized("SIGBUS, bus error")
        case 8: return localized("SIGFPE, arithmetic error")
        case 9: return localized("SIGKILL, killed")
        case 11: return localized("SIGSEGV, bad memory access")
        case 15: return "SIGTERM"
        default: return localized("signal \(signal)")
        }
    }

    static func seconds(_ value: Double, digits: Int = 1) -> String {
        let scale = digits == 2 ? 100.0 : 10.0
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if digits == 2, let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        } else if text.hasSuffix(".0") {
            text.removeLast(2)
        }
        return text
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let last = view.last, last.isWhitespace { view.removeLast() }
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        return String(view)
    }
}
