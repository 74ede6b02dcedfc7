/// A piece of a chapter as the tour shows it: the text up to a snippet, and
/// the snippet, which the learner then runs. The last step may have text only.
public struct LessonStep: Sendable, Equatable {
    /// The blocks to show, including the snippet's own code block.
    public var blocks: [MarkdownBlock]
    public var snippet: Snippet?

    public init(blocks: [MarkdownBlock], snippet: Snippet?) {
        self.blocks = blocks
        self.snippet = snippet
    }
}

extension Lesson {
    /// The chapter cut after each runnable snippet. One pass over the
    /// blocks and the snippets (both in line order), so a chapter with
    /// thousands of snippets costs linear time, not blocks × snippets.
    public var steps: [LessonStep] {
        var steps: [LessonStep] = []
        var pending: [MarkdownBlock] = []
        let ordered = snippets.enumerated().sorted { ($0.element.fenceLine, $0.offset) < ($1.element.fenceLine, $1.offset) }.map(\.element)
        var next = 0
        for (index, block) in blocks.enumerated() {
            pending.append(block)
            let end = index + 1 < blocks.count ? blocks[index + 1].line : Int.max
            // A snippet before this block's line belongs to no block.
            while next < ordered.count, ordered[next].fenceLine < block.line { next += 1 }
            while next < ordered.count, ordered[next].fenceLine < end {
                steps.append(LessonStep(blocks: pending, snippet: ordered[next]))
                pending = []
                next += 1
            }
        }
        // Expectation blocks right after the last snippet belong to it.
        if !pending.isEmpty, !steps.isEmpty, pending.allSatisfy(\.isExpectationBlock) {
            steps[steps.count - 1].blocks += pending
            pending = []
        }
        if !pending.isEmpty || steps.isEmpty { steps.append(LessonStep(blocks: pending, snippet: nil)) }
        return steps
    }
}

extension MarkdownBlock {
    /// An `output`, `stderr`, `diagnostics` or `trace` block (a test), or an exercise's
    /// `hint` or `solution` (revealed on request): not shown with the text.
    public var isExpectationBlock: Bool {
        guard case .code(let info, _, _) = self else { return false }
        let words = info.split(separator: " ")
        let word = words.first.map(String.init) ?? ""
        // A prelude is setup the snippets share, not part of what they show.
        if word == "swift", words.contains("prelude") { return true }
        return ["output", "stderr", "diagnostics", "trace", "hint", "solution"].contains(word)
    }
}
