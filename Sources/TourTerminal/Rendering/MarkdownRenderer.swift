public import TourKit

/// Renders markdown blocks for the terminal, wrapped to the style's width.
/// A pure function of the blocks and the style: no terminal access.
public struct MarkdownRenderer: Sendable {
    public var style: TerminalStyle
    /// Whether `output`, `stderr` and `diagnostics` blocks are shown. They are
    /// tests for `async-tour test`; the learner sees the real run instead.
    public var includeExpectations: Bool

    public init(style: TerminalStyle, includeExpectations: Bool = false) {
        self.style = style
        self.includeExpectations = includeExpectations
    }

    public func render(_ blocks: [MarkdownBlock]) -> String {
        render(blocks, width: style.width).joined(separator: "\n")
    }

    public func renderBlock(_ block: MarkdownBlock) -> String {
        render([block])
    }

    /// Blocks as lines, with a blank line between blocks.
    func render(_ blocks: [MarkdownBlock], width: Int, compact: Bool = false) -> [String] {
        var out: [String] = []
        for block in blocks where includeExpectations || !block.isExpectationBlock {
            let lines = render(block, width: max(10, width))
            if lines.isEmpty { continue }
            // Inside a list item, a nested list follows its text directly.
            var tight = false
            if compact, case .list = block { tight = true }
            if !out.isEmpty, !tight { out.append("") }
            out += lines
        }
        return out
    }

    private func render(_ block: MarkdownBlock, width: Int) -> [String] {
        switch block {
        case .heading(let level, let content, _):
            return heading(level, content, width: width)
        case .paragraph(let content, _):
            return wrap(tokens(content), width: width)
        case .list(let start, let items, _):
            return list(start: start, items: items, width: width)
        case .blockQuote(let inner, _):
            let bar = style.paint(style.unicode ? "│ " : "| ", "2")
            return render(inner, width: width - 2).map { bar + $0 }
        case .code(let info, let text, _):
            return code(info: info, text: text, width: width)
        case .table(let header, let rows, let alignments, _):
            return TableLayout(style: style, renderer: self).render(header: header, rows: rows, alignments: alignments, width: width)
        case .thematicBreak:
            return [style.paint(String(repeating: style.unicode ? "─" : "-", count: width), "2")]
        case .html(let text, _):
            return text.split(separator: "\n").map { style.paint(Sanitizer.sanitize(String($0), unicode: style.unicode), "2") }
        }
    }

    private func heading(_ level: Int, _ content: [MarkdownInline], width: Int) -> [String] {
        let plainText = Sanitizer.sanitize(content.plainText, unicode: style.unicode)
        switch level {
        case 1:
            let lines = wrap(plainText.split(separator: " ").map { Token(text: style.paint(String($0), "1;36"), width: displayWidth(String($0))) }, width: width)
            let rule = String(repeating: style.unicode ? "━" : "=", count: min(width, lines.map(displayWidth).max() ?? 0))
            return lines + [style.paint(rule, "36")]
        case 2:
            let lines = wrap(plainText.split(separator: " ").map { Token(text: style.paint(String($0), "1"), width: displayWidth(String($0))) }, width: width)
            let rule = String(repeating: style.unicode ? "─" : "-", count: min(width, lines.map(displayWidth).max() ?? 0))
            return lines + [style.paint(rule, "2")]
        default:
            return wrap(plainText.split(separator: " ").map { Token(text: style.paint(String($0), "1"), width: displayWidth(String($0))) }, width: width)
        }
    }

    private func list(start: Int?, items: [[MarkdownBlock]], width: Int) -> [String] {
        var out: [String] = []
        let last = (start ?? 1) + items.count - 1
        let markerWidth = start == nil ? 2 : String(last).count + 2
        for (index, item) in items.enumerated() {
            let marker: String
            if let start {
                let number = "\(start + index)."
                marker = number + String(repeating: " ", count: markerWidth - number.count)
            } else {
                marker = style.unicode ? "• " : "- "
            }
            // Items of a tight list are paragraphs; keep them on consecutive lines.
            let lines = render(item, width: width - markerWidth, compact: true)
            for (number, line) in lines.enumerated() {
                if line.isEmpty {
                    out.append("")
                } else {
                    out.append((number == 0 ? style.paint(marker, "36") : String(repeating: " ", count: markerWidth)) + line)
                }
            }
        }
        return out
    }

