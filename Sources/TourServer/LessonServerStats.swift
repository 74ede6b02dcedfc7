import Synchronization

/// What a ``LessonServer`` has served since it was created.
public struct LessonServerStats: Sendable, Equatable {
    /// Requests that reached an endpoint, finished or not.
    public var requests: Int
    /// Requests being answered right now.
    public var inFlight: Int
    /// The most requests that were being answered at the same time.
    public var peakInFlight: Int

    public init(requests: Int = 0, inFlight: Int = 0, peakInFlight: Int = 0) {
        self.requests = requests
        self.inFlight = inFlight
        self.peakInFlight = peakInFlight
    }
}

/// The counters behind ``LessonServerStats``, updated by every request
/// handler at once, so they sit behind a lock.
final class LessonServerStatistics: Sendable {
    private let counts = Mutex(LessonServerStats())

    var current: LessonServerStats {
        counts.withLock { $0 }
    }

    func requestStarted() {
        counts.withLock { counts in
            counts.requests += 1
            counts.inFlight += 1
            counts.peakInFlight = max(counts.peakInFlight, counts.inFlight)
        }
    }

    func requestFinished() {
        counts.withLock { $0.inFlight -= 1 }
    }
}
