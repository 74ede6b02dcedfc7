import TourKit
import TourTerminal

/// One fuzzing step: the bytes as a chapter file, loaded the way
/// `LessonLoader.load(directory:)` loads a file it has read, then rendered at
/// a few terminal widths and styles. Whatever the bytes, this must return:
/// no trap, no stack overflow, no runaway time (libFuzzer's `-timeout`).
///
/// The regression corpus (`Tests/FuzzCorpus/`) is replayed through this same
/// function by `TourFuzzingTests`, and by `async-tour-fuzz FILE...`.
public enum ChapterFuzzer {
    /// The narrowest and widest layouts, one plain and one with colour and
    /// Unicode: between them every code path of the renderer is taken. Each
    /// input is drawn in one of them, picked by its length, so a run is
    /// twice as fast and a saved input still replays the same way.
    static let styles = [
        TerminalStyle(width: 40, color: false, unicode: false),
        TerminalStyle(width: 200, color: true, unicode: true),
    ]

    /// Returns the number of characters rendered, so the work cannot be
    /// optimised away and tests can see that something was drawn.
    ///
    /// `highlight: false` draws Swift code blocks as plain code, so
    /// swift-syntax never parses them: its error recovery is quadratic in
    /// unbalanced brackets (6 KB of `[a ` takes a second), and a run that
    /// finds such inputs spends most of its time there instead of in the
    /// loader and the renderer (`scripts/fuzz --no-highlight`).
    ///
    /// `render: false` stops after loading (parsing, limits, fence
    /// attributes, snippets, steps), for a long run of the loader alone
    /// while renderer hangs are open (`scripts/fuzz --load-only`).
    @discardableResult
    public static func fuzzOne(_ bytes: UnsafeRawBufferPointer, highlight: Bool = true, render: Bool = true) -> Int {
        let path = "/fuzz/01-fuzz.md"
        let blocks: [MarkdownBlock]
        var rendered = 0
        switch LessonLoader.parse(bytes: Array(bytes), path: path, number: 1, id: "fuzz") {
        case .success(let lesson):
            blocks = lesson.blocks
            // The shell shows a chapter step by step; the steps hold the
            // same blocks as the whole, so they are cut, not drawn again.
            rendered += lesson.steps.count
            for snippet in lesson.snippets where render {
                for hint in snippet.exercise?.hints ?? [] {
                    let blocks = MarkdownParser.parse(hint)
                    rendered += MarkdownRenderer(style: .plain).render(highlight ? blocks : blocks.map(withoutSwift)).count
                }
            }
        case .failure(let problem):
            rendered += problem.description.count
            // A refused chapter is still drawn as plain markdown, so the
            // renderer sees every input, not only well-formed chapters.
            blocks = MarkdownParser.parse(String(decoding: bytes, as: UTF8.self))
        }
        guard render else { return rendered + blocks.count }
        let drawn = highlight ? blocks : blocks.map(withoutSwift)
        let style = styles[bytes.count % styles.count]
        rendered += MarkdownRenderer(style: style, includeExpectations: true).render(drawn).count
        return rendered
    }

    /// The block with its Swift code blocks relabelled as plain text. The
    /// parser bounds the nesting, so this recursion is bounded too.
    static func withoutSwift(_ block: MarkdownBlock) -> MarkdownBlock {
        switch block {
        // The renderer highlights a block whose first word is `swift` in any case.
        case .code(let info, let text, let line) where info.split(separator: " ").first?.lowercased() == "swift":
            return .code(info: "text", text: text, line: line)
        case .list(let start, let items, let line):
            return .list(start: start, items: items.map { $0.map(withoutSwift) }, line: line)
        case .blockQuote(let inner, let line):
            return .blockQuote(inner.map(withoutSwift), line: line)
        default:
            return block
        }
    }
}
