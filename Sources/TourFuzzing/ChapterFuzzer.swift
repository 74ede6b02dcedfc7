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
    /// Unicode: two renders per input keep the fuzzer at hundreds of runs a
    /// second, and between them every code path of the renderer is taken.
    static let styles = [
        TerminalStyle(width: 40, color: false, unicode: false),
        TerminalStyle(width: 200, color: true, unicode: true),
    ]

    /// Returns the number of characters rendered, so the work cannot be
    /// optimised away and tests can see that something was drawn.
    @discardableResult
    public static func fuzzOne(_ bytes: UnsafeRawBufferPointer) -> Int {
        let path = "/fuzz/01-fuzz.md"
        let blocks: [MarkdownBlock]
        var rendered = 0
        switch LessonLoader.parse(bytes: Array(bytes), path: path, number: 1, id: "fuzz") {
        case .success(let lesson):
            blocks = lesson.blocks
            // The shell shows a chapter step by step; the steps hold the
            // same blocks as the whole, so they are cut, not drawn again.
            rendered += lesson.steps.count
            for snippet in lesson.snippets {
                for hint in snippet.exercise?.hints ?? [] {
                    rendered += MarkdownRenderer(style: .plain).render(MarkdownParser.parse(hint)).count
                }
            }
        case .failure(let problem):
            rendered += problem.description.count
            // A refused chapter is still drawn as plain markdown, so the
            // renderer sees every input, not only well-formed chapters.
            blocks = MarkdownParser.parse(String(decoding: bytes, as: UTF8.self))
        }
        for style in styles {
            rendered += MarkdownRenderer(style: style, includeExpectations: true).render(blocks).count
        }
        return rendered
    }
}
