import Foundation
import Testing
@testable import TourTerminal

@Suite struct PlainLineReaderTests {
    /// A reader on a pipe holding `text`, its writing end closed.
    func reader(_ text: String) -> PlainLineReader {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        _ = Array(text.utf8).withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        return PlainLineReader(fd: fds[0])
    }

    @Test func linesThenTheEnd() {
        let reader = reader("toc\r\nrun 1\n\n你好\nlast")
        #expect(reader.readLine() == .line("toc"))
        #expect(reader.readLine() == .line("run 1"))
        #expect(reader.readLine() == .line(""))
        #expect(reader.readLine() == .line("你好"))
        #expect(reader.readLine() == .line("last"))
        #expect(reader.readLine() == .endOfInput)
        #expect(reader.readLine() == .endOfInput)
    }

    @Test func longLinesAcrossReads() {
        let long = String(repeating: "x", count: 10_000)
        let reader = reader(long + "\nshort\n")
        #expect(reader.readLine() == .line(long))
        #expect(reader.readLine() == .line("short"))
        #expect(reader.readLine() == .endOfInput)
    }
}
