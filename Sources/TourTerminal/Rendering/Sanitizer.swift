/// Makes untrusted text (chapter text, program output) harmless for a
/// terminal: no control character reaches it raw, so no escape sequence
/// from a chapter or a snippet can move the cursor, clear the screen or
/// retitle the window.
public enum Sanitizer {
    public static func sanitize(_ text: String, unicode: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.unicodeScalars.append(scalar)
            case 0x09: out += "    "
            case 0x1B: out += unicode ? "␛" : "^["
            case 0x00...0x1F: out += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            case 0x7F: out += "^?"
            case 0x80...0x9F: out += unicode ? "\u{FFFD}" : "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Columns a string takes in a terminal: wide East Asian characters and
/// emoji take two, combining marks and zero-width characters none. SGR
/// escape sequences (`ESC [ … m`) take none.
public func displayWidth(_ text: String) -> Int {
    var width = 0
    var inEscape = false
    for scalar in text.unicodeScalars {
        if inEscape {
            if scalar == "m" { inEscape = false }
            continue
        }
        if scalar == "\u{1B}" {
            inEscape = true
            continue
        }
        width += scalarWidth(scalar)
    }
    return width
}

func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
    if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
        || value == 0x200B || value == 0x200D || (0xFE00...0xFE0F).contains(value) {
        return 0
    }
    let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
    return wide.contains { $0.contains(value) } ? 2 : 1
}
