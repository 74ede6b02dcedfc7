import Foundation

/// One key read on its own, without Enter (the pager's "more" prompt).
public enum KeyPress: Equatable, Sendable {
    /// Space.
    case space
    /// Enter (CR or LF).
    case enter
    /// Ctrl-C: the terminal's signals are off while a key is read, so it
    /// arrives as a key, not as SIGINT.
    case interrupt
    /// Ctrl-D.
    case endOfInput
    /// Escape, or an escape sequence (an arrow key), swallowed whole.
    case escape
    /// A printable character; `rest` is what arrived with it in the same
    /// read (typed fast or pasted), for the next line.
    case character(Character, rest: String)
    /// Another control key.
    case other
    /// No key: the read was cut short (SIGTERM, the editor closing), or
    /// there is no terminal to read from.
    case none

    /// The first key in `bytes`, the bytes of one read() in raw mode.
    public static func decode(_ bytes: [UInt8]) -> KeyPress {
        guard let first = bytes.first else { return .endOfInput }
        switch first {
        case 0x03: return .interrupt
        case 0x04: return .endOfInput
        case 0x0A, 0x0D: return .enter
        case 0x20: return .space
        case 0x1B: return .escape
        case 0x00..<0x20, 0x7F: return .other
        default:
            // A UTF-8 character: its lead byte says how many bytes it has.
            let length = first < 0xC0 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
            let character = String(decoding: bytes.prefix(length), as: UTF8.self)
            guard let key = character.first, length <= bytes.count else { return .other }
            return .character(key, rest: String(decoding: bytes.dropFirst(length), as: UTF8.self))
        }
    }
}

/// One read() into `buffer`: the count, and errno when it failed. Outside
/// ``EditorSession``, whose own `read` would shadow the system call.
func readBytes(_ fd: Int32, into buffer: inout [UInt8]) -> (Int, Int32) {
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    return (count, count < 0 ? errno : 0)
}
