#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one way out to the terminal: every byte the tour shows goes through
/// ``write(_:to:)`` (the executable's `Platform.write` and `printError`,
/// the shell, the pager, ``LessonPlayer``, every subcommand, the line
/// editor's own messages). A test reads `Sources/` and fails if anything
/// else writes to standard output or standard error.
///
/// Two layers keep a chapter or a snippet from driving the terminal:
/// untrusted text (program output, chapter text, file names, task names,
/// typed commands) is shown through ``Sanitizer`` where it enters
/// presentation, so it cannot even change colour; and this boundary lets
/// through only the escape sequences the tour itself sends, so anything a
/// presentation path forgot still arrives as visible text. They are:
///
/// - SGR, `ESC [ <digits and ;> m`: colours and styles.
/// - Erase in line, `ESC [ <digits> K`: the progress line of `test` and the
///   line editor's redraw (`\r ESC[K`), the pager's `ESC[2K`.
/// - Cursor up, `ESC [ <digits> A`: the pager takes back its "more" prompt.
/// - A carriage return directly before `ESC [ K`, as those redraws send it.
///
/// Newline and tab pass. Every other C0 control, DEL, C1 control and
/// bidirectional override is spelled as ``Sanitizer`` spells it.
public enum TerminalOutput {
    public enum Stream: Sendable {
        case standardOutput, standardError

        var descriptor: Int32 { self == .standardOutput ? 1 : 2 }
    }

    /// Whether neutralised bytes read `␛` or `^[`: the locale's choice, as
    /// in ``TerminalStyle/detect(isTTY:environment:width:)``.
    public static let unicode = TerminalStyle.detect(isTTY: false, environment: ProcessInfo.processInfo.environment,
                                                     width: nil).unicode

    /// Writes at once, so output through a pipe is not held back. A closed
    /// terminal or pipe (EIO, EPIPE) loses the text instead of trapping,
    /// as FileHandle.write would.
    public static func write(_ text: String, to stream: Stream = .standardOutput) {
        var bytes = neutralise(text, unicode: unicode)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(stream.descriptor, buffer.baseAddress, buffer.count)
                #else
                Darwin.write(stream.descriptor, buffer.baseAddress, buffer.count)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Clears the screen and puts the cursor at its top left (`ESC[H ESC[2J`),
    /// for `check --watch` between runs. The one sequence the tour sends
    /// that ``write(_:to:)`` would neutralise, so it has a call of its own;
    /// the scrollback is kept. Callers send it only to a terminal.
    public static func clearScreen() {
        let bytes: [UInt8] = Array("\u{1B}[H\u{1B}[2J".utf8)
        bytes.withUnsafeBytes { buffer in
            #if canImport(Glibc)
            _ = Glibc.write(1, buffer.baseAddress, buffer.count)
            #else
            _ = Darwin.write(1, buffer.baseAddress, buffer.count)
            #endif
        }
    }

    /// `text` as bytes safe for the terminal: the tour's own sequences kept,
    /// everything else that could control the terminal made visible. One
    /// pass over the bytes.
    public static func neutralise(_ text: String, unicode: Bool) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        func spell(_ scalar: UInt32) {
            out += Array(Sanitizer.visible(Unicode.Scalar(scalar)!, unicode: unicode).utf8)
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A, 0x09:
                out.append(byte)
                index += 1
            case 0x1B:
                if let end = allowedSequenceEnd(bytes, at: index) {
                    out += bytes[index..<end]
                    index = end
                } else {
                    spell(0x1B)
                    index += 1
                }
            case 0x0D:
                // Only as the start of "\r ESC[K": go back and clear the line.
                if index + 3 < bytes.count, bytes[index + 1] == 0x1B, bytes[index + 2] == 0x5B, bytes[index + 3] == 0x4B {
                    out.append(byte)
                } else {
                    spell(0x0D)
                }
                index += 1
            case 0x00...0x1F, 0x7F:
                spell(UInt32(byte))
                index += 1
            case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                spell(UInt32(bytes[index + 1]))
                index += 2
            case 0xE2 where index + 2 < bytes.count && isBidiControl(bytes[index + 1], bytes[index + 2]):
                let scalar = bytes[index + 1] == 0x80 ? 0x2000 + UInt32(bytes[index + 2] - 0x80) : 0x2040 + UInt32(bytes[index + 2] - 0x80)
                spell(scalar)
                index += 3
            default:
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// U+202A–U+202E are E2 80 AA–AE; U+2066–U+2069 are E2 81 A6–A9.
    private static func isBidiControl(_ second: UInt8, _ third: UInt8) -> Bool {
        (second == 0x80 && (0xAA...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third))
    }

    /// Where the escape sequence at `start` ends, if it is one the tour
    /// sends: `ESC [`, at most 32 digits and semicolons, then `m`, `K` or `A`.
    private static func allowedSequenceEnd(_ bytes: [UInt8], at start: Int) -> Int? {
        guard start + 2 < bytes.count, bytes[start + 1] == 0x5B else { return nil }
        var index = start + 2
        var semicolons = false
        while index < bytes.count, index - start < 34, (0x30...0x39).contains(bytes[index]) || bytes[index] == 0x3B {
            if bytes[index] == 0x3B { semicolons = true }
            index += 1
        }
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case 0x6D: return index + 1
        case 0x4B, 0x41: return semicolons ? nil : index + 1
        default: return nil
        }
    }

    /// A prompt for the line editor, harmless: colour escapes wrapped in
    /// ``LineEditor/invisibleMarker``s are kept; all other text is
    /// sanitised on one line, so no escape, newline or control in a
    /// chapter's id reaches libedit, which writes the prompt itself.
    public static func prompt(_ text: String, unicode: Bool) -> String {
        let marker = LineEditor.invisibleMarker
        let parts = text.split(separator: marker, omittingEmptySubsequences: false)
        var out = ""
        for (number, part) in parts.enumerated() {
            let wrapped = number % 2 == 1 && number < parts.count - 1
            if wrapped, isOnlySGR(part) {
                out += String(marker) + part + String(marker)
            } else {
                out += Sanitizer.inline(String(part), unicode: unicode)
            }
        }
        return out
    }

    private static func isOnlySGR(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard let end = allowedSequenceEnd(bytes, at: index), bytes[end - 1] == 0x6D else { return false }
            index = end
        }
        return true
    }
}
