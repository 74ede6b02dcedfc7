import FlyingFox
import Foundation

/// The httpbin-like endpoints that the networking chapter calls.
///
/// | endpoint | answer |
/// |---|---|
/// | `GET /` | the list of endpoints, as JSON |
/// | `GET /delay/:seconds` | waits that long (fractions allowed, capped), then JSON |
/// | `GET /status/:code` | an empty-ish answer with that status (200–599) |
/// | `GET /bytes/:n` | `n` bytes of `application/octet-stream` (capped) |
/// | `GET /get` | the request's path, query and headers echoed as JSON |
/// | anything else | `404` (or `405` for a method other than GET), as JSON |
///
/// Waiting uses the injected clock's `sleep`, so a waiting request holds
/// no thread and any number of them wait at the same time.
struct LessonEndpoints: HTTPHandler {

    /// The longest `/delay` honours; longer requests wait this long.
    static let maximumDelay = 30.0
    /// The most bytes `/bytes` sends.
    static let maximumByteCount = 10 * 1_024 * 1_024

    private let clock: any Clock<Duration>
    private let statistics: LessonServerStatistics

    init(
        clock: some Clock<Duration> = ContinuousClock(),
        statistics: LessonServerStatistics = LessonServerStatistics()
    ) {
        self.clock = clock
        self.statistics = statistics
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        statistics.requestStarted()
        defer { statistics.requestFinished() }
        return try await response(to: request)
    }

    private func response(to request: HTTPRequest) async throws -> HTTPResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false)
        // "/delay/1" splits into ["", "delay", "1"].
        let route = parts.dropFirst().map(String.init)
        guard request.method == .GET else {
            return .json(
                status: .methodNotAllowed,
                ["error": "only GET is supported", "path": request.path],
                headers: [.allow: "GET"]
            )
        }
        switch route.first {
        case "" where route.count == 1: return .json(status: .ok, Self.index)
        case "delay" where route.count == 2: return try await delay(route[1])
        case "status" where route.count == 2: return status(route[1])
        case "bytes" where route.count == 2: return bytes(route[1])
        case "get" where route.count == 1: return echo(request)
        default:
            return .json(
                status: .notFound,
                ["error": "no such endpoint", "path": request.path]
            )
        }
    }

    // MARK: - Endpoints

    private func delay(_ text: String) async throws -> HTTPResponse {
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
            return .badRequest("delay must be a number of seconds, not \(text)")
        }
        let capped = min(seconds, Self.maximumDelay)
        try await clock.sleep(for: .seconds(capped))
        return .json(status: .ok, DelayAnswer(delay: capped))
    }

    private func status(_ text: String) -> HTTPResponse {
        guard let code = Int(text), (200...599).contains(code) else {
            return .badRequest("status must be a code from 200 to 599, not \(text)")
        }
        let status = HTTPStatusCode(code, phrase: Self.phrase(for: code))
        // 204 and 304 answers must not carry a body.
        if code == 204 || code == 304 {
            return HTTPResponse(statusCode: status)
        }
        return .json(status: status, StatusAnswer(status: code))
    }

    private func bytes(_ text: String) -> HTTPResponse {
        guard let count = Int(text), count >= 0 else {
            return .badRequest("bytes must be a whole number, not \(text)")
        }
        let capped = min(count, Self.maximumByteCount)
        var body = Data(count: capped)
        body.withUnsafeMutableBytes { buffer in
            for index in buffer.indices {
                buffer[index] = UInt8(truncatingIfNeeded: index)
            }
        }
        return HTTPResponse(
            statusCode: .ok,
            headers: [.contentType: "application/octet-stream"],
            body: body
        )
    }

    private func echo(_ request: HTTPRequest) -> HTTPResponse {
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            let key = name.rawValue.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        var args: [String: String] = [:]
        for item in request.query {
            args[item.name] = item.value
        }
        return .json(
            status: .ok,
            EchoAnswer(
                method: request.method.rawValue,
                path: request.path,
                args: args,
                headers: headers
            )
        )
    }

    // MARK: - Data

    static let index = [
        "GET /": "this list",
        "GET /delay/:seconds": "waits, then answers (at most 30 s)",
        "GET /status/:code": "answers with that status (200-599)",
        "GET /bytes/:n": "answers with n bytes (at most 10 MiB)",
        "GET /get": "echoes the request's path, query and headers",
    ]

    static func phrase(for code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 418: "I'm a teapot"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(code)"
        }
    }
}

struct DelayAnswer: Codable, Equatable {
    var delay: Double
}

struct StatusAnswer: Codable, Equatable {
    var status: Int
}

struct EchoAnswer: Codable, Equatable {
    var method: String
    var path: String
    var args: [String: String]
    var headers: [String: String]
}

fileprivate extension HTTPResponse {

    static func json(
        status: HTTPStatusCode,
        _ value: some Encodable,
        headers: HTTPHeaders = [:]
    ) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail.
        var body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        body.append(UInt8(ascii: "\n"))
        var headers = headers
        headers[.contentType] = "application/json"
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    static func badRequest(_ message: String) -> HTTPResponse {
        .json(status: .badRequest, ["error": message])
    }
}

fileprivate extension HTTPHeader {
    static let allow = HTTPHeader("Allow")
}
