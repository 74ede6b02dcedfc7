internal import CCmarkGFM
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Parses CommonMark with the GFM table and strikethrough extensions through
/// cmark-gfm, and converts its AST into ``MarkdownBlock`` values.
public enum MarkdownParser {
    /// The blocks of `source`.
    public static func parse(_ source: String) -> [MarkdownBlock] {
        parseDocument(source).blocks
    }

    /// The blocks of `source`, the lines of fences that were never closed,
    /// and the first limit of ``MarkdownLimits`` it went past. Past a limit
    /// the blocks keep only what was within it: nothing deeper than
    /// ``MarkdownLimits/maxNesting`` ever reaches a caller, so every walk
    /// over the result recurses a bounded number of times.
    public static func parseDocument(_ source: String) -> MarkdownDocument {
        var source = source
        // Every scan below works on the UTF-8 bytes with memchr: walking a
        // String (or its `utf8` view) byte by byte, or splitting it into
        // lines, cost a debug build 20 ms of its 50 ms start on the course.
        return source.withUTF8 { bytes in parseDocument(bytes: bytes) }
    }

    private static func parseDocument(bytes: UnsafeBufferPointer<UInt8>) -> MarkdownDocument {
        if let violation = scanLimits(bytes) { return MarkdownDocument(blocks: [], overLimit: violation) }
        _ = registeredExtensions
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES) else { return MarkdownDocument(blocks: []) }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        bytes.withMemoryRebound(to: CChar.self) { chars in
            cmark_parser_feed(parser, chars.baseAddress, chars.count)
        }
        guard let document = cmark_parser_finish(parser) else { return MarkdownDocument(blocks: []) }
        // cmark-gfm itself copes with deep trees: its parser keeps an explicit
        // stack, and freeing walks the tree iteratively (100,000 nested `>`
        // parse and free in 0.07 s). Only the conversion below recurses, and
        // it stops at the limit.
        defer { cmark_node_free(document) }
        var converter = Converter()
        let blocks = converter.blocks(under: document, nesting: 0)
        let lines = LineStarts(bytes)
        return MarkdownDocument(blocks: blocks, unclosedFenceLines: unclosedFences(in: document, lines: lines, depth: 0),
                                overLimit: converter.tooDeepLine.map { .nesting(line: $0) })
    }

    /// cmark-gfm registers its extensions behind a plain static flag, so two
    /// threads parsing their first chapters at once would both append to its
    /// global list; a lazy global is initialised once, under a lock.
    private static let registeredExtensions: Void = cmark_gfm_core_extensions_ensure_registered()

    /// The limits checked on the text itself, before cmark-gfm sees it.
    static func scanLimits(_ source: String) -> MarkdownLimitViolation? {
        var source = source
        return source.withUTF8 { scanLimits($0) }
    }

    /// The same on the bytes: memchr from one `|` to the next, and from the
    /// previous one to it for a newline, so prose without tables costs a
    /// few calls rather than a step per byte.
    static func scanLimits(_ bytes: UnsafeBufferPointer<UInt8>) -> MarkdownLimitViolation? {
        if bytes.count > MarkdownLimits.maxBytes { return .size(bytes: bytes.count) }
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        var pipes = 0
        var searchFrom = 0
        var previousPipe: Int?
        while searchFrom < end, let found = memchr(base + searchFrom, Int32(UInt8(ascii: "|")), end - searchFrom) {
            let pipe = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if let previous = previousPipe,
               memchr(base + previous + 1, Int32(UInt8(ascii: "\n")), pipe - previous - 1) != nil {
                pipes = 0
            }
            pipes += 1
            if pipes > MarkdownLimits.maxPipesPerLine {
                return .tableWidth(line: LineStarts(bytes).line(ofOffset: pipe))
            }
            previousPipe = pipe
            searchFrom = pipe + 1
        }
        return nil
    }

    /// cmark-gfm runs an unclosed fence to the end of its container; find the
    /// fenced blocks whose last line is not a closing fence. Containers deeper
    /// than the nesting limit allows are not entered (the document is refused
    /// for its depth anyway), nor are paragraphs, headings and inlines, which
    /// hold no fence.
    private static func unclosedFences(in node: OpaquePointer, lines: LineStarts, depth: Int) -> [Int] {
        guard depth <= 3 * MarkdownLimits.maxNesting else { return [] }
        var result: [Int] = []
        var next = cmark_node_first_child(node)
        while let child = next {
            next = cmark_node_next(child)
            let type = cmark_node_get_type(child).rawValue
            if type == CMARK_NODE_CODE_BLOCK.rawValue {
                var length: Int32 = 0, offset: Int32 = 0
                var fenceChar: CChar = 0
                if cmark_node_get_fenced(child, &length, &offset, &fenceChar) != 0 {
                    let endLine = Int(cmark_node_get_end_line(child))
                    let startLine = Int(cmark_node_get_start_line(child))
                    let closes = endLine > startLine
                        && lines.isClosingFence(line: endLine, marker: UInt8(bitPattern: fenceChar), length: Int(length))
                    if !closes { result.append(startLine) }
                }
            } else if type & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK),
                      type != CMARK_NODE_PARAGRAPH.rawValue, type != CMARK_NODE_HEADING.rawValue {
                result += unclosedFences(in: child, lines: lines, depth: depth + 1)
            }
        }
        return result
    }

    fileprivate static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    fileprivate static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    fileprivate static func typeName(_ node: OpaquePointer) -> String {
        string(cmark_node_get_type_string(node))
    }

    /// What a node is. A core node is told by its type number; only a node
    /// of an extension (table, strikethrough, a task item) is told by its
    /// type name, which costs a string per node.
    fileprivate static func kind(_ node: OpaquePointer) -> NodeKind {
        if cmark_node_get_syntax_extension(node) != nil { return NodeKind(rawValue: typeName(node)) ?? .other }
        // Compared as numbers: `==` on the imported enum is a generic call.
        switch cmark_node_get_type(node).rawValue {
        case CMARK_NODE_HEADING.rawValue: return .heading
        case CMARK_NODE_PARAGRAPH.rawValue: return .paragraph
        case CMARK_NODE_LIST.rawValue: return .list
        case CMARK_NODE_ITEM.rawValue: return .item
        case CMARK_NODE_BLOCK_QUOTE.rawValue: return .blockQuote
        case CMARK_NODE_CODE_BLOCK.rawValue: return .codeBlock
        case CMARK_NODE_THEMATIC_BREAK.rawValue: return .thematicBreak
        case CMARK_NODE_HTML_BLOCK.rawValue: return .htmlBlock
        case CMARK_NODE_TEXT.rawValue: return .text
        case CMARK_NODE_CODE.rawValue: return .code
        case CMARK_NODE_HTML_INLINE.rawValue: return .htmlInline
        case CMARK_NODE_SOFTBREAK.rawValue: return .softBreak
        case CMARK_NODE_LINEBREAK.rawValue: return .lineBreak
        case CMARK_NODE_EMPH.rawValue: return .emphasis
        case CMARK_NODE_STRONG.rawValue: return .strong
        case CMARK_NODE_LINK.rawValue: return .link
        case CMARK_NODE_IMAGE.rawValue: return .image
        default: return NodeKind(rawValue: typeName(node)) ?? .other
        }
    }
}