    private func code(info: String, text: String, width: Int) -> [String] {
        let language = info.split(separator: " ").first.map(String.init) ?? ""
        var source = text
        if source.hasSuffix("\n") { source.removeLast() }
        let body = language == "swift" ? SyntaxHighlighter(style: style).highlight(source)
                                       : Sanitizer.sanitize(source, unicode: style.unicode)
        let gutter = style.paint(style.unicode ? "│ " : "| ", "2")
        let available = max(10, width - 2)
        var out: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = String(line)
            // Long lines continue on the next line behind a mark, never cut silently.
            while displayWidth(rest) > available {
                let (head, tail) = Self.split(rest, at: available - 1)
                out.append(gutter + head + style.paint(style.unicode ? "↩" : "\\", "2"))
                rest = tail
            }
            out.append(gutter + rest)
        }
        return out
    }

    /// Splits styled text after `columns` columns, keeping escape sequences whole.
    static func split(_ text: String, at columns: Int) -> (String, String) {
        var head = "", width = 0
        var index = text.startIndex
        var inEscape = false
        var activeStyle = ""
        while index < text.endIndex {
            let character = text[index]
            if inEscape {
                head.append(character)
                activeStyle.append(character)
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
                activeStyle = "\u{1B}"
                head.append(character)
            } else {
                let w = displayWidth(String(character))
                if width + w > columns { break }
                head.append(character)
                width += w
            }
            index = text.index(after: index)
        }
        let restarts = activeStyle.hasSuffix("[0m") || activeStyle.isEmpty ? "" : activeStyle
        let reset = restarts.isEmpty ? "" : "\u{1B}[0m"
        return (head + reset, restarts + String(text[index...]))
    }

    // MARK: Inlines

    struct Token {
        var text: String
        var width: Int
        /// A line break forced by the source (`  \n`).
        var isBreak = false
    }

    /// Inline content as words, each styled on its own so a wrap never
    /// splits a style.
    func tokens(_ inlines: [MarkdownInline]) -> [Token] {
        var runs: [(String, String)] = []   // (text, SGR codes)
        flatten(inlines, codes: "", into: &runs)
        var tokens: [Token] = []
        var word = "", wordWidth = 0
        func flush() {
            if wordWidth > 0 || !word.isEmpty { tokens.append(Token(text: word, width: wordWidth)) }
            word = ""
            wordWidth = 0
        }
        for (text, codes) in runs {
            if text == "\n" {
                flush()
                tokens.append(Token(text: "", width: 0, isBreak: true))
                continue
            }
            var piece = ""
            for character in Sanitizer.sanitize(text, unicode: style.unicode) {
                if character == " " || character == "\n" {
                    word += codes.isEmpty ? piece : style.paint(piece, codes)
                    wordWidth += displayWidth(piece)
                    piece = ""
                    flush()
                } else {
                    piece.append(character)
                }
            }
            word += codes.isEmpty ? piece : style.paint(piece, codes)
            wordWidth += displayWidth(piece)
        }
        flush()
        return tokens
    }

    private func flatten(_ inlines: [MarkdownInline], codes: String, into runs: inout [(String, String)]) {
        func join(_ more: String) -> String { codes.isEmpty ? more : codes + ";" + more }
        for inline in inlines {
            switch inline {
            case .text(let text): runs.append((text, codes))
            case .code(let text): runs.append((style.color ? text : "`\(text)`", join("33")))
            case .emphasis(let inner): flatten(inner, codes: join("3"), into: &runs)
            case .strong(let inner): flatten(inner, codes: join("1"), into: &runs)
            case .strikethrough(let inner): flatten(inner, codes: join("9"), into: &runs)
            case .link(let text, let destination):
                flatten(text, codes: join("4"), into: &runs)
                if text.plainText != destination, !destination.isEmpty, !destination.hasPrefix("#") {
                    runs.append((" <\(destination)>", join("2")))
                }
            case .image(let alt, let source):
                runs.append(("[image: \(alt.plainText)] <\(source)>", join("2")))
            case .html(let text): runs.append((text, join("2")))
            case .softBreak: runs.append((" ", codes))
            case .lineBreak: runs.append(("\n", codes))
            }
        }
    }

    /// Greedy word wrap by display width; words longer than a line are cut.
    func wrap(_ tokens: [Token], width: Int) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0
        for token in tokens {
            if token.isBreak {
                lines.append(line)
                line = ""
                lineWidth = 0
                continue
            }
            var token = token
            while token.width > width {
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                let (head, tail) = Self.split(token.text, at: width)
                lines.append(head)
                token = Token(text: tail, width: displayWidth(tail))
            }
            if lineWidth > 0 && lineWidth + 1 + token.width > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            line += token.text
            lineWidth += token.width
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }
}
