/// Makes untrusted text (chapter text, program output) harmless for a
/// terminal: no control character reaches it raw, so no escape sequence
/// from a chapter or a snippet can move the cursor, clear the screen,
/// ring the bell or retitle the window.
///
/// - Newline stays; a carriage return right before a newline is dropped.
/// - A tab becomes spaces up to the next tab stop (every `tabWidth` columns).
/// - ESC becomes `␛` (Unicode) or `^[` (ASCII), so `ESC[2J` reads `␛[2J`.
/// - Other C0 controls and DEL use caret notation: `^G`, `^M`, `^?`.
/// - C1 controls (U+0080–U+009F, which some terminals obey like ESC
///   sequences) become `�` (Unicode) or `?` (ASCII).
/// - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
///   which can make code read differently from what it is, are shown as
///   `<U+202E>`.
///
/// `keepNewlines: false` is for text that must stay on one line, such as a
/// file name in a `path:line: error` message: a newline then reads `^J`.
public enum Sanitizer {
    public static func sanitize(_ text: String, unicode: Bool, tabWidth: Int = 8, keepNewlines: Bool = true) -> String {
        // Most text has nothing to change: one scan of its bytes says so.
        if !needsSanitizing(text, keepNewlines: keepNewlines) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var column = 0
        var pendingReturn = false
        for scalar in text.unicodeScalars {
            if pendingReturn {
                pendingReturn = false
                if scalar != "\n" || !keepNewlines { column += append("^M", to: &out) }
            }
            switch scalar.value {
            case 0x0A where keepNewlines:
                out.unicodeScalars.append(scalar)
                column = 0
            case 0x0D:
                pendingReturn = true
            case 0x09:
                let spaces = max(1, tabWidth) - column % max(1, tabWidth)
                column += append(String(repeating: " ", count: spaces), to: &out)
            default:
                column += append(visible(scalar, unicode: unicode), to: &out)
            }
        }
        if pendingReturn { out += "^M" }
        return out
    }

    /// Whether `text` holds a byte that ``sanitize(_:unicode:tabWidth:keepNewlines:)``
    /// would change: a C0 control (newline aside, when kept), DEL, a C1
    /// control (C2 80–9F in UTF-8) or a bidirectional control (E2 80 AA–AE,
    /// E2 81 A6–A9).
    static func needsSanitizing(_ text: String, keepNewlines: Bool) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A where keepNewlines: break
            case 0x00...0x1F, 0x7F: return true
            case 0x80...0x9F where previous == 0xC2: return true
            case 0xAA...0xAE where previous == 0x80 && beforePrevious == 0xE2: return true
            case 0xA6...0xA9 where previous == 0x81 && beforePrevious == 0xE2: return true
            default: break
            }
            (beforePrevious, previous) = (previous, byte)
        }
        return false
    }

    /// Text that must stay on one line (a file name, a task's name, a
    /// typed command), made harmless: ``sanitize(_:unicode:tabWidth:keepNewlines:)``
    /// with newlines shown as `^J`.
    public static func inline(_ text: String, unicode: Bool) -> String {
        sanitize(text, unicode: unicode, keepNewlines: false)
    }

    /// The harmless form of the start of `text` that fits in `columns`
    /// columns, its width, and where the rest of `text` begins. It reads
    /// only as far as it shows, so a line of many megabytes costs no more
    /// than a short one. Spelled as ``inline(_:unicode:)`` spells it.
    public static func prefix(_ text: String, unicode: Bool, columns: Int, tabWidth: Int = 8)
        -> (shown: String, width: Int, rest: String.Index) {
        var out = ""
        var column = 0
        var index = text.startIndex
        let tab = max(1, tabWidth)
        while index < text.endIndex {
            let character = text[index]
            if character == "\t" {
                let spaces = tab - column % tab
                guard column + spaces <= columns else { break }
                out += String(repeating: " ", count: spaces)
                column += spaces
            } else if character.unicodeScalars.allSatisfy(isPlain) {
                let width = characterWidth(character)
                guard column + width <= columns else { break }
                out.append(character)
                column += width
            } else {
                var piece = ""
                for scalar in character.unicodeScalars { piece += visible(scalar, unicode: unicode) }
                let width = displayWidth(piece)
                guard column + width <= columns else { break }
                out += piece
                column += width
            }
            index = text.index(after: index)
        }
        return (out, column, index)
    }

    /// Whether a scalar is shown as it is.
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return false
        default: return true
        }
    }

    /// A harmless spelling of one scalar other than newline, return and tab.
    static func visible(_ scalar: Unicode.Scalar, unicode: Bool) -> String {
        switch scalar.value {
        case 0x1B:
            return unicode ? "␛" : "^["
        case 0x00...0x1F:
            return "^" + String(Character(Unicode.Scalar(UInt8(scalar.value + 0x40))))
        case 0x7F:
            return "^?"
        case 0x80...0x9F:
            return unicode ? "\u{FFFD}" : "?"
        case 0x202A...0x202E, 0x2066...0x2069:
            return "<U+" + String(scalar.value, radix: 16, uppercase: true) + ">"
        default:
            return String(Character(scalar))
        }
    }

    /// Appends `text` and returns the columns it takes.
    private static func append(_ text: String, to out: inout String) -> Int {
        out += text
        return displayWidth(text)
    }
}

/// Columns a string takes in a terminal: wide East Asian characters and
/// emoji take two, combining marks and zero-width characters none. Escape
/// sequences (`ESC [ … final`) take none, so styled text measures like
/// plain text.
public func displayWidth(_ text: String) -> Int {
    displayWidth(Substring(text))
}

public func displayWidth(_ text: Substring) -> Int {
    var meter = WidthMeter()
    var width = 0
    for character in text { width += meter.width(of: character) }
    return width
}

/// ``displayWidth(_:)`` one character at a time, for code that measures as
/// it goes: text is measured once, however it is then cut.
struct WidthMeter {
    private var escape = EscapeState.none

    /// The columns `character` adds after the characters measured before.
    mutating func width(of character: Character) -> Int {
        switch escape {
        case .none:
            if character == "\u{1B}" {
                escape = .started
                return 0
            }
            return characterWidth(character)
        case .started:
            escape = character == "[" ? .inSequence : .none
        case .inSequence:
            if let value = character.unicodeScalars.first?.value, (0x40...0x7E).contains(value) { escape = .none }
        }
        return 0
    }

    private enum EscapeState {
        case none, started, inSequence
    }
}

/// Columns one grapheme cluster takes: 2 for wide characters and emoji, 0
/// for a lone combining mark or a control, 1 otherwise.
func characterWidth(_ character: Character) -> Int {
    if character.isASCII { return character.asciiValue.map { $0 < 0x20 || $0 == 0x7F ? 0 : 1 } ?? 0 }
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if isZeroWidth(first) { return 0 }
    if isWide(first.value) || first.properties.isEmojiPresentation { return 2 }
    // A text-style emoji asked to look like an emoji (`❤️`) is drawn wide.
    if first.properties.isEmoji, scalars.contains("\u{FE0F}") { return 2 }
    return 1
}

private func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x20 || (0x7F..<0xA0).contains(value) { return true }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return value != 0x00AD
    default: return (0x1160...0x11FF).contains(value)   // Hangul medial vowels and final consonants
    }
}

/// East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt,
/// condensed); emoji are recognised by their own property.
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
    0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
    0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
]

private func isWide(_ value: UInt32) -> Bool {
    guard value >= 0x1100 else { return false }
    return wideRanges.contains { $0.contains(value) }
}
