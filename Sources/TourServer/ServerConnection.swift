import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection's socket and the bytes received on it but not used yet;
/// every wait on the socket has a deadline.
struct ServerConnection {
    let socket: Socket
    let pool: any AsyncSocketPool
    let limits: LessonServerLimits
    var buffer: [UInt8] = []

    init(socket: Socket, pool: any AsyncSocketPool, limits: LessonServerLimits) {
        self.socket = socket
        self.pool = pool
        self.limits = limits
    }

    enum Received {
        case received
        case timedOut
        /// End of file, an error, or the server is stopping.
        case closed
    }

    /// Appends what the socket has to ``buffer``, waiting for it until the
    /// deadline at most.
    mutating func receive(before deadline: ContinuousClock.Instant) async -> Received {
        while true {
            do {
                buffer.append(contentsOf: try socket.read(atMost: 16 * 1_024))
                return .received
            } catch SocketError.blocked {
            } catch {
                return .closed
            }
            switch await wait(for: .read, before: deadline) {
            case .ready: continue
            case .timedOut: return .timedOut
            case .failed:
                // The peer may have sent its last bytes and hung up: read
                // them once more before calling the connection closed.
                if let bytes = try? socket.read(atMost: 16 * 1_024) {
                    buffer.append(contentsOf: bytes)
                    return .received
                }
                return .closed
            }
        }
    }

    enum Sent {
        case sent
        case timedOut
        /// The client is gone, or the server is stopping.
        case failed
    }

    /// Writes all of `parts` within ``LessonServerLimits/sendTimeout``.
    func send(_ parts: [Data]) async -> Sent {
        let deadline = ContinuousClock.now + limits.sendTimeout
        for data in parts {
            var sent = data.startIndex
            while sent < data.endIndex {
                do {
                    sent = try socket.write(data, from: sent)
                    continue
                } catch SocketError.blocked {
                } catch {
                    return .failed
                }
                switch await wait(for: .write, before: deadline) {
                case .ready: continue
                case .timedOut: return .timedOut
                case .failed: return .failed
                }
            }
        }
        return .sent
    }

    /// After an answer that ends the connection: no more writes, then read
    /// and drop what the client still sends, for a little while, so that
    /// closing does not reset the connection before the client reads.
    mutating func linger() async {
        _ = shutdown(socket.file.rawValue, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + limits.lingerTimeout
        var discarded = 0
        buffer = []
        while discarded < limits.maximumLingerBytes {
            guard case .received = await receive(before: deadline) else { return }
            discarded += buffer.count
            buffer = []
        }
    }

    private enum Readiness {
        case ready
        case timedOut
        case failed
    }

    private func wait(for events: Socket.Events, before deadline: ContinuousClock.Instant) async -> Readiness {
        let (socket, pool) = (self.socket, self.pool)
        do {
            let ready: Void? = try await withDeadline(deadline) {
                try await pool.suspendSocket(socket, untilReadyFor: events)
            }
            return ready == nil ? .timedOut : .ready
        } catch {
            return .failed
        }
    }
}

/// The result of `body`, or nil if `deadline` comes first (`body` is
/// cancelled then).
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(until: deadline, clock: .continuous)
            return nil
        }
        defer { group.cancelAll() }
        // Two children: `next()` returns one of them.
        return try await group.next() ?? nil
    }
}
