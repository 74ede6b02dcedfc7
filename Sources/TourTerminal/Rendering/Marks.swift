/// The few symbols the tour draws in its own text, in Unicode and in ASCII.
/// One table, so no renderer can forget the ASCII spelling of one of them
/// and no two ASCII marks mean different things in different places: `x`
/// is only ever "failed", `+` only "done".
public struct Marks: Sendable, Equatable {
    /// A chapter done (every snippet run, every exercise solved).
    public var done: String
    /// A run that failed or does not match what the chapter expects.
    public var failed: String
    /// A verdict that went well, before its words ("ok goal met").
    public var passed: String
    /// An exercise whose goal is not met yet.
    public var pending: String
    /// A chapter opened but not done.
    public var visited: String
    /// Where the learner is, in the contents.
    public var here: String
    /// Before "running snippet 2 ...".
    public var running: String
    /// Text left out.
    public var ellipsis: String
    /// Between the two ends of a range: 1-4, 0.9-1.2 s.
    public var rangeDash: String
    /// Between the parts of a summary line.
    public var separator: String

    public static let unicode = Marks(done: "✓", failed: "✗", passed: "✓", pending: "◇", visited: "•", here: "←",
                                      running: "▶", ellipsis: "…", rangeDash: "–", separator: " · ")
    public static let ascii = Marks(done: "+", failed: "x", passed: "ok", pending: "-", visited: "*", here: "<",
                                    running: ">", ellipsis: "...", rangeDash: "-", separator: " | ")

    /// A range of numbers, `1…4` or `1-4`.
    public func range(_ lower: Int, _ upper: Int) -> String {
        "\(lower)\(self == .unicode ? "…" : "-")\(upper)"
    }
}

extension TerminalStyle {
    public var marks: Marks { unicode ? .unicode : .ascii }
}

/// Chapter text for a terminal that shows ASCII only (`LANG=C`, `TERM=dumb`).
/// The typographic characters the course uses get ASCII spellings, and the
/// timeline glyphs a chapter quotes get the ASCII glyphs the timeline is then
/// drawn with, so "a `●` where it printed" still names what is on screen.
/// Other characters are left alone: a name in a chapter is the author's.
public enum ASCIIFallback {
    static let table: [Character: String] = [
        "…": "...", "–": "-", "—": "--", "‘": "'", "’": "'", "“": "\"", "”": "\"", "«": "\"", "»": "\"",
        "←": "<-", "→": "->", "›": ">", "‹": "<", "⇒": "=>", "·": "-", "•": "*", "×": "x", "≈": "~", "≤": "<=", "≥": ">=", "≠": "!=",
        "✓": "+", "✗": "x", "°": " deg", "µ": "u", "\u{A0}": " ", "\u{2009}": " ", "\u{202F}": " ",
        // The runtime timeline's glyphs, as TraceTimelineRenderer draws them in ASCII.
        "█": "#", "▓": "M", "░": ":", "─": "-", "┈": ".", "●": "o", "┤": "]", "▸": ">", "━": "=",
    ]

    /// `text` with every character of ``table`` spelled in ASCII.
    public static func transliterate(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if let ascii = table[character] { out += ascii } else { out.append(character) }
        }
        return out
    }
}
