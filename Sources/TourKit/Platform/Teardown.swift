#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child is stopped, as data: signals to send and pauses between
/// them. The monitor carries the steps out without blocking, so a child
/// that leaves early ends the teardown early.
struct Teardown: Sendable, Equatable {
    enum Step: Sendable, Equatable {
        /// Sends the signal to the child's whole process group.
        case signal(Int32)
        /// Waits this many seconds for the child to leave.
        case wait(Double)
    }

    var steps: [Step]

    /// Ctrl-C: ask politely (SIGINT, which the harness turns into
    /// cancellation), then SIGKILL after the grace period.
    static func interrupt(grace: Double) -> Teardown {
        Teardown(steps: [.signal(SIGINT), .wait(grace), .signal(SIGKILL)])
    }

    /// The shell is leaving (SIGTERM), or a limit was hit: no grace.
    static let kill = Teardown(steps: [.signal(SIGKILL)])
}

/// A teardown under way: which step is next and when it is due.
struct TeardownProgress: Sendable {
    private let teardown: Teardown
    private var index = 0
    private var resumeAt: UInt64 = 0

    init(_ teardown: Teardown) {
        self.teardown = teardown
    }

    /// Carries out every step that is due at `now`: each signal goes to
    /// `send`. Returns when a wait is pending or the steps are done.
    mutating func advance(now: UInt64, send: (Int32) -> Void) {
        while index < teardown.steps.count, now >= resumeAt {
            switch teardown.steps[index] {
            case .signal(let signal): send(signal)
            case .wait(let seconds): resumeAt = now + Limits.nanoseconds(seconds)
            }
            index += 1
        }
    }

    var isFinished: Bool { index >= teardown.steps.count }
}

/// Conversions that never trap, for values that come from chapters.
enum Limits {
    /// Seconds to nanoseconds, clamped to [0, 10 years].
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return UInt64(min(seconds, 315_360_000) * 1e9)
    }
}
