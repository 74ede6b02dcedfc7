import Testing
import TourKit
@testable import TourTerminal

/// The pager's layout and keys, without a terminal.
@Suite struct PagerTests {
    static func lines(_ prefix: String, _ count: Int) -> [String] { (1...count).map { "\(prefix)\($0)" } }

    @Test func aCodeBlockThatFitsIsNeverSplit() {
        let text = PagedText(pieces: [
            .init(lines: Self.lines("prose ", 7), whole: false),
            .init(lines: [""], whole: false),
            .init(lines: Self.lines("code ", 5), whole: true),
            .init(lines: Self.lines("after ", 3), whole: false),
        ])
        let pages = text.pages(height: 10)
        // The code would straddle lines 9-13: it starts the second page instead.
        #expect(pages[0] == Self.lines("prose ", 7))
        #expect(pages[1] == Self.lines("code ", 5) + Self.lines("after ", 3))
        // Plain text fills every page.
        let plain = PagedText(pieces: [.init(lines: Self.lines("prose ", 7) + [""] + Self.lines("code ", 5), whole: false)])
        #expect(plain.pages(height: 10)[0].count == 10)
    }

    @Test func aBlockLongerThanAPageIsSplitAndNoPageStartsBlank() {
        let text = PagedText(pieces: [
            .init(lines: ["intro"], whole: false),
            .init(lines: [""], whole: false),
            .init(lines: Self.lines("code ", 25), whole: true),
        ])
        let pages = text.pages(height: 10)
        #expect(pages.map(\.count) == [10, 10, 7])
        #expect(pages.flatMap { $0 } == ["intro", ""] + Self.lines("code ", 25))
        let blank = PagedText(pieces: [.init(lines: Self.lines("a", 10) + ["", "b"], whole: false)])
        #expect(blank.pages(height: 10) == [Self.lines("a", 10), ["b"]])
    }

    @Test func renderedBlocksKeepTheirCodeWhole() {
        let blocks = MarkdownParser.parse("# Title\n\nSome text.\n\n```swift\nlet a = 1\nlet b = 2\n```\n\nMore.\n")
        let text = PagedText(blocks: blocks, renderer: MarkdownRenderer(style: .plain))
        #expect(text.pieces.filter(\.whole).count == 1)
        #expect(text.text == MarkdownRenderer(style: .plain).render(blocks), "the same text as rendered in one go")
    }

    @Test func singleKeysAnswerTheMorePrompt() {
        #expect(PagerAnswer(KeyPress.decode([0x20])) == .more)
        #expect(PagerAnswer(KeyPress.decode([0x0D])) == .more)
        #expect(PagerAnswer(KeyPress.decode([0x0A])) == .more)
        #expect(PagerAnswer(KeyPress.decode(Array("q".utf8))) == .stop)
        #expect(PagerAnswer(KeyPress.decode([0x03])) == .stop, "Ctrl-C stops paging")
        #expect(PagerAnswer(KeyPress.decode([0x04])) == .stop, "Ctrl-D stops paging, not the tour")
        #expect(PagerAnswer(KeyPress.decode([0x1B, 0x5B, 0x41])) == .stop, "an arrow key is one key")
        #expect(PagerAnswer(KeyPress.decode([0x09])) == .ignored)
        #expect(PagerAnswer(KeyPress.decode(Array("run 9".utf8))) == .command)
        #expect(PagerAnswer(.none) == .gone)
        #expect(KeyPress.decode(Array("qrun 9".utf8)) == .character("q", rest: "run 9"), "what follows q is not lost")
        #expect(KeyPress.decode(Array("é".utf8)) == .character("é", rest: ""))
        #expect(KeyPress.decode([]) == .endOfInput)
    }
}
