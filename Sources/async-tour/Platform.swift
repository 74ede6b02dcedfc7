#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TourTerminal

/// Operating-system calls of the executable.
enum Platform {
    static func printError(_ message: String) {
        TerminalOutput.write(message + "\n", to: .standardError)
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Through the terminal boundary, ``TerminalOutput``.
    static func write(_ text: String) {
        TerminalOutput.write(text)
    }
}
