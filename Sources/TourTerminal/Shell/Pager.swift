public import TourKit

/// Text cut into pieces the pager may break between. A piece marked
/// `whole` (a code block, a table) is never split across pages when it fits
/// on one.
public struct PagedText: Sendable, Equatable {
    public struct Piece: Sendable, Equatable {
        public var lines: [String]
        public var whole: Bool

        public init(lines: [String], whole: Bool) {
            self.lines = lines
            self.whole = whole
        }
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// Plain text: lines the pager may break anywhere.
    public init(_ text: String) {
        pieces = [Piece(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), whole: false)]
    }

    /// Markdown blocks rendered one at a time, a blank line between them,
    /// code blocks and tables kept whole.
    public init(blocks: [MarkdownBlock], renderer: MarkdownRenderer) {
        var pieces: [Piece] = []
        for block in blocks where renderer.includeExpectations || !block.isExpectationBlock {
            let rendered = renderer.render([block])
            if rendered.isEmpty { continue }
            if !pieces.isEmpty { pieces.append(Piece(lines: [""], whole: false)) }
            var whole = false
            switch block {
            case .code, .table: whole = true
            default: break
            }
            pieces.append(Piece(lines: rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), whole: whole))
        }
        self.pieces = pieces
    }

    public var lineCount: Int { pieces.reduce(0) { $0 + $1.lines.count } }

    public var text: String { pieces.flatMap(\.lines).joined(separator: "\n") }

    /// Pages of at most `height` lines. A whole piece that does not fit in
    /// what is left of a page, but fits on a page of its own, starts the
    /// next page; a longer one is split. A page never starts with a blank
    /// line.
    public func pages(height: Int) -> [[String]] {
        let height = max(1, height)
        var pages: [[String]] = []
        var page: [String] = []
        func close() {
            while page.last == "" { page.removeLast() }
            if !page.isEmpty { pages.append(page) }
            page = []
        }
        for piece in pieces {
            if piece.whole, piece.lines.count <= height, page.count + piece.lines.count > height { close() }
            for line in piece.lines {
                if page.isEmpty, line.isEmpty { continue }
                page.append(line)
                if page.count == height { close() }
            }
        }
        close()
        return pages
    }
}

/// What the learner answered at a "more" prompt.
public enum PagerAnswer: Equatable, Sendable {
    case more
    /// `q`, Escape, Ctrl-C, Ctrl-D: stop paging, back to the prompt.
    case stop
    /// A key that starts a command: stop paging; the key is typed into
    /// the next prompt (the line editor keeps it).
    case command
    /// Another control key: read the next one.
    case ignored
    /// The read was cut short (SIGTERM): stop, and let the shell leave.
    case gone

    public init(_ key: KeyPress) {
        switch key {
        case .space, .enter: self = .more
        case .character(let character, _) where character == "q" || character == "Q": self = .stop
        case .interrupt, .endOfInput, .escape: self = .stop
        case .character: self = .command
        case .other: self = .ignored
        case .none: self = .gone
        }
    }
}
