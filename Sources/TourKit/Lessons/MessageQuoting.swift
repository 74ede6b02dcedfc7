extension String {
    /// The text made safe to quote inside a one-line message: control
    /// characters (C0, DEL, C1), line and paragraph separators and the
    /// bidirectional overrides are written as escapes (`\n`, `\u{1B}`), so a
    /// file name with a newline cannot split a `path:line: error` line and a
    /// fence word cannot send the terminal an escape sequence. Text longer
    /// than `limit` characters is cut, with `…` and the count left out.
    ///
    /// Applied where a message quotes text it did not write (file names,
    /// fence words, references typed by the learner); the terminal's own
    /// sanitiser still sees the whole message.
    public func quotedForMessage(limit: Int = 120) -> String {
        var out = ""
        var count = 0
        for scalar in unicodeScalars {
            if count == limit {
                let rest = unicodeScalars.count - limit
                out += localized("… (\(rest) more characters)")
                break
            }
            count += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Self.needsEscape(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true // line and paragraph separators
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true // bidi controls
        default: return false
        }
    }
}
