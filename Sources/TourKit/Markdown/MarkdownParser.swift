internal import CCmarkGFM

/// Parses CommonMark with the GFM table and strikethrough extensions through
/// cmark-gfm, and converts its AST into ``MarkdownBlock`` values.
public enum MarkdownParser {
    /// The blocks of `source`.
    public static func parse(_ source: String) -> [MarkdownBlock] {
        parseDocument(source).blocks
    }

    /// The blocks of `source`, and the lines of fences that were never closed.
    public static func parseDocument(_ source: String) -> MarkdownDocument {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return MarkdownDocument(blocks: [], unclosedFenceLines: []) }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var bytes = Array(source.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return MarkdownDocument(blocks: [], unclosedFenceLines: []) }
        defer { cmark_node_free(document) }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return MarkdownDocument(blocks: blocks(under: document), unclosedFenceLines: unclosedFences(in: document, lines: lines))
    }

    /// cmark-gfm runs an unclosed fence to the end of its container; find the
    /// fenced blocks whose last line is not a closing fence.
    private static func unclosedFences(in node: OpaquePointer, lines: [Substring]) -> [Int] {
        var result: [Int] = []
        for child in children(of: node) {
            if typeName(child) == "code_block" {
                var length: Int32 = 0, offset: Int32 = 0
                var fenceChar: CChar = 0
                if cmark_node_get_fenced(child, &length, &offset, &fenceChar) != 0 {
                    let endLine = Int(cmark_node_get_end_line(child))
                    let startLine = Int(cmark_node_get_start_line(child))
                    let text = endLine >= 1 && endLine <= lines.count ? lines[endLine - 1] : ""
                    let stripped = text.drop { $0 == " " || $0 == ">" || $0 == "\t" }
                    let marker = Character(Unicode.Scalar(UInt8(bitPattern: fenceChar)))
                    let run = stripped.prefix { $0 == marker }.count
                    let rest = stripped.dropFirst(run)
                    let closes = endLine > startLine && run >= Int(length) && rest.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
                    if !closes { result.append(startLine) }
                }
            } else {
                result += unclosedFences(in: child, lines: lines)
            }
        }
        return result
    }

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private static func blocks(under node: OpaquePointer) -> [MarkdownBlock] {
        children(of: node).compactMap(block)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func typeName(_ node: OpaquePointer) -> String {
        string(cmark_node_get_type_string(node))
    }

    private static func block(_ node: OpaquePointer) -> MarkdownBlock? {
        let line = Int(cmark_node_get_start_line(node))
        switch typeName(node) {
        case "heading":
            return .heading(level: Int(cmark_node_get_heading_level(node)), content: inlines(under: node), line: line)
        case "paragraph":
            return .paragraph(inlines(under: node), line: line)
        case "list":
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let items = children(of: node).map { blocks(under: $0) }
            return .list(start: ordered ? Int(cmark_node_get_list_start(node)) : nil, items: items, line: line)
        case "block_quote":
            return .blockQuote(blocks(under: node), line: line)
        case "code_block":
            return .code(info: string(cmark_node_get_fence_info(node)), text: string(cmark_node_get_literal(node)), line: line)
        case "thematic_break":
            return .thematicBreak(line: line)
        case "html_block":
            return .html(string(cmark_node_get_literal(node)), line: line)
        case "table":
            return table(node, line: line)
        default:
            // Unknown block kinds keep their text rather than vanish.
            let text = inlines(under: node)
            return text.isEmpty ? nil : .paragraph(text, line: line)
        }
    }

    private static func table(_ node: OpaquePointer, line: Int) -> MarkdownBlock {
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
        let rows = children(of: node).map { row in children(of: row).map { inlines(under: $0) } }
        return .table(header: rows.first ?? [], rows: Array(rows.dropFirst()), alignments: alignments, line: line)
    }

    private static func inlines(under node: OpaquePointer) -> [MarkdownInline] {
        children(of: node).compactMap(inline)
    }

    private static func inline(_ node: OpaquePointer) -> MarkdownInline? {
        switch typeName(node) {
        case "text": return .text(string(cmark_node_get_literal(node)))
        case "code": return .code(string(cmark_node_get_literal(node)))
        case "emph": return .emphasis(inlines(under: node))
        case "strong": return .strong(inlines(under: node))
        case "strikethrough": return .strikethrough(inlines(under: node))
        case "link": return .link(text: inlines(under: node), destination: string(cmark_node_get_url(node)))
        case "image": return .image(alt: inlines(under: node), source: string(cmark_node_get_url(node)))
        case "html_inline": return .html(string(cmark_node_get_literal(node)))
        case "softbreak": return .softBreak
        case "linebreak": return .lineBreak
        default:
            let nested = inlines(under: node)
            return nested.isEmpty ? nil : .emphasis(nested)
        }
    }
}
