import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import TourServer

/// These tests start real servers on 127.0.0.1 and call them with
/// URLSession. Each test has a server of its own, so the statistics of one
/// test are not disturbed by another running at the same time.
struct LessonServerTests {

    @Test func baseURLIsLoopbackWithAPortTheSystemChose() async throws {
        try await withServer { server, base in
            let components = try #require(URLComponents(string: base))
            #expect(components.scheme == "http")
            #expect(components.host == "127.0.0.1")
            #expect((components.port ?? 0) > 0)
            #expect(components.path.isEmpty)
            #expect(try await server.baseURL() == base)
        }
    }

    @Test func concurrentFirstCallsStartOneServer() async throws {
        let server = LessonServer()
        async let a = server.baseURL()
        async let b = server.baseURL()
        async let c = server.baseURL()
        let urls = try await [a, b, c]
        #expect(Set(urls).count == 1)
        await server.stop()
    }

    @Test func delayWaitsAndAnswersJSON() async throws {
        try await withServer { _, base in
            let start = ContinuousClock.now
            let (data, response) = try await get(base + "/delay/0.3")
            let elapsed = ContinuousClock.now - start
            #expect(response.statusCode == 200)
            #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/json")
            #expect(try JSONDecoder().decode(DelayAnswer.self, from: data) == DelayAnswer(delay: 0.3))
            #expect(elapsed >= .milliseconds(300))
            #expect(elapsed < .seconds(2))
        }
    }

    @Test(arguments: [200, 201, 204, 404, 418, 500, 503])
    func statusAnswersWithTheCodeAsked(code: Int) async throws {
        try await withServer { _, base in
            let (data, response) = try await get(base + "/status/\(code)")
            #expect(response.statusCode == code)
            if code == 204 {
                #expect(data.isEmpty)
            } else {
                #expect(try JSONDecoder().decode(StatusAnswer.self, from: data) == StatusAnswer(status: code))
            }
        }
    }

    @Test func bytesAnswersThatManyBytes() async throws {
        try await withServer { _, base in
            let (data, response) = try await get(base + "/bytes/100000")
            #expect(response.statusCode == 200)
            #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/octet-stream")
            #expect(data.count == 100_000)
            let (empty, _) = try await get(base + "/bytes/0")
            #expect(empty.isEmpty)
        }
    }

