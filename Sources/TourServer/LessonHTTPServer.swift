import FlyingFox
import FlyingSocks
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTTP/1.1 server under ``LessonServer``: it accepts connections,
/// reads each request within ``LessonServerLimits``, and hands it to an
/// `HTTPHandler` (``LessonEndpoints``).
///
/// It uses FlyingSocks (FlyingFox's socket layer) for sockets and its
/// epoll pool, and FlyingFox's `HTTPRequest`/`HTTPResponse` types, but not
/// FlyingFox's `HTTPServer`: that one reads a head byte by byte with no
/// size limit, in time that grows with the square of a line's length, and
/// has no header, idle or send timeout and no connection limit, and none
/// of its connection code can be replaced. Here a head is scanned once
/// (``RequestHeadScanner``), every wait on a socket has a deadline, and
/// admission counts connections.
final class LessonHTTPServer: Sendable {
    private let listener: Socket
    private let pool: any AsyncSocketPool
    private let limits: LessonServerLimits
    private let handler: any HTTPHandler
    private let statistics: LessonServerStatistics
    /// The address it listens on, such as `127.0.0.1` and a port.
    let host: String
    let port: UInt16
    private let listening = Mutex(true)

    /// Binds and listens on `address` at once, so connections queue in the
    /// kernel until ``run()`` accepts them; throws if the address is taken.
    init(
        address: sockaddr_in,
        limits: LessonServerLimits,
        handler: some HTTPHandler,
        statistics: LessonServerStatistics
    ) async throws {
        let socket = try Socket(domain: Int32(AF_INET))
        do {
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: address)
            try socket.listen()
            guard case .ip4(let host, let port) = try socket.sockname() else {
                throw SocketError.unsupportedAddress
            }
            let pool = HTTPServer.defaultPool()
            try await pool.prepare()
            self.host = host
            self.port = port
            self.pool = pool
        } catch {
            try? socket.close()
            throw error
        }
        self.listener = socket
        self.limits = limits
        self.handler = handler
        self.statistics = statistics
    }

    /// False once ``run()`` has ended; the socket is closed then.
    var isListening: Bool {
        listening.withLock { $0 }
    }

    /// Accepts and serves connections until cancelled. Cancelling ends
    /// every connection at once and closes the listening socket.
    func run() async throws {
        defer {
            listening.withLock { $0 = false }
            try? listener.close()
        }
        let pool = self.pool
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            group.addTask { try await self.acceptConnections() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func acceptConnections() async throws {
        let listener = try AsyncSocket(socket: self.listener, pool: pool)
        var failures = 0
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                // While refusals are at their limit too, leave connections
                // in the kernel's queue: they are answered 503 a little
                // later rather than reset now.
                while statistics.refusalsAreFull(within: limits), !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                let socket: AsyncSocket
                do {
                    socket = try await listener.accept()
                    failures = 0
                } catch {
                    // Out of descriptors, say: wait a little, a bounded
                    // number of times in a row.
                    failures += 1
                    if Task.isCancelled || failures > 50 { break }
                    try? await Task.sleep(for: .milliseconds(20))
                    continue
                }
                Self.disableNagle(socket.socket)
                switch statistics.admit(within: limits) {
                case .serve:
                    group.addTask {
                        defer { self.statistics.connectionClosed() }
                        await self.serve(socket)
                    }
                case .refuse:
                    group.addTask {
                        defer { self.statistics.refusalEnded() }
                        await self.refuse(socket)
                    }
                case .drop:
                    try? socket.close()
                }
            }
        }
        // Cancelled, or the listening socket keeps failing.
        throw SocketError.disconnected
    }

    /// Turns off Nagle's algorithm. With it on, an answer written in two
    /// parts (a large body follows its head, a 100 Continue its request)
    /// waits for the client's delayed acknowledgement: on a reused
    /// connection every answer after the first came about 40 ms late.
    private static func disableNagle(_ socket: Socket) {
        var on: Int32 = 1
        _ = setsockopt(
            socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY,
            &on, socklen_t(MemoryLayout<Int32>.size)
        )
    }

    // MARK: - A connection

    private func serve(_ socket: AsyncSocket) async {
        var connection = ServerConnection(socket: socket.socket, pool: pool, limits: limits)
        defer { try? socket.close() }
        let peer = (try? socket.socket.remotePeer()).map(HTTPRequest.Address.make)
        var headDeadline = ContinuousClock.now + limits.headerTimeout
        while !Task.isCancelled {
            let head: RequestHead
            switch await readHead(on: &connection, before: headDeadline) {
            case .head(let read): head = read
            case .ended: return
            case .answer(let response):
                await sendLast(response, on: &connection)
                return
            }
            var closing = !head.keepsAlive
            let body: Data
            switch await readBody(of: head, on: &connection) {
            case .body(let read): body = read
            case .unread:
                // A chunked body is not read: the request is answered
                // without it, and the connection closed.
                body = Data()
                closing = true
            case .ended: return
            case .answer(let response):
                await sendLast(response, on: &connection)
                return
            }
            let request = HTTPRequest(
                method: HTTPMethod(head.method),
                version: HTTPVersion(head.version),
                target: Self.target(head.target),
                headers: Self.headers(head),
                body: HTTPBodySequence(data: body),
                remoteAddress: peer
            )
            let response = await respond(to: request)
            let wire = await Self.encode(
                response, for: head.method, version: head.version, closing: closing
            )
            switch await connection.send(wire) {
            case .sent: break
            case .timedOut:
                statistics.connectionTimedOut()
                return
            case .failed: return
            }
            if closing {
                await connection.linger()
                return
            }
            // Keep-alive: wait for the next request's first byte.
            if connection.buffer.isEmpty {
                switch await connection.receive(before: .now + limits.idleTimeout) {
                case .received: break
                case .timedOut, .closed: return
                }
            }
            headDeadline = .now + limits.headerTimeout
        }
    }

    private enum HeadRead {
        case head(RequestHead)
        /// The client left, or sent nothing in time: close in silence.
        case ended
        /// Answer this, then close.
        case answer(HTTPResponse)
    }

    private func readHead(
        on connection: inout ServerConnection, before deadline: ContinuousClock.Instant
    ) async -> HeadRead {
        var scanner = RequestHeadScanner(
            maximumRequestLineBytes: limits.maximumRequestLineBytes,
            maximumHeadBytes: limits.maximumHeadBytes,
            maximumFieldCount: limits.maximumFieldCount
        )
        while true {
            do {
                if case .complete(let head, let length) = try scanner.scan(connection.buffer) {
                    connection.buffer.removeFirst(length)
                    return .head(head)
                }
            } catch {
                statistics.requestRejected()
                return .answer(Self.answer(to: error, limits: limits))
            }
            switch await connection.receive(before: deadline) {
            case .received: continue
            case .closed: return .ended
            case .timedOut:
                statistics.connectionTimedOut()
                if connection.buffer.isEmpty { return .ended }
                return .answer(.problem(.requestTimeout, "the request's head did not arrive in time"))
            }
        }
    }

    private enum BodyRead {
        case body(Data)
        case unread
        case ended
        case answer(HTTPResponse)
    }

    private func readBody(of head: RequestHead, on connection: inout ServerConnection) async -> BodyRead {
        let lengths = head.values(of: "Content-Length")
        let encodings = head.values(of: "Transfer-Encoding")
        if !encodings.isEmpty {
            guard lengths.isEmpty else {
                statistics.requestRejected()
                return .answer(.problem(.badRequest, "Content-Length and Transfer-Encoding together"))
            }
            return .unread
        }
        guard let text = lengths.first else { return .body(Data()) }
        guard lengths.allSatisfy({ $0 == text }), !text.isEmpty, text.count <= 18,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let length = Int(text) else {
            statistics.requestRejected()
            return .answer(.problem(.badRequest, "Content-Length is not one whole number"))
        }
        guard length <= limits.maximumBodyBytes else {
            statistics.requestRejected()
            return .answer(.problem(
                .payloadTooLarge, "the body is longer than \(limits.maximumBodyBytes) bytes"
            ))
        }
        if connection.buffer.count < length,
           head.tokens(of: "Expect").contains("100-continue") {
            guard await connection.send([Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)]) == .sent else {
                return .ended
            }
        }
        let deadline = ContinuousClock.now + limits.bodyTimeout
        while connection.buffer.count < length {
            switch await connection.receive(before: deadline) {
            case .received: continue
            case .closed: return .ended
            case .timedOut:
                statistics.connectionTimedOut()
                return .answer(.problem(.requestTimeout, "the request's body did not arrive in time"))
            }
        }
        let body = Data(connection.buffer[..<length])
        connection.buffer.removeFirst(length)
        return .body(body)
    }

    /// The handler's answer, or 500 when it throws or takes longer than
    /// ``LessonServerLimits/handlerTimeout``.
    private func respond(to request: HTTPRequest) async -> HTTPResponse {
        let handler = self.handler
        do {
            let response = try await withDeadline(.now + limits.handlerTimeout) {
                try await handler.handleRequest(request)
            }
            return response ?? HTTPResponse(statusCode: .internalServerError)
        } catch is HTTPUnhandledError {
            return HTTPResponse(statusCode: .notFound)
        } catch {
            return HTTPResponse(statusCode: .internalServerError)
        }
    }

    /// Sends an answer that ends the connection.
    private func sendLast(_ response: HTTPResponse, on connection: inout ServerConnection) async {
        let wire = await Self.encode(response, for: "GET", version: "HTTP/1.1", closing: true)
        if await connection.send(wire) == .sent {
            await connection.linger()
        }
    }

    /// A connection beyond ``LessonServerLimits/maximumConnections``.
    private func refuse(_ socket: AsyncSocket) async {
        defer { try? socket.close() }
        var limits = self.limits
        limits.sendTimeout = min(limits.sendTimeout, .seconds(1))
        var connection = ServerConnection(socket: socket.socket, pool: pool, limits: limits)
        let response = HTTPResponse.problem(
            .serviceUnavailable, "the server has \(limits.maximumConnections) connections open"
        )
        await sendLast(response, on: &connection)
    }

    // MARK: - Translation

    private static func target(_ text: String) -> HTTPRequest.Target {
        guard let mark = text.firstIndex(of: "?") else {
            return HTTPRequest.Target(path: text, query: "")
        }
        return HTTPRequest.Target(
            path: String(text[..<mark]),
            query: String(text[text.index(after: mark)...])
        )
    }

    private static func headers(_ head: RequestHead) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for field in head.fields {
            headers.addValue(field.value, for: HTTPHeader(field.name))
        }
        return headers
    }

    /// The bytes of an answer: status line, headers, and the body unless
    /// the request was HEAD or the status has none. A large body is kept
    /// apart rather than copied after the head.
    static func encode(
        _ response: HTTPResponse, for method: String, version: String, closing: Bool
    ) async -> [Data] {
        let code = response.statusCode.code
        let hasBody = !((100..<200).contains(code) || code == 204 || code == 304)
        let body = hasBody ? ((try? await response.bodyData) ?? Data()) : Data()
        var head = "HTTP/1.1 \(code) \(clean(response.statusCode.phrase))\r\n"
        let framing: Set<String> = ["content-length", "transfer-encoding", "connection"]
        let fields = response.headers
            .filter { !framing.contains($0.key.rawValue.lowercased()) }
            .sorted { $0.key.rawValue < $1.key.rawValue }
        for (name, value) in fields {
            head += "\(clean(name.rawValue)): \(clean(value))\r\n"
        }
        if hasBody {
            head += "Content-Length: \(body.count)\r\n"
        }
        if closing {
            head += "Connection: close\r\n"
        } else if version == "HTTP/1.0" {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var wire = Data(head.utf8)
        guard method != "HEAD", !body.isEmpty else { return [wire] }
        if body.count > 64 * 1_024 { return [wire, body] }
        wire.append(body)
        return [wire]
    }

    /// A header name or value without the CR and LF that would end it.
    private static func clean(_ text: String) -> String {
        text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            ? String(text.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" })
            : text
    }

    private static func answer(to rejection: RequestHeadRejection, limits: LessonServerLimits) -> HTTPResponse {
        switch rejection {
        case .requestLineTooLong:
            .problem(.uriTooLong, "the request line is longer than \(limits.maximumRequestLineBytes) bytes")
        case .headTooLarge:
            .problem(
                .requestHeaderFieldsTooLarge,
                "the request's head is longer than \(limits.maximumHeadBytes) bytes"
                    + " or has more than \(limits.maximumFieldCount) fields"
            )
        case .malformed(let reason):
            .problem(.badRequest, reason)
        case .unsupportedVersion:
            .problem(.httpVersionNotSupported, "only HTTP/1.0 and HTTP/1.1 are supported")
        }
    }
}

private extension HTTPResponse {
    /// An error answer with a JSON body saying why, like the endpoints'.
    static func problem(_ status: HTTPStatusCode, _ message: String) -> HTTPResponse {
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data("{}".utf8)
        return HTTPResponse(
            statusCode: status,
            headers: [.contentType: "application/json"],
            body: body + Data("\n".utf8)
        )
    }
}
