import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import TourServer

/// Hostile and slow clients, on raw sockets to 127.0.0.1. With FlyingFox's
/// own HTTPServer a 40 KB request line took 32 s of CPU, a 10 MB header
/// 15 minutes, and idle or slow connections stayed open for ever; each
/// test here bounds its waits, so it fails instead of hanging.
@Suite struct LessonServerLimitsTests {

    /// Short timeouts, so the tests wait a fraction of a second. Lower
    /// bounds on waits are loose (150 ms for 300): the server's clock
    /// starts a little before the test's.
    static func quick() -> LessonServerLimits {
        var limits = LessonServerLimits()
        limits.headerTimeout = .milliseconds(300)
        limits.idleTimeout = .milliseconds(300)
        limits.bodyTimeout = .milliseconds(300)
        limits.lingerTimeout = .milliseconds(100)
        return limits
    }

    @Test func aLongRequestLineIsAnswered414AtOnce() async throws {
        try await withLimitedServer(LessonServerLimits()) { server, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            let start = ContinuousClock.now
            try await client.send("GET /" + String(repeating: "a", count: 40_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.response(within: .seconds(2))
            let elapsed = ContinuousClock.now - start
            #expect(response.status == 414)
            #expect(response.headers["connection"] == "close")
            #expect(elapsed < .milliseconds(200), "took \(elapsed)")
            #expect(await client.ending(within: .seconds(1)) == .closed(bytes: 0))
            #expect(await server.stats().rejectedRequests == 1)
            #expect(await server.stats().requests == 0)
        }
    }

    @Test func aRequestLineAtTheLimitIsServed() async throws {
        try await withLimitedServer(LessonServerLimits()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            // "GET /get?q=aaa… HTTP/1.1" is exactly 8 KiB long.
            let fixed = "GET /get?q= HTTP/1.1".utf8.count
            let line = "GET /get?q=" + String(repeating: "a", count: 8 * 1_024 - fixed) + " HTTP/1.1"
            try await client.send(line + "\r\nHost: x\r\n\r\n")
            #expect(try await client.response().status == 200)
        }
    }

    @Test func aTenMegabyteHeaderIs431WhileOthersAreServed() async throws {
        try await withLimitedServer(LessonServerLimits()) { server, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            let socket = client.socket
            let start = ContinuousClock.now
            // Sent in 64 KiB pieces until the server stops taking them.
            let sender = Task {
                try await socket.write(Data("GET /get HTTP/1.1\r\nHost: x\r\nX-Big: ".utf8))
                let piece = Data(repeating: UInt8(ascii: "b"), count: 64 * 1_024)
                for _ in 0..<(10 * 1_024 * 1_024 / piece.count) {
                    try await socket.write(piece)
                }
            }
            defer { sender.cancel() }
            // Meanwhile another client is answered as usual.
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/get"))
            let (_, other) = try await URLSession.shared.data(from: url)
            #expect((other as? HTTPURLResponse)?.statusCode == 200)
            #expect(ContinuousClock.now - start < .seconds(1))

            let response = try await client.response(within: .seconds(2))
            #expect(response.status == 431)
            #expect(ContinuousClock.now - start < .seconds(1))
            // The server closes the connection soon after; the sender ends.
            _ = await sender.result
            #expect(ContinuousClock.now - start < .seconds(2))
            #expect(await server.stats().rejectedRequests == 1)
        }
    }

    @Test func tooManyHeaderFieldsAre431() async throws {
        try await withLimitedServer(LessonServerLimits()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            let fields = (1...101).map { "X-\($0): y\r\n" }.joined()
            try await client.send("GET /get HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n")
            #expect(try await client.response().status == 431)
        }
    }

    @Test func aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() async throws {
        try await withLimitedServer(Self.quick()) { server, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            let start = ContinuousClock.now
            // Nothing was asked, so nothing is answered.
            #expect(await client.ending(within: .seconds(2)) == .closed(bytes: 0))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(150), "took \(elapsed)")
            #expect(elapsed < .seconds(1), "took \(elapsed)")
            #expect(await eventually { await server.stats().openConnections == 0 })
            #expect(await server.stats().timedOutConnections == 1)
        }
    }

    @Test func halfAHeadIsAnswered408AfterTheHeaderTimeout() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            let start = ContinuousClock.now
            try await client.send("GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half")
            let response = try await client.response(within: .seconds(2))
            #expect(response.status == 408)
            #expect(ContinuousClock.now - start >= .milliseconds(150))
            #expect(ContinuousClock.now - start < .seconds(1))
            #expect(await client.ending(within: .seconds(1)) == .closed(bytes: 0))
        }
    }

