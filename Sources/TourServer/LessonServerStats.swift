import Synchronization

/// What a ``LessonServer`` has served since it was created.
public struct LessonServerStats: Sendable, Equatable {
    /// Requests that reached an endpoint, finished or not.
    public var requests: Int
    /// Requests being answered right now.
    public var inFlight: Int
    /// The most requests that were being answered at the same time.
    public var peakInFlight: Int
    /// Connections being served right now (refused ones not counted).
    public var openConnections: Int
    /// The most connections served at the same time.
    public var peakOpenConnections: Int
    /// Connections answered `503` because ``LessonServerLimits/maximumConnections``
    /// were open.
    public var refusedConnections: Int
    /// Requests refused for their head or body (400, 413, 414, 431, 505).
    public var rejectedRequests: Int
    /// Connections closed because a head or body came too slowly, or the
    /// client did not take in an answer in time (idle keep-alive
    /// connections closed after ``LessonServerLimits/idleTimeout`` not counted).
    public var timedOutConnections: Int

    public init(
        requests: Int = 0, inFlight: Int = 0, peakInFlight: Int = 0,
        openConnections: Int = 0, peakOpenConnections: Int = 0,
        refusedConnections: Int = 0, rejectedRequests: Int = 0, timedOutConnections: Int = 0
    ) {
        self.requests = requests
        self.inFlight = inFlight
        self.peakInFlight = peakInFlight
        self.openConnections = openConnections
        self.peakOpenConnections = peakOpenConnections
        self.refusedConnections = refusedConnections
        self.rejectedRequests = rejectedRequests
        self.timedOutConnections = timedOutConnections
    }
}

/// The counters behind ``LessonServerStats``, updated by every request
/// handler at once, so they sit behind a lock.
final class LessonServerStatistics: Sendable {
    private let counts = Mutex((stats: LessonServerStats(), refusing: 0))

    var current: LessonServerStats {
        counts.withLock { $0.stats }
    }

    func requestStarted() {
        counts.withLock { counts in
            counts.stats.requests += 1
            counts.stats.inFlight += 1
            counts.stats.peakInFlight = max(counts.stats.peakInFlight, counts.stats.inFlight)
        }
    }

    func requestFinished() {
        counts.withLock { $0.stats.inFlight -= 1 }
    }

    /// What to do with a connection just accepted.
    enum Admission: Equatable {
        /// Serve it; call ``connectionClosed()`` when it is closed.
        case serve
        /// Answer it 503; call ``refusalEnded()`` when it is closed.
        case refuse
        /// Close it at once (the accept loop waits rather than get this).
        case drop
    }

    func admit(within limits: LessonServerLimits) -> Admission {
        counts.withLock { counts in
            if counts.stats.openConnections < limits.maximumConnections {
                counts.stats.openConnections += 1
                counts.stats.peakOpenConnections = max(
                    counts.stats.peakOpenConnections, counts.stats.openConnections
                )
                return .serve
            }
            counts.stats.refusedConnections += 1
            if counts.refusing < limits.maximumRefusals {
                counts.refusing += 1
                return .refuse
            }
            return .drop
        }
    }

    /// True while ``admit(within:)`` would answer `.drop`.
    func refusalsAreFull(within limits: LessonServerLimits) -> Bool {
        counts.withLock { counts in
            counts.stats.openConnections >= limits.maximumConnections
                && counts.refusing >= limits.maximumRefusals
        }
    }

    func connectionClosed() {
        counts.withLock { $0.stats.openConnections -= 1 }
    }

    func refusalEnded() {
        counts.withLock { $0.refusing -= 1 }
    }

    func requestRejected() {
        counts.withLock { $0.stats.rejectedRequests += 1 }
    }

    func connectionTimedOut() {
        counts.withLock { $0.stats.timedOutConnections += 1 }
    }
}