    @Test func getEchoesPathQueryAndHeaders() async throws {
        try await withServer { _, base in
            var request = URLRequest(url: try #require(URL(string: base + "/get?lesson=5&topic=net")))
            request.setValue("networking", forHTTPHeaderField: "X-Lesson")
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let echo = try JSONDecoder().decode(EchoAnswer.self, from: data)
            #expect(echo.method == "GET")
            #expect(echo.path == "/get")
            #expect(echo.args == ["lesson": "5", "topic": "net"])
            #expect(echo.headers["x-lesson"] == "networking")
            #expect(echo.headers["host"] == String(base.dropFirst("http://".count)))
        }
    }

    @Test func unknownPathsAnswer404InJSON() async throws {
        try await withServer { _, base in
            let (data, response) = try await get(base + "/no/such/thing")
            #expect(response.statusCode == 404)
            let body = try JSONDecoder().decode([String: String].self, from: data)
            #expect(body["path"] == "/no/such/thing")
        }
    }

    @Test func badArgumentsAnswer400() async throws {
        try await withServer { _, base in
            for path in ["/delay/soon", "/delay/-1", "/status/99", "/status/600", "/bytes/many"] {
                let (_, response) = try await get(base + path)
                #expect(response.statusCode == 400, "\(path)")
            }
        }
    }

    @Test func otherMethodsAnswer405() async throws {
        try await withServer { _, base in
            var request = URLRequest(url: try #require(URL(string: base + "/get")))
            request.httpMethod = "POST"
            request.httpBody = Data("{}".utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 405)
            #expect(http.value(forHTTPHeaderField: "Allow") == "GET")
        }
    }

    /// The point of the server: waiting requests do not queue behind each
    /// other. The session must allow 20 connections, or URLSession itself
    /// queues them (6 per host by default).
    @Test func twentyDelaysOnTwentyConnectionsFinishTogether() async throws {
        try await withServer { server, base in
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = 20
            let session = URLSession(configuration: configuration)
            let url = try #require(URL(string: base + "/delay/1"))
            let start = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 1...20 {
                    group.addTask {
                        let (_, response) = try await session.data(from: url)
                        return (response as? HTTPURLResponse)?.statusCode ?? 0
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - start
            #expect(statuses == Array(repeating: 200, count: 20))
            #expect(elapsed >= .seconds(1))
            #expect(elapsed < .seconds(2))
            let stats = await server.stats()
            #expect(stats.requests == 20)
            #expect(stats.peakInFlight == 20)
            #expect(stats.inFlight == 0)
            #expect(await server.requestCount() == 20)
        }
    }

    /// Without `TCP_NODELAY` every answer after the first on a keep-alive
    /// connection came about 40 ms late (see NoDelaySocketPool), so these
    /// twenty took at least 0.76 s.
    @Test func answersOnAReusedConnectionAreNotDelayed() async throws {
        try await withServer { _, base in
            let session = URLSession(configuration: .ephemeral)
            let url = try #require(URL(string: base + "/delay/0"))
            _ = try await session.data(from: url)
            let start = ContinuousClock.now
            for _ in 1...20 {
                _ = try await session.data(from: url)
            }
            #expect(ContinuousClock.now - start < .milliseconds(500))
        }
    }

    @Test func stopClosesTheServerAndBaseURLStartsANewOne() async throws {
        let server = LessonServer()
        let first = try await server.baseURL()
        _ = try await get(first + "/get")
        await server.stop()

        await #expect(throws: URLError.self) {
            _ = try await get(first + "/get")
        }

        let second = try await server.baseURL()
        let (_, response) = try await get(second + "/get")
        #expect(response.statusCode == 200)
        await server.stop()
        await server.stop()  // stopping twice is harmless
    }

    @Test func stopEndsRequestsInFlightAtOnce() async throws {
        let server = LessonServer()
        let base = try await server.baseURL()
        let request = Task { try await get(base + "/delay/20") }
        while await server.stats().inFlight == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        let start = ContinuousClock.now
        await server.stop()
        #expect(ContinuousClock.now - start < .seconds(2))
        // The cancelled handler answers 500 if the connection is still
        // open; either way the client does not wait for the 20 seconds.
        switch await request.result {
        case .success(let (_, response)):
            #expect(response.statusCode == 500)
        case .failure(let error):
            #expect(error is URLError)
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func aPortInUseFailsAtOnceAndSaysWhy() async throws {
        try await withServer { _, base in
            let port = try #require(URLComponents(string: base)?.port)
            let second = LessonServer(clock: ContinuousClock(), port: UInt16(port))
            let start = ContinuousClock.now
            await #expect {
                _ = try await second.baseURL()
            } throws: { error in
                guard case .startFailed(let reason) = error as? LessonServerError else { return false }
                return reason.localizedLowercase.contains("address")
            }
            #expect(ContinuousClock.now - start < .seconds(2))
            await second.stop()
        }
    }

    @Test func stopBeforeStartIsHarmless() async {
        let server = LessonServer()
        await server.stop()
        #expect(await server.stats() == LessonServerStats())
    }
}

/// Runs `body` against a fresh server, and stops the server afterwards.
private func withServer(
    _ body: (LessonServer, String) async throws -> Void
) async throws {
    let server = LessonServer()
    let base = try await server.baseURL()
    do {
        try await body(server, base)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

private func get(_ address: String) async throws -> (Data, HTTPURLResponse) {
    let url = try #require(URL(string: address))
    let (data, response) = try await URLSession.shared.data(from: url)
    return (data, try #require(response as? HTTPURLResponse))
}