/// The node kinds the conversion tells apart, by cmark-gfm's type names.
private enum NodeKind: String {
    case heading, paragraph, list, item, table, tasklist, text, code, softBreak = "softbreak", lineBreak = "linebreak"
    case blockQuote = "block_quote", codeBlock = "code_block", thematicBreak = "thematic_break", htmlBlock = "html_block"
    case htmlInline = "html_inline", emphasis = "emph", strong, strikethrough, link, image
    case other
}

/// Converts cmark-gfm's AST into blocks, one level of recursion per node,
/// and stops descending at ``MarkdownLimits/maxNesting`` containers.
private struct Converter {
    /// The line of the first container past the limit.
    var tooDeepLine: Int?
    /// Footnotes seen so far. cmark-gfm numbers references in the order
    /// they first appear and moves the definitions, in that order, to the end
    /// (dropping unused ones), so the n-th definition is footnote n.
    var footnotes = 0

    private typealias P = MarkdownParser

    /// `nesting` counts the quotes, lists and inline containers above `node`.
    mutating func blocks(under node: OpaquePointer, nesting: Int) -> [MarkdownBlock] {
        P.children(of: node).compactMap { block($0, nesting: nesting) }
    }

    /// Whether a container at `nesting` may be entered; records the first
    /// line where one may not.
    private mutating func enter(_ nesting: Int, line: Int) -> Bool {
        if nesting <= MarkdownLimits.maxNesting { return true }
        if tooDeepLine == nil { tooDeepLine = line }
        return false
    }

