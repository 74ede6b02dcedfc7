import Foundation
import TourTerminal

/// Help texts laid out for swift-argument-parser, which wraps by characters
/// and only at spaces: a line of Chinese has few spaces and each of its
/// characters takes two columns, so the parser would leave it far wider
/// than the terminal. Text with wide characters is broken into lines here,
/// by display width, so that every line the parser prints fits; English
/// text is left to the parser as it is.
enum HelpText {
    /// The width the parser lays help out to: `COLUMNS`, else the
    /// terminal's, else 80. Read once: the parser builds every command's
    /// options again and again while it parses, each time asking for it.
    static let width: Int = {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return terminalWidth() ?? 80
    }()

    /// The parser's label column: an option's, an argument's and a
    /// subcommand's help start there.
    static let labelColumn = 26

    /// An abstract or an option's help, beside its label.
    static func abstract(_ text: String) -> String {
        fit(text, to: max(20, width - labelColumn))
    }

    /// A command's discussion, across the whole width.
    static func discussion(_ text: String) -> String {
        fit(text, to: max(20, width))
    }

    /// `text` with its lines broken so that none is wider than `columns`,
    /// at a space or between two wide characters, never before closing
    /// punctuation (，。）…) nor after an opening one (（). Unchanged when
    /// it has no wide character.
    static func fit(_ text: String, to columns: Int) -> String {
        // Every wide character is at U+1100 or above; a scalar scan keeps
        // English help (read at every start-up, as the parser builds its
        // commands) from measuring each character.
        guard text.unicodeScalars.contains(where: { $0.value >= 0x1100 }),
              text.contains(where: { displayWidth(String($0)) == 2 }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { fitLine(String($0), to: columns) }.joined(separator: "\n")
    }

    private static func fitLine(_ line: String, to columns: Int) -> String {
        // A line's leading spaces (an example's indent) stay with it.
        let indent = String(line.prefix { $0 == " " })
        // Units that are never split: a run of narrow characters, or one
        // wide character, with the punctuation that must stay beside it.
        // `spaced`: a space came before the unit.
        var units: [(text: String, spaced: Bool)] = []
        var spaced = false, joinNext = false
        for character in line.dropFirst(indent.count) {
            if character == " " { spaced = true; joinNext = false; continue }
            let wide = displayWidth(String(character)) == 2
            let previousIsNarrowRun = units.last.map { displayWidth(String($0.text.last!)) == 1 } ?? false
            if let last = units.indices.last, !spaced,
               joinNext || LineBreaking.closing.contains(character) || (!wide && previousIsNarrowRun) {
                units[last].text.append(character)
            } else {
                units.append((String(character), spaced))
            }
            joinNext = LineBreaking.opening.contains(character)
            spaced = false
        }
        var lines: [String] = [], current = indent
        for unit in units {
            let addition = (current == indent || !unit.spaced ? "" : " ") + unit.text
            if current != indent, displayWidth(current + addition) > columns {
                lines.append(current)
                current = indent + unit.text
            } else {
                current += addition
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}
