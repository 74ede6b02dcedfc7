import FlyingSocks
import Foundation
import Synchronization
@testable import TourServer

/// A raw HTTP client on 127.0.0.1 for what URLSession will not send:
/// a huge head, half a head, nothing at all. Every read has a deadline,
/// so no test waits longer than it says.
struct LoopbackClient {
    let socket: AsyncSocket
    /// Shared by copies, so that the descriptor is closed once: closing it
    /// twice could close another test's socket that reused its number.
    private let closed = ClosedFlag()
    /// Bytes received and not yet returned.
    private var buffer: [UInt8] = []

    private final class ClosedFlag: Sendable {
        let value = Mutex(false)
    }

    struct TimedOut: Error {}

    static func connect(port: UInt16) async throws -> LoopbackClient {
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        return LoopbackClient(socket: try await AsyncSocket.connected(to: address, timeout: 2))
    }

    private init(socket: AsyncSocket) {
        self.socket = socket
    }

    func send(_ text: String) async throws {
        try await socket.write(Data(text.utf8))
    }

    func send(_ data: Data) async throws {
        try await socket.write(data)
    }

    func close() {
        let first = closed.value.withLock { closed in
            defer { closed = true }
            return !closed
        }
        if first { try? socket.close() }
    }

    /// Reads more bytes, or throws ``TimedOut``, or `SocketError.disconnected`
    /// at end of file.
    private mutating func receive(before deadline: ContinuousClock.Instant) async throws {
        let socket = self.socket
        guard let bytes = try await withDeadline(deadline, { try await socket.read(atMost: 64 * 1_024) }) else {
            throw TimedOut()
        }
        buffer.append(contentsOf: bytes)
    }

    struct Response {
        var status: Int
        /// Header names lowercased.
        var headers: [String: String]
        var body: Data
    }

    /// Reads one response framed by its Content-Length; an answer to HEAD
    /// has no body whatever its Content-Length says.
    mutating func response(within timeout: Duration = .seconds(2), toHead: Bool = false) async throws -> Response {
        let deadline = ContinuousClock.now + timeout
        let terminator = Array("\r\n\r\n".utf8)
        var searched = 0
        var headEnd: Int?
        while headEnd == nil {
            while searched + terminator.count <= buffer.count {
                if buffer[searched..<(searched + terminator.count)].elementsEqual(terminator) {
                    headEnd = searched + terminator.count
                    break
                }
                searched += 1
            }
            if headEnd == nil { try await receive(before: deadline) }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers[parts[0].lowercased()] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        let length = toHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < headEnd! + length {
            try await receive(before: deadline)
        }
        let body = Data(buffer[headEnd!..<(headEnd! + length)])
        buffer.removeFirst(headEnd! + length)
        return Response(status: Int(statusLine[1]) ?? 0, headers: headers, body: body)
    }

    enum Ending: Equatable {
        /// The server closed the connection; these bytes came before.
        case closed(bytes: Int)
        /// Still open at the deadline.
        case open
    }

    /// Waits for the server to close the connection.
    mutating func ending(within timeout: Duration) async -> Ending {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                try await receive(before: deadline)
            } catch is TimedOut {
                return .open
            } catch {
                return .closed(bytes: buffer.count)
            }
        }
    }
}

/// Runs `body` against a fresh server with these limits, on its port.
func withLimitedServer(
    _ limits: LessonServerLimits,
    _ body: (LessonServer, UInt16) async throws -> Void
) async throws {
    let server = LessonServer(limits: limits)
    let base = try await server.baseURL()
    let port = UInt16(URLComponents(string: base)?.port ?? 0)
    do {
        try await body(server, port)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// Polls `condition` every 10 ms, at most for `timeout`.
func eventually(
    within timeout: Duration = .seconds(2), _ condition: () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
