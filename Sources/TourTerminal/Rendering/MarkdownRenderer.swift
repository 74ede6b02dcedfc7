public import TourKit

/// Renders markdown blocks for the terminal, wrapped to the style's width.
/// A pure function of the blocks and the style: no terminal access.
///
/// Every piece of text goes through ``Sanitizer``, so a chapter cannot send
/// the terminal an escape sequence; the only escape sequences in the result
/// are the renderer's own SGR styles, and only when colour is on. No line is
/// wider than `style.width` (unless lists and quotes nest so deep that fewer
/// than 10 columns are left for the text).
///
/// Without colour, emphasis reads `_so_`, strong `*so*`, strikethrough
/// `~~so~~` and inline code keeps its backticks; headings of level 3 and
/// below keep their `###`.
public struct MarkdownRenderer: Sendable {
    public var style: TerminalStyle
    /// Whether `output`, `stderr` and `diagnostics` blocks (and an exercise's
    /// `hint` and `solution`) are shown. They are tests for `async-tour test`;
    /// the learner sees the real run instead.
    public var includeExpectations: Bool

    public init(style: TerminalStyle, includeExpectations: Bool = false) {
        self.style = style
        self.includeExpectations = includeExpectations
    }

    /// The blocks as lines joined by newlines, with a blank line between
    /// blocks and no newline at the end.
    public func render(_ blocks: [MarkdownBlock]) -> String {
        lines(for: blocks, width: style.width, depth: 0).map(finish).joined(separator: "\n")
    }

    public func renderBlock(_ block: MarkdownBlock) -> String {
        render([block])
    }

    /// The final form of a line: fewer escape sequences, no trailing spaces.
    private func finish(_ line: String) -> String {
        var line = style.color ? SGR.merge(line) : line
        while line.last == " " { line.removeLast() }
        return line
    }

    // MARK: Blocks

    /// Blocks as lines, with a blank line between blocks. Inside a list item
    /// (`depth` > 0) a nested list follows the text directly.
    func lines(for blocks: [MarkdownBlock], width: Int, depth: Int) -> [String] {
        var out: [String] = []
        for block in blocks where includeExpectations || !block.isExpectationBlock {
            let lines = lines(for: block, width: max(10, width), depth: depth)
            if lines.isEmpty { continue }
            var tight = false
            if depth > 0, case .list = block { tight = true }
            if !out.isEmpty, !tight { out.append("") }
            out += lines
        }
        return out
    }

    private func lines(for block: MarkdownBlock, width: Int, depth: Int) -> [String] {
        switch block {
        case .heading(let level, let content, _):
            return heading(level, content, width: width)
        case .paragraph(let content, _):
            return wrap(tokens(content), width: width)
        case .list(let start, let items, _):
            return list(start: start, items: items, width: width, depth: depth)
        case .blockQuote(let inner, _):
            let bar = style.paint(style.unicode ? "┃ " : "> ", SGR.dim)
            return lines(for: inner, width: width - 2, depth: depth).map { bar + $0 }
        case .code(let info, let text, _):
            return code(info: info, text: text, width: width)
        case .table(let header, let rows, let alignments, _):
            return table(header: header, rows: rows, alignments: alignments, width: width)
        case .thematicBreak:
            return [style.paint(String(repeating: style.unicode ? "─" : "-", count: width), SGR.dim)]
        case .html(let text, _):
            var text = text
            while text.last?.isNewline == true { text.removeLast() }
            let segments = Self.plainSegments(Sanitizer.sanitize(text, unicode: style.unicode, tabWidth: 4), codes: SGR.dim)
            return segments.flatMap { softWrap($0, width: width) }
        }
    }

