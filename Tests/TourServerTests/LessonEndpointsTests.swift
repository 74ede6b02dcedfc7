import FlyingFox
import Foundation
import Synchronization
import Testing
@testable import TourServer

/// The endpoints called directly, without a socket, with a clock whose
/// sleeps return at once and are recorded.
struct LessonEndpointsTests {
    let clock = RecordingClock()

    func answer(_ path: String, query: [HTTPRequest.QueryItem] = [], method: HTTPMethod = .GET) async throws
        -> HTTPResponse {
        let endpoints = LessonEndpoints(clock: clock)
        let request = HTTPRequest(
            method: method, version: .http11, path: path, query: query, headers: [:], body: Data()
        )
        return try await endpoints.handleRequest(request)
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse) async throws -> T {
        try JSONDecoder().decode(type, from: try await response.bodyData)
    }

    @Test func delaySleepsOnTheInjectedClock() async throws {
        let response = try await answer("/delay/1.5")
        #expect(response.statusCode == .ok)
        #expect(try await decode(DelayAnswer.self, from: response) == DelayAnswer(delay: 1.5))
        #expect(clock.sleeps == [.milliseconds(1_500)])
    }

    @Test func delayIsCapped() async throws {
        let response = try await answer("/delay/3600")
        #expect(try await decode(DelayAnswer.self, from: response).delay == LessonEndpoints.maximumDelay)
        #expect(clock.sleeps == [.seconds(LessonEndpoints.maximumDelay)])
    }

    @Test(arguments: ["/delay/nan", "/delay/inf", "/delay/-0.5", "/delay/"])
    func delayRejectsWhatIsNotADuration(path: String) async throws {
        let response = try await answer(path)
        #expect(response.statusCode == .badRequest)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func statusUsesKnownPhrases() async throws {
        #expect(try await answer("/status/503").statusCode == HTTPStatusCode(503, phrase: "Service Unavailable"))
        #expect(try await answer("/status/299").statusCode == HTTPStatusCode(299, phrase: "Status 299"))
    }

    @Test func bytesAreCapped() async throws {
        let response = try await answer("/bytes/999999999")
        #expect(try await response.bodyData.count == LessonEndpoints.maximumByteCount)
    }

    @Test func getEchoesTheQuery() async throws {
        let response = try await answer("/get", query: [.init(name: "q", value: "swift")])
        let echo = try await decode(EchoAnswer.self, from: response)
        #expect(echo.args == ["q": "swift"])
        #expect(echo.path == "/get")
    }

    @Test func rootListsTheEndpoints() async throws {
        let response = try await answer("/")
        let index = try await decode([String: String].self, from: response)
        #expect(index.keys.contains("GET /delay/:seconds"))
        #expect(index.count == LessonEndpoints.index.count)
    }

    @Test(arguments: ["/get/extra", "/delay/1/2", "/status", "/nothing", "//get"])
    func unknownPathsAre404(path: String) async throws {
        #expect(try await answer(path).statusCode == .notFound)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func otherMethodsAre405() async throws {
        #expect(try await answer("/get", method: .POST).statusCode == .methodNotAllowed)
    }

    @Test func statisticsCountRequests() async throws {
        let statistics = LessonServerStatistics()
        let endpoints = LessonEndpoints(clock: clock, statistics: statistics)
        let request = HTTPRequest(method: .GET, version: .http11, path: "/get", query: [], headers: [:], body: Data())
        _ = try await endpoints.handleRequest(request)
        _ = try await endpoints.handleRequest(request)
        #expect(statistics.current == LessonServerStats(requests: 2, inFlight: 0, peakInFlight: 1))
    }
}

/// A clock whose `sleep` returns at once, remembering how long it was
/// asked to sleep.
final class RecordingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex((now: Instant(offset: .zero), sleeps: [Duration]()))

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(state.now.duration(to: deadline))
            state.now = max(state.now, deadline)
        }
    }
}