    private mutating func block(_ node: OpaquePointer, nesting: Int) -> MarkdownBlock? {
        let line = Int(cmark_node_get_start_line(node))
        if cmark_node_get_type(node).rawValue == CMARK_NODE_FOOTNOTE_DEFINITION.rawValue {
            guard enter(nesting + 1, line: line) else { return nil }
            footnotes += 1
            return .footnote(label: String(footnotes), blocks: blocks(under: node, nesting: nesting + 1), line: line)
        }
        switch P.kind(node) {
        case .heading:
            return .heading(level: Int(cmark_node_get_heading_level(node)), content: inlines(under: node, line: line, nesting: nesting), line: line)
        case .paragraph:
            return .paragraph(inlines(under: node, line: line, nesting: nesting), line: line)
        case .list:
            guard enter(nesting + 1, line: line) else { return nil }
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let items = P.children(of: node).map { item in
                var content = blocks(under: item, nesting: nesting + 1)
                // A task item (`- [x] done`) starts its text with the box.
                if P.kind(item) == .tasklist {
                    let box = MarkdownInline.task(checked: cmark_gfm_extensions_get_tasklist_item_checked(item))
                    if case .paragraph(let inlines, let line)? = content.first {
                        content[0] = .paragraph([box] + inlines, line: line)
                    } else {
                        content.insert(.paragraph([box], line: Int(cmark_node_get_start_line(item))), at: 0)
                    }
                }
                return content
            }
            return .list(start: ordered ? Int(cmark_node_get_list_start(node)) : nil, items: items, line: line)
        case .blockQuote:
            guard enter(nesting + 1, line: line) else { return nil }
            return .blockQuote(blocks(under: node, nesting: nesting + 1), line: line)
        case .codeBlock:
            return .code(info: P.string(cmark_node_get_fence_info(node)), text: P.string(cmark_node_get_literal(node)), line: line)
        case .thematicBreak:
            return .thematicBreak(line: line)
        case .htmlBlock:
            return .html(P.string(cmark_node_get_literal(node)), line: line)
        case .table:
            return table(node, line: line, nesting: nesting)
        default:
            // Unknown block kinds keep their text rather than vanish.
            guard enter(nesting + 1, line: line) else { return nil }
            let text = inlines(under: node, line: line, nesting: nesting + 1)
            return text.isEmpty ? nil : .paragraph(text, line: line)
        }
    }

    private mutating func table(_ node: OpaquePointer, line: Int, nesting: Int) -> MarkdownBlock {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [TableAlignment] = []
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for index in 0..<columns {
                switch raw[index] {
                case UInt8(ascii: "l"): alignments.append(.left)
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.none)
                }
            }
        }
        var rows: [[[MarkdownInline]]] = []
        for row in P.children(of: node) {
            var cells: [[MarkdownInline]] = []
            for cell in P.children(of: row) { cells.append(inlines(under: cell, line: line, nesting: nesting)) }
            rows.append(cells)
        }
        return .table(header: rows.first ?? [], rows: Array(rows.dropFirst()), alignments: alignments, line: line)
    }

    /// `line` is the enclosing block's, for inlines cmark-gfm gives none.
    private mutating func inlines(under node: OpaquePointer, line: Int, nesting: Int) -> [MarkdownInline] {
        P.children(of: node).compactMap { inline($0, line: line, nesting: nesting) }
    }

    private mutating func inline(_ node: OpaquePointer, line blockLine: Int, nesting: Int) -> MarkdownInline? {
        let own = Int(cmark_node_get_start_line(node))
        let line = own > 0 ? own : blockLine
        if cmark_node_get_type(node).rawValue == CMARK_NODE_FOOTNOTE_REFERENCE.rawValue {
            return .footnoteReference(P.string(cmark_node_get_literal(node)))
        }
        let type = P.kind(node)
        switch type {
        case .text: return .text(P.string(cmark_node_get_literal(node)))
        case .code: return .code(P.string(cmark_node_get_literal(node)))
        case .htmlInline: return .html(P.string(cmark_node_get_literal(node)))
        case .softBreak: return .softBreak
        case .lineBreak: return .lineBreak
        default: break
        }
        guard enter(nesting + 1, line: line) else { return nil }
        let nested = inlines(under: node, line: line, nesting: nesting + 1)
        switch type {
        case .emphasis: return .emphasis(nested)
        case .strong: return .strong(nested)
        case .strikethrough: return .strikethrough(nested)
        case .link: return .link(text: nested, destination: P.string(cmark_node_get_url(node)))
        case .image: return .image(alt: nested, source: P.string(cmark_node_get_url(node)))
        default: return nested.isEmpty ? nil : .emphasis(nested)
        }
    }
}

/// Where each line of a chapter's bytes starts, found with memchr.
private struct LineStarts {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of line n (1-based) at index n - 1.
    private(set) var starts: [Int] = [0]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        guard let base = bytes.baseAddress else { return }
        var from = 0
        while from < bytes.count, let found = memchr(base + from, Int32(UInt8(ascii: "\n")), bytes.count - from) {
            from = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            starts.append(from)
        }
    }

    /// The 1-based line that holds the byte at `offset`.
    func line(ofOffset offset: Int) -> Int {
        var low = 0, high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle } else { high = middle }
        }
        return low + 1
    }

    /// Whether `line` is a closing fence: after the container's marks
    /// (spaces, tabs, `>`), at least `length` of `marker`, then only
    /// blanks (a `\r` of a CRLF line among them).
    func isClosingFence(line: Int, marker: UInt8, length: Int) -> Bool {
        guard line >= 1, line <= starts.count else { return false }
        let end = line < starts.count ? starts[line] - 1 : bytes.count
        var index = starts[line - 1]
        while index < end, [UInt8(ascii: " "), UInt8(ascii: ">"), UInt8(ascii: "\t")].contains(bytes[index]) { index += 1 }
        var run = 0
        while index < end, bytes[index] == marker { run += 1; index += 1 }
        guard run >= length else { return false }
        while index < end {
            guard [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[index]) else { return false }
            index += 1
        }
        return true
    }
}