    private func heading(_ level: Int, _ content: [MarkdownInline], width: Int) -> [String] {
        let codes = level == 1 ? SGR.combine(SGR.bold, SGR.cyan) : SGR.bold
        var words = tokens(content, base: codes)
        if !style.color, level >= 3, !words.isEmpty {
            words[0].text = String(repeating: "#", count: level) + " " + words[0].text
            words[0].width += level + 1
        }
        let lines = wrap(words, width: width)
        let ruleWidth = min(width, lines.map(displayWidth).max() ?? 0)
        switch level {
        case 1: return lines + [style.paint(String(repeating: style.unicode ? "━" : "=", count: ruleWidth), SGR.cyan)]
        case 2: return lines + [style.paint(String(repeating: style.unicode ? "─" : "-", count: ruleWidth), SGR.dim)]
        default: return lines
        }
    }

    // MARK: Lists

    private func list(start: Int?, items: [[MarkdownBlock]], width: Int, depth: Int) -> [String] {
        let markers = items.indices.map { marker(start: start, index: $0, depth: depth) }
        let markerWidth = (markers.map(displayWidth).max() ?? 1) + 1
        // An item of several paragraphs or blocks makes the list loose:
        // a blank line then separates its items.
        let loose = items.contains { item in item.filter { if case .list = $0 { false } else { true } }.count > 1 }
        var out: [String] = []
        for (index, item) in items.enumerated() {
            if loose, index > 0 { out.append("") }
            let pad = String(repeating: " ", count: markerWidth - displayWidth(markers[index]) - 1)
            let first = pad + style.paint(markers[index], SGR.cyan) + " "
            let indent = String(repeating: " ", count: markerWidth)
            let lines = self.lines(for: item, width: width - markerWidth, depth: depth + 1)
            if lines.isEmpty { out.append(first) }
            for (number, line) in lines.enumerated() {
                out.append(line.isEmpty ? "" : (number == 0 ? first : indent) + line)
            }
        }
        return out
    }

    /// `•`, `◦`, `▪` by depth (`-`, `*`, `+` in ASCII), or the item's number.
    private func marker(start: Int?, index: Int, depth: Int) -> String {
        if let start { return "\(start + index)." }
        let bullets = style.unicode ? ["•", "◦", "▪"] : ["-", "*", "+"]
        return bullets[depth % bullets.count]
    }

    // MARK: Code

    /// A code block behind a gutter. Swift is highlighted; a line too long
    /// for the width wraps between tokens, with a mark at the right edge.
    private func code(info: String, text: String, width: Int) -> [String] {
        let language = info.split(separator: " ").first.map { $0.lowercased() } ?? ""
        var source = text
        if source.hasSuffix("\n") { source.removeLast() }
        let lines = language == "swift"
            ? SyntaxHighlighter(style: style).lines(source)
            : Self.plainSegments(Sanitizer.sanitize(source, unicode: style.unicode, tabWidth: SyntaxHighlighter.tabWidth), codes: "")
        let gutter = style.paint(style.unicode ? "│ " : "| ", SGR.dim)
        return lines.flatMap { softWrap($0, width: width - 2) }.map { gutter + $0 }
    }

