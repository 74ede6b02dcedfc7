import FlyingFox
import Foundation

/// The local HTTP server of the networking chapter.
///
/// It listens on 127.0.0.1 at a port the operating system picks, and
/// answers the httpbin-like endpoints of ``LessonEndpoints``:
/// `/delay/:seconds`, `/status/:code`, `/bytes/:n` and `/get`.
/// ``LessonHTTPServer`` serves every connection in its own child task and
/// the `/delay` endpoint sleeps without holding a thread, so many requests
/// wait at the same time: 20 requests for `/delay/1` on 20 connections
/// all finish after about one second. What a client may send, and how
/// long the server waits for it, is bounded by ``LessonServerLimits``.
///
/// The server starts on the first call of ``baseURL()`` and runs until
/// ``stop()``; a later ``baseURL()`` starts a new one.
public actor LessonServer {
    public static let shared = LessonServer()

    private let port: UInt16
    private let limits: LessonServerLimits
    private let statistics: LessonServerStatistics
    private let endpoints: LessonEndpoints
    private var phase = Phase.stopped

    public init(limits: LessonServerLimits = LessonServerLimits()) {
        self.init(clock: ContinuousClock(), limits: limits)
    }

    /// `port` 0 lets the system choose a free port.
    init(clock: some Clock<Duration>, port: UInt16 = 0, limits: LessonServerLimits = LessonServerLimits()) {
        let statistics = LessonServerStatistics()
        self.port = port
        self.limits = limits
        self.statistics = statistics
        self.endpoints = LessonEndpoints(clock: clock, statistics: statistics)
    }

    /// Starts the server on first use and returns its base URL, such as
    /// `http://127.0.0.1:49152`, once it accepts connections. Later calls
    /// return the same URL without waiting.
    public func baseURL() async throws -> String {
        switch phase {
        case .running(let running):
            if running.server.isListening {
                return running.baseURL
            }
            // The server ended on its own (its socket failed): start anew.
            if case .running(let current) = phase, current.task == running.task {
                phase = .stopped
            }
            return try await baseURL()
        case .starting(let startup):
            return try await startup.value.baseURL
        case .stopped:
            let (endpoints, port, limits, statistics) = (endpoints, port, limits, statistics)
            let startup = Task(name: "LessonServer start") {
                try await Running.start(
                    serving: endpoints, port: port, limits: limits, statistics: statistics
                )
            }
            phase = .starting(startup)
            // Other callers may arrive while this one waits: they find
            // `.starting` and wait for the same startup.
            do {
                let running = try await startup.value
                if case .starting(startup) = phase {
                    phase = .running(running)
                }
                return running.baseURL
            } catch {
                if case .starting(startup) = phase {
                    phase = .stopped
                }
                throw error
            }
        }
    }

    /// Stops the server: it stops listening and ends every connection at
    /// once. Requests still being answered are cancelled, and answered
    /// `500 Internal Server Error` where the connection is still open.
    public func stop() async {
        let previous = phase
        phase = .stopped
        switch previous {
        case .stopped:
            return
        case .starting(let startup):
            if let running = try? await startup.value {
                await running.stop()
            }
        case .running(let running):
            await running.stop()
        }
    }

    /// What the server has answered since this `LessonServer` was created,
    /// across restarts.
    public func stats() -> LessonServerStats {
        statistics.current
    }

    /// The number of requests answered so far; see ``stats()``.
    public func requestCount() -> Int {
        statistics.current.requests
    }
}

public enum LessonServerError: Error, Equatable, CustomStringConvertible {
    /// The server did not start listening; the text says why.
    case startFailed(String)

    public var description: String {
        switch self {
        case .startFailed(let reason):
            "the lesson server could not start: \(reason)"
        }
    }
}

extension LessonServer {

    private enum Phase {
        case stopped
        case starting(Task<Running, any Error>)
        case running(Running)
    }

    /// A server that listens, and the task that runs it.
    private struct Running: Sendable {
        let server: LessonHTTPServer
        let task: Task<Void, any Error>
        let baseURL: String

        static func start(
            serving endpoints: LessonEndpoints,
            port: UInt16,
            limits: LessonServerLimits,
            statistics: LessonServerStatistics
        ) async throws -> Running {
            let server: LessonHTTPServer
            do {
                server = try await LessonHTTPServer(
                    address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port),
                    limits: limits,
                    handler: endpoints,
                    statistics: statistics
                )
            } catch {
                throw LessonServerError.startFailed("\(error)")
            }
            // It listens already: connections queue until it accepts them.
            let task = Task(name: "LessonServer") {
                try await server.run()
            }
            return Running(server: server, task: task, baseURL: "http://\(server.host):\(server.port)")
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }
}
