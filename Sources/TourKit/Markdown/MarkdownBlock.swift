/// A markdown document as Async Tour needs it: blocks with the line they
/// start on, free of any C types so renderers and tests can build them by hand.
public enum MarkdownBlock: Sendable, Equatable {
    case heading(level: Int, content: [MarkdownInline], line: Int)
    case paragraph([MarkdownInline], line: Int)
    /// `items` holds the blocks of each list item; `start` is the first number
    /// of an ordered list and `nil` for a bullet list.
    case list(start: Int?, items: [[MarkdownBlock]], line: Int)
    case blockQuote([MarkdownBlock], line: Int)
    /// A fenced or indented code block. `info` is the whole info string
    /// (`swift time=0.9..1.3`); `line` is the line of the opening fence.
    case code(info: String, text: String, line: Int)
    case table(header: [[MarkdownInline]], rows: [[[MarkdownInline]]], alignments: [TableAlignment], line: Int)
    case thematicBreak(line: Int)
    /// Raw HTML is shown as text, never interpreted.
    case html(String, line: Int)

    public var line: Int {
        switch self {
        case .heading(_, _, let line), .paragraph(_, let line), .list(_, _, let line),
             .blockQuote(_, let line), .code(_, _, let line), .table(_, _, _, let line),
             .thematicBreak(let line), .html(_, let line):
            return line
        }
    }
}

public enum TableAlignment: Sendable, Equatable {
    case none, left, center, right
}

public indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case code(String)
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case strikethrough([MarkdownInline])
    case link(text: [MarkdownInline], destination: String)
    case image(alt: [MarkdownInline], source: String)
    case html(String)
    case softBreak
    case lineBreak

    /// The text without any markup, as a reader would say it.
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s), .html(let s): return s
        case .emphasis(let c), .strong(let c), .strikethrough(let c): return c.plainText
        case .link(let text, _): return text.plainText
        case .image(let alt, _): return alt.plainText
        case .softBreak: return " "
        case .lineBreak: return "\n"
        }
    }
}

extension Array where Element == MarkdownInline {
    public var plainText: String { map(\.plainText).joined() }
}

/// The result of parsing one markdown file.
public struct MarkdownDocument: Sendable, Equatable {
    public var blocks: [MarkdownBlock]
    /// Lines of opening fences that have no closing fence.
    public var unclosedFenceLines: [Int]
}