    /// Text as lines of segments: runs of spaces and the words between them.
    static func plainSegments(_ text: String, codes: String) -> [[CodeSegment]] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var segments: [CodeSegment] = []
            for character in line {
                let isSpace = character == " "
                if let last = segments.last, last.isSpace == isSpace {
                    segments[segments.count - 1].text.append(character)
                } else {
                    segments.append(CodeSegment(text: String(character), codes: codes))
                }
            }
            return segments
        }
    }

    /// One line of code, as one or more lines no wider than `width`. A line
    /// breaks after a space, a comma or an opening bracket, or before a dot,
    /// when it can; inside a token only when the token alone is too long.
    /// Continuation lines are indented 4 more than the line they continue.
    func softWrap(_ segments: [CodeSegment], width: Int) -> [String] {
        let width = max(10, width)
        let highlighter = SyntaxHighlighter(style: style)
        var rest = segments
        guard rest.reduce(0, { $0 + $1.width }) > width else { return [highlighter.paint(rest)] }
        let indent = segments.prefix { $0.isSpace }.reduce(0) { $0 + $1.width }
        let continuation = String(repeating: " ", count: min(indent + 4, width / 2))
        let mark = style.paint(style.unicode ? "↩" : "\\", SGR.dim)
        var out: [String] = []
        var prefix = ""
        while prefix.count + rest.reduce(0, { $0 + $1.width }) > width {
            var (head, tail) = Self.breakLine(rest, limit: width - 1 - prefix.count)
            while head.last?.isSpace == true { head.removeLast() }
            let headWidth = head.reduce(0) { $0 + $1.width }
            let padding = String(repeating: " ", count: max(0, width - 1 - prefix.count - headWidth))
            out.append(prefix + highlighter.paint(head) + padding + mark)
            rest = Array(tail.drop { $0.isSpace })
            prefix = continuation
        }
        out.append(prefix + highlighter.paint(rest))
        return out
    }

    /// Splits segments so that the head is at most `limit` columns wide,
    /// at the best place available: after a space or a comma if one falls
    /// in the last third, else after an opening bracket or before a dot in
    /// the second half, else between two tokens past the first third (but
    /// not before a closing bracket, a comma, a colon or a call's `(`, nor
    /// between a quote and the string it opens or closes).
    static func breakLine(_ segments: [CodeSegment], limit: Int) -> ([CodeSegment], [CodeSegment]) {
        var ends: [Int] = []   // ends[k]: the width of segments[...k]
        for segment in segments { ends.append((ends.last ?? 0) + segment.width) }
        let fits = segments.indices.filter { ends[$0] <= limit && !segments[...$0].allSatisfy(\.isSpace) }
        func isSpaceOrComma(_ k: Int) -> Bool {
            segments[k].isSpace || segments[k].text.hasSuffix(",") || segments[k].text.hasSuffix(";")
        }
        func isBracketOrDot(_ k: Int) -> Bool {
            ["(", "[", "{"].contains { segments[k].text.hasSuffix($0) }
                || (k + 1 < segments.count && segments[k + 1].text.hasPrefix("."))
        }
        func isTolerable(_ k: Int) -> Bool {
            guard k + 1 < segments.count else { return true }
            let next = segments[k + 1].text
            if let first = next.first, ")]},:;(?!".contains(first) { return false }
            func isQuote(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy { $0 == "\"" || $0 == "#" } }
            return !isQuote(segments[k].text) && !isQuote(next)
        }
        let choice = fits.last { isSpaceOrComma($0) && ends[$0] >= limit * 2 / 3 }
            ?? fits.last { (isSpaceOrComma($0) || isBracketOrDot($0)) && ends[$0] >= limit / 2 }
            ?? fits.last { isTolerable($0) && ends[$0] >= limit / 3 }
        if let k = choice {
            return (Array(segments[...k]), Array(segments[(k + 1)...]))
        }
        // No boundary fits well: cut inside the segment that crosses the limit.
        let index = segments.indices.first { ends[$0] > limit } ?? segments.count - 1
        let before = index > 0 ? ends[index - 1] : 0
        let room = max(1, limit - before)
        let (headText, tailText) = Self.splitPlain(segments[index].text, at: Self.breakColumn(in: segments[index].text, limit: room))
        var head = Array(segments[..<index]), tail = Array(segments[(index + 1)...])
        if !headText.isEmpty { head.append(CodeSegment(text: headText, codes: segments[index].codes)) }
        if !tailText.isEmpty { tail.insert(CodeSegment(text: tailText, codes: segments[index].codes), at: 0) }
        return (head, tail)
    }

    /// Splits unstyled text after `columns` columns, taking at least one
    /// character so that wrapping always moves on.
    static func splitPlain(_ text: String, at columns: Int) -> (String, String) {
        var width = 0
        var index = text.startIndex
        while index < text.endIndex {
            let next = width + characterWidth(text[index])
            if next > columns, index > text.startIndex { break }
            width = next
            index = text.index(after: index)
        }
        return (String(text[..<index]), String(text[index...]))
    }
}

