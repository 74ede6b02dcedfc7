import Testing
@testable import TourKit

@Suite struct MarkdownParserTests {
    /// How deeply quotes, lists and inline containers nest in `blocks`.
    func depth(_ blocks: [MarkdownBlock]) -> Int {
        blocks.map { block in
            switch block {
            case .blockQuote(let inner, _): return 1 + depth(inner)
            case .list(_, let items, _): return 1 + (items.map(depth).max() ?? 0)
            case .paragraph(let content, _), .heading(_, let content, _): return depth(content)
            default: return 0
            }
        }.max() ?? 0
    }

    func depth(_ inlines: [MarkdownInline]) -> Int {
        inlines.map { inline in
            switch inline {
            case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(let c, _), .image(let c, _): return 1 + depth(c)
            default: return 0
            }
        }.max() ?? 0
    }

    @Test(arguments: [
        String(repeating: ">", count: 100_000) + " x",
        String(repeating: "- ", count: 5_000) + "a",
        String(repeating: "*a ", count: 20_000) + "b" + String(repeating: " c*", count: 20_000),
        String(repeating: "![a ", count: 3_000) + "b" + String(repeating: "](x)", count: 3_000),
    ])
    func noCallerSeesDeeperThanTheLimit(_ source: String) {
        let document = MarkdownParser.parseDocument("intro\n\n" + source)
        #expect(document.overLimit == .nesting(line: 3))
        #expect(depth(document.blocks) <= MarkdownLimits.maxNesting)
        // What was within the limit is kept.
        #expect(document.blocks.first == .paragraph([.text("intro")], line: 1))
        #expect(depth(MarkdownParser.parse(source)) <= MarkdownLimits.maxNesting)
    }

    @Test func taskItemsStartWithTheirBox() {
        let blocks = MarkdownParser.parse("- [x] done\n- [ ] open\n- plain")
        guard case .list(_, let items, _)? = blocks.first else {
            Issue.record("no list: \(blocks)")
            return
        }
        #expect(items[0].first == .paragraph([.task(checked: true), .text("done")], line: 1))
        #expect(items[1].first == .paragraph([.task(checked: false), .text("open")], line: 2))
        #expect(items[2].first == .paragraph([.text("plain")], line: 3))
    }

    @Test func footnotesAreNumberedInTheOrderOfTheirReferences() {
        let blocks = MarkdownParser.parse("B[^b] then A[^a].\n\n[^a]: About a.\n\n[^b]: About b.\n")
        #expect(blocks.first == .paragraph([.text("B"), .footnoteReference("1"), .text(" then A"), .footnoteReference("2"), .text(".")], line: 1))
        #expect(blocks.dropFirst().map { block -> String in
            guard case .footnote(let label, let inner, _) = block else { return "not a footnote" }
            return label + ": " + inner.map { if case .paragraph(let text, _) = $0 { text.plainText } else { "" } }.joined()
        } == ["1: About b.", "2: About a."])
    }

    @Test func footnotesNestNoDeeperThanTheLimit() {
        let deep = "x[^1]\n\n[^1]: " + String(repeating: "> ", count: 40) + "deep\n"
        #expect(MarkdownParser.parseDocument(deep).overLimit != nil)
    }

    @Test func ordinaryNestingIsUntouched() {
        let document = MarkdownParser.parseDocument("> - a *b **c***\n>   - d\n")
        #expect(document.overLimit == nil)
        #expect(depth(document.blocks) == 4)
    }

    @Test func limitsOnTheTextAreCheckedBeforeCmark() {
        #expect(MarkdownParser.scanLimits("a|b\n" + String(repeating: "|", count: 257)) == .tableWidth(line: 2))
        #expect(MarkdownParser.scanLimits(String(repeating: "|", count: 256)) == nil)
        #expect(MarkdownParser.scanLimits(String(repeating: "a", count: MarkdownLimits.maxBytes + 1))
                == .size(bytes: MarkdownLimits.maxBytes + 1))
        #expect(MarkdownParser.parseDocument(String(repeating: "|", count: 300)).blocks.isEmpty)
    }

    /// The pipe count starts again on each line, wherever the pipes fall:
    /// 256 on each of many lines is within the limit, one more on a later
    /// line is refused with that line's number.
    @Test func tableWidthIsCountedPerLine() {
        let row = String(repeating: "|", count: MarkdownLimits.maxPipesPerLine)
        let manyRows = Array(repeating: row, count: 5).joined(separator: "\n")
        #expect(MarkdownParser.scanLimits(manyRows) == nil)
        #expect(MarkdownParser.scanLimits("|\n\n" + manyRows + "\n" + row + "x|") == .tableWidth(line: 8))
        #expect(MarkdownParser.scanLimits("x\n\n\n" + row + "|\n") == .tableWidth(line: 4))
        #expect(MarkdownParser.scanLimits("") == nil)
    }

    /// Fences closed on a CRLF line, inside quotes and list items, or with
    /// a longer run of the marker are closed; short runs, other markers and
    /// text after the run are not, and the blocks are reported by their line.
    @Test func unclosedFencesAreFoundInEveryContainer() {
        let crlf = "# T\r\n\r\n```swift\r\nprint(1)\r\n```\r\n\r\n~~~text\r\nx\r\n~~~~ \r\n"
        #expect(MarkdownParser.parseDocument(crlf).unclosedFenceLines == [])
        let nested = "> ```\n> a\n> ```\n\n- item\n\n  ````\n  b\n  ````\n"
        #expect(MarkdownParser.parseDocument(nested).unclosedFenceLines == [])
        let open = "> ```\n> a\n\n- ````\n  b\n  ```\n\ntext\n\n```\nc\n``` x\n"
        #expect(MarkdownParser.parseDocument(open).unclosedFenceLines == [1, 4, 10])
    }
}
