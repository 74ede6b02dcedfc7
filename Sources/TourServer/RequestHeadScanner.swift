/// The head of an HTTP/1.x request: its request line and header fields.
struct RequestHead: Equatable, Sendable {
    var method: String
    var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    var version: String
    /// The fields in the order they came; names as sent.
    var fields: [Field]

    struct Field: Equatable, Sendable {
        var name: String
        var value: String
    }

    /// The values of every field with this name, compared without case.
    func values(of name: String) -> [String] {
        let name = name.lowercased()
        return fields.filter { $0.name.lowercased() == name }.map(\.value)
    }

    /// The comma-separated tokens of every field with this name, lowercased.
    func tokens(of name: String) -> [String] {
        values(of: name).flatMap { value in
            value.split(separator: ",").map {
                String($0.filter { $0 != " " && $0 != "\t" }).lowercased()
            }
        }
    }

    /// HTTP/1.1 keeps a connection open unless the request says `close`;
    /// HTTP/1.0 closes it unless the request says `keep-alive`.
    var keepsAlive: Bool {
        let tokens = tokens(of: "Connection")
        if version == "HTTP/1.1" {
            return !tokens.contains("close")
        }
        return tokens.contains("keep-alive")
    }
}

/// Why a request head was refused, with the status it is answered with.
enum RequestHeadRejection: Error, Equatable, Sendable {
    /// The request line is longer than the limit: `414 URI Too Long`.
    case requestLineTooLong
    /// The head is longer than the limit, or has too many fields:
    /// `431 Request Header Fields Too Large`.
    case headTooLarge
    /// The head breaks the HTTP/1.1 grammar: `400 Bad Request`.
    case malformed(String)
    /// A version other than HTTP/1.0 and HTTP/1.1:
    /// `505 HTTP Version Not Supported`.
    case unsupportedVersion
}

/// Finds and parses a request head in bytes that arrive in pieces, looking
/// at each byte once, so the work is linear in what was received.
///
/// Feed it the whole buffer received so far each time more arrives; it
/// resumes where it stopped. It refuses as soon as a limit is passed,
/// without waiting for the rest of the head: a 10 MB header costs what
/// its first `maximumHeadBytes` cost.
struct RequestHeadScanner {
    let maximumRequestLineBytes: Int
    let maximumHeadBytes: Int
    let maximumFieldCount: Int

    /// How far the buffer has been looked at.
    private var position = 0
    /// Where the request line starts, once a byte other than CR or LF
    /// came (empty lines before a request are ignored, RFC 9112 §2.2).
    private var requestLineStart: Int?
    /// Where the line being scanned starts.
    private var lineStart = 0
    /// The end of each line so far, after the request line's start: the
    /// index of its LF.
    private var lineEnds: [Int] = []

    init(maximumRequestLineBytes: Int, maximumHeadBytes: Int, maximumFieldCount: Int) {
        self.maximumRequestLineBytes = maximumRequestLineBytes
        self.maximumHeadBytes = maximumHeadBytes
        self.maximumFieldCount = maximumFieldCount
    }

    enum Outcome: Equatable {
        /// No complete head yet, and no limit passed: read more.
        case incomplete
        /// A head, which took the first `length` bytes of the buffer.
        case complete(RequestHead, length: Int)
    }

    /// Looks at the bytes of `buffer` not seen yet. The buffer must start
    /// with the bytes given before.
    mutating func scan(_ buffer: [UInt8]) throws(RequestHeadRejection) -> Outcome {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while position < buffer.count {
            let byte = buffer[position]
            position += 1
            guard let start = requestLineStart else {
                // Before the request line: skip empty lines, within limits.
                if byte == lf || byte == cr {
                    if position > maximumHeadBytes { throw .headTooLarge }
                    continue
                }
                requestLineStart = position - 1
                lineStart = position - 1
                continue
            }
            if byte != lf {
                if lineEnds.isEmpty, position - start > maximumRequestLineBytes + 1 {
                    throw .requestLineTooLong
                }
                if position - start > maximumHeadBytes {
                    throw .headTooLarge
                }
                continue
            }
            let end = position - 1
            let isEmpty = end == lineStart || (end == lineStart + 1 && buffer[lineStart] == cr)
            if lineEnds.isEmpty, lineLength(buffer, from: lineStart, to: end) > maximumRequestLineBytes {
                throw .requestLineTooLong
            }
            if isEmpty && !lineEnds.isEmpty {
                return .complete(try parse(buffer, from: start), length: position)
            }
            if isEmpty {
                // Only the request line can be empty before this point,
                // and empty lines before it were skipped.
                throw .malformed("empty request line")
            }
            lineEnds.append(end)
            if lineEnds.count - 1 > maximumFieldCount { throw .headTooLarge }
            lineStart = position
        }
        return .incomplete
    }

    /// The length of the line from `start` to the LF at `end`, without a CR
    /// before the LF.
    private func lineLength(_ buffer: [UInt8], from start: Int, to end: Int) -> Int {
        end > start && buffer[end - 1] == UInt8(ascii: "\r") ? end - 1 - start : end - start
    }

    private func parse(_ buffer: [UInt8], from start: Int) throws(RequestHeadRejection) -> RequestHead {
        var lines: [ArraySlice<UInt8>] = []
        lines.reserveCapacity(lineEnds.count)
        var lineStart = start
        for end in lineEnds {
            lines.append(buffer[lineStart..<(lineStart + lineLength(buffer, from: lineStart, to: end))])
            lineStart = end + 1
        }
        var head = try Self.parseRequestLine(lines[0])
        head.fields.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            head.fields.append(try Self.parseField(line))
        }
        return head
    }

    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(RequestHeadRejection) -> RequestHead {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .malformed("the request line is not METHOD TARGET VERSION")
        }
        guard parts[0].allSatisfy(isTokenByte) else {
            throw .malformed("the method is not a token")
        }
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .malformed("the target holds a control or non-ASCII byte")
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version.hasPrefix("HTTP/") else {
            throw .malformed("the version is not HTTP/x.y")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw .unsupportedVersion
        }
        return RequestHead(
            method: String(decoding: parts[0], as: UTF8.self),
            target: String(decoding: parts[1], as: UTF8.self),
            version: version,
            fields: []
        )
    }

    static func parseField(_ line: ArraySlice<UInt8>) throws(RequestHeadRejection) -> RequestHead.Field {
        guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else {
            // Obsolete line folding (RFC 9112 §5.2) is refused.
            throw .malformed("a header line starts with white space")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw .malformed("a header line has no colon")
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
            throw .malformed("a header name is not a token")
        }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
            value = value.dropFirst()
        }
        while let byte = value.last, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
            value = value.dropLast()
        }
        guard value.allSatisfy({ $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw .malformed("a header value holds a control byte")
        }
        return RequestHead.Field(
            name: String(decoding: name, as: UTF8.self),
            value: String(decoding: value, as: UTF8.self)
        )
    }

    /// RFC 9110 §5.6.2: `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