// MARK: - Inlines

extension MarkdownRenderer {
    /// A word as it will be printed, styled.
    struct Token {
        var text: String
        var width: Int
        /// A line break forced by the source (`  \n`).
        var isBreak = false
        /// What goes between this token and the one before it on a line:
        /// a space (styled like the text around it) or nothing, between two
        /// Chinese or Japanese characters.
        var gap = " "
    }

    /// A piece of text and the SGR parameters it is shown with.
    private struct Run {
        var text: String
        var codes: String
        /// Whether a line may break at the spaces inside.
        var breakable = true
    }

    /// Inline content as words, each styled on its own so a wrap never
    /// splits a style. Text between wide (CJK) characters may break anywhere.
    func tokens(_ inlines: [MarkdownInline], base: String = "") -> [Token] {
        var runs: [Run] = []
        flatten(inlines, codes: base, into: &runs)
        var builder = TokenBuilder(style: style)
        for run in runs {
            if run.text == "\n" {
                builder.lineBreak()
            } else {
                builder.add(Sanitizer.sanitize(run.text, unicode: style.unicode), codes: run.codes, breakable: run.breakable)
            }
        }
        return builder.finish()
    }

    private func flatten(_ inlines: [MarkdownInline], codes: String, into runs: inout [Run]) {
        func around(_ marker: String, _ inner: [MarkdownInline], _ sgr: String) {
            if style.color {
                flatten(inner, codes: SGR.combine(codes, sgr), into: &runs)
            } else {
                runs.append(Run(text: marker, codes: codes))
                flatten(inner, codes: codes, into: &runs)
                runs.append(Run(text: marker, codes: codes))
            }
        }
        for inline in inlines {
            switch inline {
            case .text(let text): runs.append(Run(text: text, codes: codes))
            case .code(let text):
                // Short code stays on one line; long code may wrap at its spaces.
                let span = codeSpan(text)
                runs.append(Run(text: span, codes: SGR.combine(codes, SGR.yellow), breakable: displayWidth(span) > 24))
            case .emphasis(let inner): around("_", inner, SGR.italic)
            case .strong(let inner): around("*", inner, SGR.bold)
            case .strikethrough(let inner): around("~~", inner, SGR.strike)
            case .link(let text, let destination):
                flatten(text, codes: SGR.combine(codes, SGR.underline), into: &runs)
                if Self.showsDestination(destination, of: text) {
                    runs.append(Run(text: " <\(destination)>", codes: SGR.combine(codes, SGR.dim)))
                }
            case .image(let alt, let source):
                runs.append(Run(text: "[image: \(alt.plainText)] <\(source)>", codes: SGR.combine(codes, SGR.dim)))
            case .html(let text): runs.append(Run(text: text, codes: SGR.combine(codes, SGR.dim)))
            case .softBreak: runs.append(Run(text: " ", codes: codes))
            case .lineBreak: runs.append(Run(text: "\n", codes: codes))
            }
        }
    }

