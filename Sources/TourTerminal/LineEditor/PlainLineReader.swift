#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines from a file descriptor that is not a terminal (a pipe, a file), for
/// scripted sessions: no prompt, no editing. Unlike `Swift.readLine`, a read
/// cut short by a signal is reported, not taken for the end of the input.
final class PlainLineReader {
    enum Result: Equatable {
        case line(String)
        case endOfInput
        /// read() returned EINTR; nothing was lost, ask again.
        case interrupted
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false

    init(fd: Int32) {
        self.fd = fd
    }

    /// The next line without its `\n` (or `\r\n`); the last line of the
    /// input counts even without a newline.
    func readLine() -> Result {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeSubrange(...newline)
                return .line(text)
            }
            if atEnd {
                guard !buffer.isEmpty else { return .endOfInput }
                let text = String(decoding: buffer, as: UTF8.self)
                buffer.removeAll()
                return .line(text)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                atEnd = true
            } else if errno == EINTR {
                return .interrupted
            } else {
                atEnd = true
            }
        }
    }
}
