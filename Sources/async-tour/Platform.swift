#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Operating-system calls of the executable.
enum Platform {
    static func printError(_ message: String) {
        writeAll(2, message + "\n")
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes at once, so output through a pipe is not held back. A closed
    /// terminal or pipe (EIO, EPIPE) loses the text instead of trapping,
    /// as FileHandle.write would.
    static func write(_ text: String) {
        writeAll(1, text)
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