    /// Inline code: coloured, or in plain text between backticks, as
    /// markdown writes it: ``` `` `x` `` ``` for code that holds backticks.
    private func codeSpan(_ text: String) -> String {
        guard !style.color else { return text }
        var runs: Set<Int> = [], current = 0
        for character in text + " " {
            if character == "`" {
                current += 1
            } else {
                if current > 0 { runs.insert(current) }
                current = 0
            }
        }
        var length = runs.isEmpty ? 1 : 2
        while runs.contains(length) { length += 1 }
        let fence = String(repeating: "`", count: length)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// A link's address is shown after its text, unless it is the text
    /// itself (`<https://swift.org>`) or an anchor in the same page.
    static func showsDestination(_ destination: String, of text: [MarkdownInline]) -> Bool {
        let label = text.plainText
        return !destination.isEmpty && !destination.hasPrefix("#") && destination != label && destination != "mailto:" + label
    }

    /// Greedy word wrap by display width. A word longer than a line is cut
    /// where ``breakColumn(in:limit:)`` says.
    func wrap(_ tokens: [Token], width: Int) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0
        func endLine() {
            lines.append(line)
            line = ""
            lineWidth = 0
        }
        for token in tokens {
            if token.isBreak {
                endLine()
                continue
            }
            var token = token
            let gapWidth = displayWidth(token.gap)
            if lineWidth > 0, lineWidth + gapWidth + token.width > width { endLine() }
            while token.width > width {
                let (head, tail) = Self.split(token.text, at: Self.breakColumn(in: token.text, limit: width))
                lines.append(head)
                token = Token(text: tail, width: displayWidth(tail))
            }
            if lineWidth > 0 {
                line += token.gap
                lineWidth += gapWidth
            }
            line += token.text
            lineWidth += token.width
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Where to cut a word too long for a line: after a space, else after
    /// `/`, `-`, `_`, `.`, `=`, `&`, `?`, `,` or `(`, in the second half of
    /// the line, leaving at least 3 columns for the next line when it can.
    static func breakColumn(in text: String, limit: Int) -> Int {
        var width = 0
        var candidates: [Int] = [], spaces: [Int] = []
        var escape = false
        for character in text {
            if escape {
                if character == "m" { escape = false }
                continue
            }
            if character == "\u{1B}" {
                escape = true
                continue
            }
            width += characterWidth(character)
            guard width <= limit, width >= limit / 2 else { continue }
            if character == " " { spaces.append(width) }
            if " /-_.=&?,(".contains(character) { candidates.append(width) }
        }
        let total = width
        if let column = spaces.last(where: { total - $0 >= 3 }) ?? candidates.last(where: { total - $0 >= 3 }) ?? candidates.last {
            return column
        }
        return total - limit < 3 ? max(limit / 2, total - 3) : limit
    }

    /// Splits styled text after `columns` columns, keeping escape sequences
    /// whole: the head ends with a reset and the tail opens the style again.
    /// At least one character goes to the head.
    static func split(_ text: String, at columns: Int) -> (String, String) {
        var head = "", width = 0, codes = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\u{1B}", let end = text[index...].firstIndex(of: "m") {
                let start = text.index(index, offsetBy: 2, limitedBy: end) ?? end
                let parameters = String(text[start..<end])
                codes = parameters == "0" ? "" : SGR.combine(codes, parameters)
                head += text[index...end]
                index = text.index(after: end)
                continue
            }
            let next = width + characterWidth(text[index])
            if next > columns, width > 0 { break }
            head.append(text[index])
            width = next
            index = text.index(after: index)
        }
        guard !codes.isEmpty else { return (head, String(text[index...])) }
        return (head + SGR.reset, SGR.sequence(codes) + text[index...])
    }
}

/// Cuts inline text into ``MarkdownRenderer/Token``s.
private struct TokenBuilder {
    let style: TerminalStyle
    private var tokens: [MarkdownRenderer.Token] = []
    private var word = "", wordWidth = 0
    private var gap = " "
    /// Whether the last character was wide, and whether it was an opening
    /// bracket (after which a line may not break).
    private var afterWide = false, afterOpening = false

    init(style: TerminalStyle) {
        self.style = style
    }

    /// Characters that may not begin a line in Chinese and Japanese text.
    private static let closing: Set<Character> = [
        "、", "。", "，", "．", "：", "；", "！", "？", "）", "］", "｝", "」", "』", "】", "〕", "〉", "》",
        "ー", "…", ",", ".", ";", ":", "!", "?", ")", "]", "}",
    ]

    /// Characters that may not end a line.
    private static let opening: Set<Character> = ["（", "［", "｛", "「", "『", "【", "〔", "〈", "《"]

