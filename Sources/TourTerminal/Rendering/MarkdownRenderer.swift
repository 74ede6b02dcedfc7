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
    /// The widest prose is drawn, however wide the terminal: lines of text
    /// much past 100 columns are hard to read. Code blocks and tables use the
    /// terminal's whole width, so fewer of their lines wrap.
    public var proseWidth = MarkdownRenderer.readableWidth

    public static let readableWidth = 100

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

    /// The chapter's own words made harmless and, on an ASCII terminal,
    /// spelled in ASCII (``ASCIIFallback``). Code is never respelled: it is
    /// what runs.
    func prose(_ text: String, tabWidth: Int = 8) -> String {
        let clean = Sanitizer.sanitize(text, unicode: style.unicode, tabWidth: tabWidth)
        return style.unicode ? clean : ASCIIFallback.transliterate(clean)
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
            return heading(level, content, width: proseLimit(width))
        case .paragraph(let content, _):
            return wrap(tokens(content), width: proseLimit(width))
        case .list(let start, let items, _):
            return list(start: start, items: items, width: width, depth: depth)
        case .blockQuote(let inner, _):
            let bar = style.paint(style.unicode ? "┃ " : "> ", SGR.dim)
            return lines(for: inner, width: width - 2, depth: depth).map { bar + $0 }
        case .code(let info, let text, _):
            // A snippet's standard input is shown as such, not as a box of
            // bare lines the reader cannot place.
            if info.split(separator: " ").first == "stdin" {
                return [style.paint(localized("standard input the snippet reads:"), SGR.dim)] + code(info: info, text: text, width: width)
            }
            return code(info: info, text: text, width: width)
        case .table(let header, let rows, let alignments, _):
            return table(header: header, rows: rows, alignments: alignments, width: width)
        case .thematicBreak:
            return [style.paint(String(repeating: style.unicode ? "─" : "-", count: proseLimit(width)), SGR.dim)]
        case .html(let html, _):
            // Comments are hidden; of other HTML only the text is shown.
            guard let text = HTMLText.blockText(html) else { return [] }
            return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { wrap(tokens([.text(String($0))]), width: proseLimit(width)) }
        case .footnote(let label, let inner, _):
            let mark = style.paint("[\(label)]", SGR.dim) + " "
            let markWidth = displayWidth("[\(label)]") + 1
            let indent = String(repeating: " ", count: min(markWidth, 8))
            let body = lines(for: inner, width: width - min(markWidth, 8), depth: depth)
            return body.enumerated().map { $0.offset == 0 ? mark + $0.element : ($0.element.isEmpty ? "" : indent + $0.element) }
        }
    }

    /// The width for prose at a place that has `width` columns: what is left
    /// of ``proseWidth`` after the indent (list markers, quote bars) that
    /// took the terminal's width down to `width`.
    func proseLimit(_ width: Int) -> Int {
        let indent = max(0, style.width - width)
        return max(min(width, 10), min(width, proseWidth - indent))
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
        // The run is built apart from the array: appending to the array's
        // last element while a copy of it is alive would copy it each time.
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var segments: [CodeSegment] = []
            var run = "", runIsSpace = false
            for character in line {
                let isSpace = character == " "
                if !run.isEmpty, isSpace != runIsSpace {
                    segments.append(CodeSegment(text: run, codes: codes))
                    run = ""
                }
                run.append(character)
                runIsSpace = isSpace
            }
            if !run.isEmpty { segments.append(CodeSegment(text: run, codes: codes)) }
            return segments
        }
    }

    /// One line of code, as one or more lines no wider than `width`. A line
    /// breaks after a space, a comma or an opening bracket, or before a dot,
    /// when it can; inside a token only when the token alone is too long.
    /// Continuation lines are indented 4 more than the line they continue.
    ///
    /// Linear in the line: each break looks only at the segments that can
    /// reach the edge, and a token longer than four lines is first cut into
    /// pieces two lines long, so no cut copies the rest of the line.
    func softWrap(_ segments: [CodeSegment], width: Int) -> [String] {
        let width = max(10, width)
        let highlighter = SyntaxHighlighter(style: style)
        let widths = segments.map(\.width)
        let total = widths.reduce(0, +)
        guard total > width else { return [highlighter.paint(segments)] }
        let indent = segments.prefix { $0.isSpace }.reduce(0) { $0 + $1.width }
        let source = Self.chunked(segments, widths: widths, longerThan: 4 * width, into: 2 * width)
        let continuation = String(repeating: " ", count: min(indent + 4, width / 2))
        let mark = style.paint(style.unicode ? "↩" : "\\", SGR.dim)
        var out: [String] = []
        var prefix = ""
        // The rest of the line is `queue` followed by `source.segments[next...]`.
        var queue: [CodeSegment] = [], queueWidth = 0
        var next = 0, sourceWidth = total   // the width of source.segments[next...]
        var restWidth = total
        while prefix.count + restWidth > width {
            let limit = width - 1 - prefix.count
            while next < source.segments.count, queueWidth <= limit {
                queue.append(source.segments[next])
                queueWidth += source.widths[next]
                sourceWidth -= source.widths[next]
                next += 1
            }
            var (head, tail) = Self.breakLine(queue, limit: limit)
            while head.last?.isSpace == true { head.removeLast() }
            let headWidth = head.reduce(0) { $0 + $1.width }
            let padding = String(repeating: " ", count: max(0, width - 1 - prefix.count - headWidth))
            out.append(prefix + highlighter.paint(head) + padding + mark)
            queue = Array(tail.drop { $0.isSpace })
            if queue.isEmpty {
                while next < source.segments.count, source.segments[next].isSpace {
                    sourceWidth -= source.widths[next]
                    next += 1
                }
            }
            queueWidth = queue.reduce(0) { $0 + $1.width }
            restWidth = queueWidth + sourceWidth
            prefix = continuation
        }
        out.append(prefix + highlighter.paint(queue + source.segments[next...]))
        return out
    }

    /// Segments wider than `limit` cut into pieces `size` columns wide, in
    /// one pass; the others as they are. With their widths.
    private static func chunked(_ segments: [CodeSegment], widths: [Int], longerThan limit: Int, into size: Int)
        -> (segments: [CodeSegment], widths: [Int]) {
        guard widths.contains(where: { $0 > limit }) else { return (segments, widths) }
        var out: [CodeSegment] = [], outWidths: [Int] = []
        for (segment, width) in zip(segments, widths) {
            guard width > limit else {
                out.append(segment)
                outWidths.append(width)
                continue
            }
            var piece = "", pieceWidth = 0
            for character in segment.text {
                let characterColumns = characterWidth(character)
                if pieceWidth + characterColumns > size, pieceWidth > 0 {
                    out.append(CodeSegment(text: piece, codes: segment.codes))
                    outWidths.append(pieceWidth)
                    (piece, pieceWidth) = ("", 0)
                }
                piece.append(character)
                pieceWidth += characterColumns
            }
            if !piece.isEmpty {
                out.append(CodeSegment(text: piece, codes: segment.codes))
                outWidths.append(pieceWidth)
            }
        }
        return (out, outWidths)
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
