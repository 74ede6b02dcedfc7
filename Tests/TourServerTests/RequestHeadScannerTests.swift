import Testing
@testable import TourServer

@Suite struct RequestHeadScannerTests {

    static func scanner() -> RequestHeadScanner {
        RequestHeadScanner(maximumRequestLineBytes: 8_192, maximumHeadBytes: 32_768, maximumFieldCount: 100)
    }

    static func scan(_ text: String) throws(RequestHeadRejection) -> RequestHeadScanner.Outcome {
        var scanner = scanner()
        return try scanner.scan(Array(text.utf8))
    }

    @Test func aHeadIsParsedWithItsFieldsInOrder() throws {
        let text = "GET /get?q=1 HTTP/1.1\r\nHost: 127.0.0.1:80\r\nX-A:  one \r\nx-a: two\r\n\r\nNEXT"
        guard case .complete(let head, let length) = try Self.scan(text) else {
            Issue.record("no head")
            return
        }
        #expect(length == text.utf8.count - "NEXT".utf8.count)
        #expect(head.method == "GET")
        #expect(head.target == "/get?q=1")
        #expect(head.version == "HTTP/1.1")
        #expect(head.fields == [
            .init(name: "Host", value: "127.0.0.1:80"),
            .init(name: "X-A", value: "one"),
            .init(name: "x-a", value: "two"),
        ])
        #expect(head.values(of: "x-A") == ["one", "two"])
        #expect(head.keepsAlive)
    }

    @Test func bareLineFeedsAndLeadingEmptyLinesAreAccepted() throws {
        guard case .complete(let head, _) = try Self.scan("\r\n\nGET / HTTP/1.0\nConnection: keep-alive\n\n") else {
            Issue.record("no head")
            return
        }
        #expect(head.target == "/")
        #expect(head.keepsAlive)
    }

    @Test func aHeadFedOneByteAtATimeIsFoundOnceComplete() throws {
        let bytes = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        var scanner = Self.scanner()
        var buffer: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            buffer.append(byte)
            let outcome = try scanner.scan(buffer)
            if index < bytes.count - 1 {
                #expect(outcome == .incomplete, "at byte \(index)")
            } else {
                guard case .complete(let head, let length) = outcome else {
                    Issue.record("no head at the end")
                    return
                }
                #expect(length == bytes.count)
                #expect(head.fields == [.init(name: "Host", value: "x")])
            }
        }
    }

    /// A scanner that looked at the whole buffer again on every call would
    /// look at about 540 million bytes here.
    @Test func scanningIsLinearInTheBytesReceived() throws {
        var text = "GET / HTTP/1.1\r\n"
        for index in 0..<99 {
            text += "X-\(index): " + String(repeating: "v", count: 300) + "\r\n"
        }
        text += "\r\n"
        let bytes = Array(text.utf8)
        #expect(bytes.count < 32_768)
        var scanner = Self.scanner()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(bytes.count)
        let start = ContinuousClock.now
        var outcome = RequestHeadScanner.Outcome.incomplete
        for byte in bytes {
            buffer.append(byte)
            outcome = try scanner.scan(buffer)
        }
        let elapsed = ContinuousClock.now - start
        guard case .complete(let head, _) = outcome else {
            Issue.record("no head")
            return
        }
        #expect(head.fields.count == 99)
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
    }

    @Test func theRequestLineLimitIsExact() throws {
        let fixed = "GET / HTTP/1.1".utf8.count
        let atLimit = "GET /" + String(repeating: "a", count: 8_192 - fixed) + " HTTP/1.1"
        #expect(atLimit.utf8.count == 8_192)
        guard case .complete = try Self.scan(atLimit + "\r\n\r\n") else {
            Issue.record("a request line of 8192 bytes was refused")
            return
        }
        #expect(throws: RequestHeadRejection.requestLineTooLong) {
            try Self.scan("GET /a" + atLimit.dropFirst(5) + "\r\n\r\n")
        }
        #expect(throws: RequestHeadRejection.requestLineTooLong) {
            try Self.scan("GET /a" + atLimit.dropFirst(5) + "\n\n")
        }
    }

    @Test func aLongRequestLineIsRefusedBeforeItEnds() throws {
        // No line feed yet: refused as soon as the limit is passed.
        #expect(throws: RequestHeadRejection.requestLineTooLong) {
            try Self.scan("GET /" + String(repeating: "a", count: 8_200))
        }
        #expect(try Self.scan("GET /" + String(repeating: "a", count: 8_100)) == .incomplete)
    }

    @Test func aLongHeadIsRefusedBeforeItEnds() {
        #expect(throws: RequestHeadRejection.headTooLarge) {
            try Self.scan("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 40_000))
        }
        #expect(throws: RequestHeadRejection.headTooLarge) {
            try Self.scan(String(repeating: "\r\n", count: 20_000))
        }
    }

    @Test func moreThanTheMostFieldsIsRefused() throws {
        let fields = (1...100).map { "X-\($0): y\r\n" }.joined()
        guard case .complete(let head, _) = try Self.scan("GET / HTTP/1.1\r\n" + fields + "\r\n") else {
            Issue.record("100 fields were refused")
            return
        }
        #expect(head.fields.count == 100)
        #expect(throws: RequestHeadRejection.headTooLarge) {
            try Self.scan("GET / HTTP/1.1\r\n" + fields + "X-101: y\r\n\r\n")
        }
    }

    @Test(arguments: [
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET / FTP/1.1\r\n\r\n",
        "GET /\u{1}x HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u{0}b\r\n\r\n",
    ])
    func malformedHeadsAreRefused(text: String) {
        #expect {
            try Self.scan(text)
        } throws: { error in
            if case .malformed = error as? RequestHeadRejection { return true }
            return false
        }
    }

    @Test func otherVersionsAreRefused() {
        #expect(throws: RequestHeadRejection.unsupportedVersion) {
            try Self.scan("GET / HTTP/2.0\r\n\r\n")
        }
    }

    @Test func connectionTokensDecideKeepAlive() throws {
        func keepsAlive(_ text: String) throws -> Bool {
            guard case .complete(let head, _) = try Self.scan(text) else { return false }
            return head.keepsAlive
        }
        #expect(try keepsAlive("GET / HTTP/1.1\r\n\r\n"))
        #expect(try !keepsAlive("GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n"))
        #expect(try !keepsAlive("GET / HTTP/1.0\r\n\r\n"))
        #expect(try keepsAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"))
    }
}