    mutating func add(_ text: String, codes: String, breakable: Bool) {
        var piece = ""
        for character in text {
            guard breakable else {
                piece.append(character)
                (afterWide, afterOpening) = (false, false)
                continue
            }
            if character == " " || character == "\n" {
                addPiece(&piece, codes)
                flush(nextGap: style.paint(" ", codes))
                (afterWide, afterOpening) = (false, false)
                continue
            }
            let wide = characterWidth(character) == 2
            if wide || afterWide, !afterOpening, !Self.closing.contains(character), !word.isEmpty || !piece.isEmpty {
                addPiece(&piece, codes)
                flush(nextGap: "")
            }
            piece.append(character)
            afterWide = wide
            afterOpening = Self.opening.contains(character)
        }
        addPiece(&piece, codes)
    }

    mutating func lineBreak() {
        flush(nextGap: " ")
        tokens.append(MarkdownRenderer.Token(text: "", width: 0, isBreak: true))
        (afterWide, afterOpening) = (false, false)
    }

    mutating func finish() -> [MarkdownRenderer.Token] {
        flush(nextGap: " ")
        return tokens
    }

    private mutating func addPiece(_ piece: inout String, _ codes: String) {
        guard !piece.isEmpty else { return }
        word += style.paint(piece, codes)
        wordWidth += displayWidth(piece)
        piece = ""
    }

    private mutating func flush(nextGap: String) {
        if !word.isEmpty {
            tokens.append(MarkdownRenderer.Token(text: word, width: wordWidth, gap: gap))
            word = ""
            wordWidth = 0
        }
        gap = nextGap
    }
}

// MARK: - Tables

extension MarkdownRenderer {
    /// A GFM table fitted to the width: box drawing in Unicode, `+-|` in
    /// ASCII. Columns narrow, widest first, down to their longest word and
    /// then further; cells wrap inside their column. Rows that wrap are kept
    /// apart by rules. A table with too many columns for a grid (one would
    /// be narrower than 8 columns, or cut words of 12 or fewer) becomes a
    /// list of records:
    /// each row's first cell, then `header: value` for the others.
    func table(header: [[MarkdownInline]], rows: [[[MarkdownInline]]], alignments: [TableAlignment], width: Int) -> [String] {
        let count = max(header.count, rows.map(\.count).max() ?? 0)
        guard count > 0 else { return [] }
        func cells(_ row: [[MarkdownInline]], base: String = "") -> [[Token]] {
            (0..<count).map { tokens($0 < row.count ? row[$0] : [], base: base) }
        }
        let head = cells(header, base: SGR.bold)
        let body = rows.map { cells($0) }
        let all = [head] + body
        let natural = (0..<count).map { column in all.map { Self.naturalWidth($0[column]) }.max() ?? 0 }
        let words = (0..<count).map { column in all.flatMap { $0[column] }.map(\.width).max() ?? 0 }
        guard let widths = Self.fitColumns(natural: natural, longestWords: words, available: width - (3 * count + 1)) else {
            return records(header: header, rows: rows, count: count, width: width)
        }
        let frame = TableFrame(unicode: style.unicode)
        func rule(_ parts: TableFrame.Rule) -> String {
            style.paint(parts.left + widths.map { String(repeating: parts.line, count: $0 + 2) }.joined(separator: parts.middle) + parts.right, SGR.dim)
        }
        let laidOut = body.map { layOut($0, widths: widths, alignments: alignments, bar: frame.bar) }
        let separated = laidOut.contains { $0.count > 1 }
        var out = [rule(frame.top)] + layOut(head, widths: widths, alignments: alignments, bar: frame.bar) + [rule(frame.header)]
        for (index, row) in laidOut.enumerated() {
            if separated, index > 0 { out.append(rule(frame.between)) }
            out += row
        }
        return out + [rule(frame.bottom)]
    }

