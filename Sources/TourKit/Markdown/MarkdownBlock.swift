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
    /// Raw HTML, never interpreted: the renderer hides comments and shows
    /// the text between tags.
    case html(String, line: Int)
    /// A footnote's text (`[^label]: text`); cmark-gfm moves them to the end.
    case footnote(label: String, blocks: [MarkdownBlock], line: Int)

    public var line: Int {
        switch self {
        case .heading(_, _, let line), .paragraph(_, let line), .list(_, _, let line),
             .blockQuote(_, let line), .code(_, _, let line), .table(_, _, _, let line),
             .thematicBreak(let line), .html(_, let line), .footnote(_, _, let line):
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
    /// A reference to a footnote, `[^label]`.
    case footnoteReference(String)
    /// The box of a task list item, `- [x]`: first in the item's text.
    case task(checked: Bool)
    case softBreak
    case lineBreak

    /// The text without any markup, as a reader would say it.
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s), .html(let s): return s
        case .emphasis(let c), .strong(let c), .strikethrough(let c): return c.plainText
        case .link(let text, _): return text.plainText
        case .image(let alt, _): return alt.plainText
        case .footnoteReference(let label): return "[\(label)]"
        case .task(let checked): return checked ? "[x] " : "[ ] "
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
    /// The first limit of ``MarkdownLimits`` the source went past, if any.
    /// The blocks then hold what was within the limits (possibly nothing).
    public var overLimit: MarkdownLimitViolation?

    public init(blocks: [MarkdownBlock], unclosedFenceLines: [Int] = [], overLimit: MarkdownLimitViolation? = nil) {
        self.blocks = blocks
        self.unclosedFenceLines = unclosedFenceLines
        self.overLimit = overLimit
    }
}

/// Bounds on what ``MarkdownParser`` accepts, so that parsing and every
/// later walk over the blocks (the loader, the renderer) take bounded stack
/// and time whatever the text.
public enum MarkdownLimits {
    /// Quotes, lists and inline containers (emphasis, strong, strikethrough,
    /// links, images) nested in one another. Real chapters nest 3 or 4;
    /// 32 keeps every recursive walk to a few hundred stack frames.
    public static let maxNesting = 32
    /// The most `|` characters on one line. cmark-gfm's table extension takes
    /// time quadratic in a row's cells (measured with 0.29.0.gfm.6: 10,000
    /// cells in one row, 1.1 s; 20,000, 4.3 s), so a wider line is refused
    /// before cmark-gfm sees it. 256 such lines cost about 0.3 ms each.
    public static let maxPipesPerLine = 256
    /// The largest source, in bytes. The bundled chapters are under 30 KB;
    /// 512 KiB keeps parsing and rendering a worst-case chapter under a second.
    public static let maxBytes = 512 * 1024
}

/// Which limit a source went past, and the first line where it did.
public enum MarkdownLimitViolation: Sendable, Equatable, CustomStringConvertible {
    case nesting(line: Int)
    case tableWidth(line: Int)
    case size(bytes: Int)

    public var line: Int? {
        switch self {
        case .nesting(let line), .tableWidth(let line): return line
        case .size: return nil
        }
    }

    public var description: String {
        switch self {
        case .nesting:
            let most = MarkdownLimits.maxNesting
            return localized("nesting deeper than \(most) levels")
        case .tableWidth:
            let most = MarkdownLimits.maxPipesPerLine
            return localized("a line with more than \(most) '|' characters")
        case .size(let bytes):
            let most = MarkdownLimits.maxBytes
            return localized("the file is \(bytes) bytes, more than the \(most) a chapter may have")
        }
    }

    public var hint: String {
        switch self {
        case .nesting:
            let most = MarkdownLimits.maxNesting
            return localized("quotes, lists and emphasis may nest at most \(most) levels deep")
        case .tableWidth:
            let columns = MarkdownLimits.maxPipesPerLine - 1
            return localized("a table may have at most \(columns) columns; put very long code lines in a file")
        case .size: return localized("split the chapter into several files")
        }
    }
}