    /// Slowloris: a byte every 50 ms keeps no connection open past the
    /// header timeout, which counts from the connection's start.
    @Test func aHeadSentByteByByteIsCutOffAtTheHeaderTimeout() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            let socket = client.socket
            let start = ContinuousClock.now
            let dribble = Task {
                for byte in "GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8 + Array(repeating: 0x61, count: 40) {
                    try await socket.write(Data([byte]))
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            defer { dribble.cancel() }
            let response = try await client.response(within: .seconds(2))
            #expect(response.status == 408)
            #expect(ContinuousClock.now - start < .seconds(1))
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            try await client.send("GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await client.response().status == 200)
            // Within the idle timeout the connection is reused.
            try await Task.sleep(for: .milliseconds(100))
            try await client.send("GET /status/201 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let second = try await client.response()
            #expect(second.status == 201)
            #expect(second.headers["connection"] == nil)
            let start = ContinuousClock.now
            #expect(await client.ending(within: .seconds(2)) == .closed(bytes: 0))
            let elapsed = ContinuousClock.now - start
            // The server's clock started as it sent the answer, a little
            // before this one.
            #expect(elapsed >= .milliseconds(150), "took \(elapsed)")
            #expect(elapsed < .seconds(1), "took \(elapsed)")
        }
    }

    @Test func connectionsBeyondTheLimitAreRefusedWhileOthersAreServed() async throws {
        var limits = LessonServerLimits()
        limits.maximumConnections = 3
        try await withLimitedServer(limits) { server, port in
            var held: [LoopbackClient] = []
            for _ in 1...3 {
                held.append(try await LoopbackClient.connect(port: port))
            }
            defer { held.forEach { $0.close() } }
            #expect(await eventually { await server.stats().openConnections == 3 })

            var extra = try await LoopbackClient.connect(port: port)
            defer { extra.close() }
            try await extra.send("GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let refused = try await extra.response()
            #expect(refused.status == 503)
            #expect(refused.headers["connection"] == "close")
            #expect(await extra.ending(within: .seconds(1)) == .closed(bytes: 0))
            #expect(await server.stats().refusedConnections == 1)

            // The connections already open are served.
            try await held[0].send("GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await held[0].response().status == 200)

            // Once one closes, a new connection is served again.
            held[2].close()
            #expect(await eventually { await server.stats().openConnections == 2 })
            var later = try await LoopbackClient.connect(port: port)
            defer { later.close() }
            try await later.send("GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await later.response().status == 200)
        }
    }

    /// Refusals have a limit of their own; connections beyond it wait in
    /// the kernel's queue and are refused in turn, none reset unanswered.
    @Test func refusalsBeyondTheirLimitWaitTheirTurn() async throws {
        // The held connection must not time out during the test.
        var limits = LessonServerLimits()
        limits.lingerTimeout = .milliseconds(100)
        limits.maximumConnections = 1
        limits.maximumRefusals = 1
        try await withLimitedServer(limits) { server, port in
            let held = try await LoopbackClient.connect(port: port)
            defer { held.close() }
            #expect(await eventually { await server.stats().openConnections == 1 })
            var extras: [LoopbackClient] = []
            for _ in 1...3 {
                extras.append(try await LoopbackClient.connect(port: port))
            }
            defer { extras.forEach { $0.close() } }
            for index in extras.indices {
                // Each refusal lingers up to 100 ms for the client to hang up.
                let response = try await extras[index].response(within: .seconds(2))
                #expect(response.status == 503, "connection \(index)")
            }
            #expect(await server.stats().refusedConnections == 3)
        }
    }

    /// 60 connections that send nothing, twice the limit: half are
    /// refused at once, the others closed at the header timeout (1 s here,
    /// so that all 60 are open before the first is closed).
    @Test func slowlorisConnectionsAreAllClosed() async throws {
        var limits = Self.quick()
        limits.headerTimeout = .seconds(1)
        limits.maximumConnections = 30
        try await withLimitedServer(limits) { server, port in
            var clients: [LoopbackClient] = []
            let start = ContinuousClock.now
            for _ in 1...60 {
                clients.append(try await LoopbackClient.connect(port: port))
            }
            let opening = ContinuousClock.now - start
            defer { clients.forEach { $0.close() } }
            for index in clients.indices {
                if case .open = await clients[index].ending(within: .seconds(3)) {
                    let stats = await server.stats()
                    Issue.record("connection \(index) is still open (opening took \(opening)): \(stats)")
                }
            }
            #expect(await eventually { await server.stats().openConnections == 0 })
            let stats = await server.stats()
            #expect(stats.peakOpenConnections == 30)
            #expect(stats.refusedConnections == 30)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            try await client.send(
                "GET /status/201 HTTP/1.1\r\nHost: x\r\n\r\nGET /status/202 HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            #expect(try await client.response().status == 201)
            #expect(try await client.response().status == 202)
        }
    }

    @Test func aBodyIsReadSoTheNextRequestOnTheConnectionWorks() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            try await client.send("POST /get HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
            #expect(try await client.response().status == 405)
            try await client.send("GET /get HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().status == 200)
        }
    }

    @Test func expectContinueGetsAnInterimAnswerBeforeTheBody() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            try await client.send(
                "POST /get HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
            )
            #expect(try await client.response().status == 100)
            try await client.send("hello")
            #expect(try await client.response().status == 405)
        }
    }

    /// A chunked body is not decoded: the request is answered without
    /// it and the connection closed, so no chunk is read as a request.
    @Test func aChunkedRequestIsAnsweredThenClosed() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            try await client.send(
                "POST /get HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            )
            let response = try await client.response()
            #expect(response.status == 405)
            #expect(response.headers["connection"] == "close")
            #expect(await client.ending(within: .seconds(1)) == .closed(bytes: 0))
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            try await client.send("POST /get HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n")
            let response = try await client.response()
            #expect(response.status == 413)
            #expect(response.headers["connection"] == "close")
        }
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var once = try await LoopbackClient.connect(port: port)
            defer { once.close() }
            try await once.send("GET /get HTTP/1.0\r\n\r\n")
            let response = try await once.response()
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "close")
            #expect(await once.ending(within: .seconds(1)) == .closed(bytes: 0))

            var kept = try await LoopbackClient.connect(port: port)
            defer { kept.close() }
            try await kept.send("GET /get HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.response().headers["connection"] == "keep-alive")
            try await kept.send("GET /status/202 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.response().status == 202)
        }
    }

    @Test func aHeadRequestGetsNoBody() async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            // HEAD is answered 405 with a Content-Length but no body, so the
            // next answer on the connection is read correctly.
            try await client.send("HEAD /get HTTP/1.1\r\nHost: x\r\n\r\nGET /status/202 HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try await client.response(toHead: true)
            #expect(head.status == 405)
            #expect((head.headers["content-length"].flatMap(Int.init) ?? 0) > 0)
            #expect(try await client.response().status == 202)
        }
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET /get HTTP/2.0\r\n\r\n", 505),
        ("GET /get HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
        ("GET /get HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
    ])
    func malformedHeadsAreAnsweredAndClosed(head: String, status: Int) async throws {
        try await withLimitedServer(Self.quick()) { _, port in
            var client = try await LoopbackClient.connect(port: port)
            defer { client.close() }
            try await client.send(head)
            let response = try await client.response()
            #expect(response.status == status)
            #expect(await client.ending(within: .seconds(1)) == .closed(bytes: 0))
        }
    }
}