    /// One row as lines: each cell wrapped to its column and aligned.
    private func layOut(_ row: [[Token]], widths: [Int], alignments: [TableAlignment], bar: String) -> [String] {
        let cells = row.indices.map { wrap(row[$0], width: widths[$0]) }
        let height = cells.map(\.count).max() ?? 1
        let bar = style.paint(bar, SGR.dim)
        return (0..<height).map { line in
            let parts = cells.indices.map { column -> String in
                let text = line < cells[column].count ? cells[column][line] : ""
                let alignment = column < alignments.count ? alignments[column] : .none
                return " " + Self.pad(text, to: widths[column], alignment) + " "
            }
            return bar + parts.joined(separator: bar) + bar
        }
    }

    /// Each row as its first cell in bold, then `header: value` lines for
    /// the other cells; rows apart by a blank line.
    private func records(header: [[MarkdownInline]], rows: [[[MarkdownInline]]], count: Int, width: Int) -> [String] {
        func cell(_ row: [[MarkdownInline]], _ column: Int) -> [MarkdownInline] { column < row.count ? row[column] : [] }
        var out: [String] = []
        for row in rows {
            if !out.isEmpty { out.append("") }
            out += wrap(tokens(cell(row, 0), base: SGR.bold), width: width)
            for column in 1..<max(1, count) {
                var label = tokens(cell(header, column), base: SGR.dim)
                if let last = label.indices.last {
                    label[last].text += style.paint(":", SGR.dim)
                    label[last].width += 1
                }
                let lines = wrap(label + tokens(cell(row, column)), width: width - 4)
                out += lines.enumerated().map { ($0.offset == 0 ? "  " : "    ") + $0.element }
            }
        }
        return out
    }

    static func naturalWidth(_ tokens: [Token]) -> Int {
        var widest = 0, line = 0
        for token in tokens {
            if token.isBreak {
                line = 0
                continue
            }
            line += (line > 0 ? displayWidth(token.gap) : 0) + token.width
            widest = max(widest, line)
        }
        return max(1, widest)
    }

    /// Column widths that add up to at most `available`: the widest column
    /// gives up a column at a time, down to its longest word kept within
    /// 8…12, or `nil` when even that is too wide.
    static func fitColumns(natural: [Int], longestWords: [Int], available: Int) -> [Int]? {
        let floors = zip(natural, longestWords).map { min($0, max(8, min($1, 12))) }
        guard floors.reduce(0, +) <= available else { return nil }
        var widths = natural
        shrink(&widths, floors: floors, to: available)
        return widths
    }

    private static func shrink(_ widths: inout [Int], floors: [Int], to available: Int) {
        while widths.reduce(0, +) > available,
              let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) {
            widths[widest] -= 1
        }
    }

    static func pad(_ text: String, to width: Int, _ alignment: TableAlignment) -> String {
        let space = max(0, width - displayWidth(text))
        switch alignment {
        case .right: return String(repeating: " ", count: space) + text
        case .center: return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
        case .left, .none: return text + String(repeating: " ", count: space)
        }
    }
}

/// The characters a table is drawn with.
private struct TableFrame {
    struct Rule {
        var left: String, line: String, middle: String, right: String
    }

    var top, header, between, bottom: Rule
    var bar: String

    init(unicode: Bool) {
        if unicode {
            top = Rule(left: "┌", line: "─", middle: "┬", right: "┐")
            header = Rule(left: "╞", line: "═", middle: "╪", right: "╡")
            between = Rule(left: "├", line: "─", middle: "┼", right: "┤")
            bottom = Rule(left: "└", line: "─", middle: "┴", right: "┘")
            bar = "│"
        } else {
            top = Rule(left: "+", line: "-", middle: "+", right: "+")
            header = Rule(left: "+", line: "=", middle: "+", right: "+")
            between = top
            bottom = top
            bar = "|"
        }
    }
}
