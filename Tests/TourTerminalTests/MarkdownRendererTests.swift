import Testing
import TourKit
@testable import TourTerminal

@Suite struct MarkdownRendererTests {
    func render(_ markdown: String, _ style: TerminalStyle = .plain) -> String {
        MarkdownRenderer(style: style).render(MarkdownParser.parse(markdown))
    }

    @Test func headingsParagraphsAndInlines() {
        #expect(render("# Title\n\nSome *soft* and **strong** `code`.\n") == "Title\n=====\n\nSome soft and strong `code`.")
        #expect(render("## Part two\n") == "Part two\n--------")
        #expect(render("### Small\n") == "Small")
        #expect(render("See [the book](https://docs.swift.org) or <https://swift.org>.")
                == "See the book <https://docs.swift.org> or https://swift.org.")
    }

    @Test func listsAndQuotes() {
        #expect(render("- one\n- two\n  - nested\n") == "- one\n- two\n  - nested")
        #expect(render("9. nine\n10. ten\n") == "9.  nine\n10. ten")
        #expect(render("> quoted\n> text\n") == "| quoted text")
    }

    @Test func codeBlocksAndExpectationBlocks() {
        let text = "```swift\nlet x = 1\n```\n\n```output\n1\n```\n"
        #expect(render(text) == "| let x = 1")
        #expect(MarkdownRenderer(style: .plain, includeExpectations: true).render(MarkdownParser.parse(text))
                == "| let x = 1\n\n| 1")
    }

    @Test func tablesFitAndAlign() {
        let table = "| asyncio | Swift |\n|:--|--:|\n| gather | async let |\n| as_completed | for await |\n"
        #expect(render(table) == """
            +--------------+-----------+
            | asyncio      |     Swift |
            +--------------+-----------+
            | gather       | async let |
            | as_completed | for await |
            +--------------+-----------+
            """)
        var narrow = TerminalStyle.plain
        narrow.width = 40
        let wide = "| a | b |\n|---|---|\n| " + String(repeating: "word ", count: 20) + "| short |\n"
        for line in render(wide, narrow).split(separator: "\n") { #expect(displayWidth(String(line)) <= 40) }
    }

    @Test func nothingIsWiderThanTheTerminal() {
        let chapter = """
        # A rather long heading that goes on and on about concurrency and its many wonders

        \(String(repeating: "Tasks wait, threads block, and executors decide who runs next. ", count: 8))

        - \(String(repeating: "a list item that wraps over several lines ", count: 5))
          1. \(String(repeating: "nested and numbered ", count: 8))

        > \(String(repeating: "quoted words ", count: 20))

        ```swift
        let veryLongLine = "\(String(repeating: "x", count: 150))" // and a comment
        ```

        Averyveryverylongwordwithoutanyspaces\(String(repeating: "z", count: 120)).
        """
        for width in [40, 60, 80] {
            var style = TerminalStyle.plain
            style.width = width
            style.unicode = width != 60
            for line in render(chapter, style).split(separator: "\n") {
                #expect(displayWidth(String(line)) <= width, "\(width): \(line)")
            }
        }
    }

    @Test func colourOnlyWhenAsked() {
        let text = "# T\n\n*e* `c`\n\n```swift\nlet x = await f()\n```\n"
        #expect(!render(text).contains("\u{1B}"))
        var colour = TerminalStyle.plain
        colour.color = true
        #expect(render(text, colour).contains("\u{1B}["))
    }

    @Test func controlSequencesInAChapterAreDefused() {
        let evil = "# Evil \u{1B}[2J\n\nText \u{1B}]0;title\u{07} \u{9B}31m\n\n```swift\nprint(\"\u{1B}[31m\")\n```\n"
        for unicode in [true, false] {
            var style = TerminalStyle.plain
            style.unicode = unicode
            let out = render(evil, style)
            #expect(!out.contains("\u{1B}"))
            #expect(!out.contains("\u{07}"))
            #expect(!out.contains("\u{9B}"))
            #expect(out.contains(unicode ? "␛[2J" : "^[[2J"))
        }
    }

    @Test func wideCharactersWrapByColumns() {
        var style = TerminalStyle.plain
        style.width = 20
        let lines = render(String(repeating: "并发 ", count: 12), style).split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines { #expect(displayWidth(String(line)) <= 20) }
        #expect(displayWidth("并发") == 4)
        #expect(displayWidth("e\u{301}") == 1)
        #expect(displayWidth("\u{1B}[1mbold\u{1B}[0m") == 4)
    }
}

@Suite struct SyntaxHighlighterTests {
    static let source = """
    // Three downloads at once
    func download(_ file: String) async -> Int {
        try? await Task.sleep(for: .seconds(1))
        return "\\(file)".count * 1_000 /* bytes */
    }
    """

    @Test func plainModeKeepsTheSource() {
        #expect(SyntaxHighlighter(style: .plain).highlight(Self.source) == Self.source)
    }

    @Test func colourModeOnlyAddsStyles() {
        var style = TerminalStyle.plain
        style.color = true
        let coloured = SyntaxHighlighter(style: style).highlight(Self.source)
        #expect(coloured.contains("\u{1B}[1;35mawait\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[90m// Three downloads at once\u{1B}[0m"))
        let stripped = coloured.replacing(/\u{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == Self.source)
    }

    @Test func brokenCodeStillHighlights() {
        var style = TerminalStyle.plain
        style.color = true
        let broken = "func f( {\n let s = \"open"
        #expect(SyntaxHighlighter(style: style).highlight(broken).replacing(/\u{1B}\[[0-9;]*m/, with: "") == broken)
    }
}

@Suite struct TerminalStyleTests {
    @Test func detection() {
        #expect(TerminalStyle.detect(isTTY: true, environment: ["TERM": "xterm-256color"], width: 100)
                == TerminalStyle(width: 100, color: true, unicode: true))
        #expect(!TerminalStyle.detect(isTTY: true, environment: ["NO_COLOR": "1"], width: nil).color)
        #expect(TerminalStyle.detect(isTTY: true, environment: ["NO_COLOR": ""], width: nil).color)
        #expect(!TerminalStyle.detect(isTTY: false, environment: [:], width: nil).color)
        let dumb = TerminalStyle.detect(isTTY: true, environment: ["TERM": "dumb"], width: nil)
        #expect(!dumb.color && !dumb.unicode)
        #expect(!TerminalStyle.detect(isTTY: true, environment: ["LANG": "C"], width: nil).unicode)
        #expect(TerminalStyle.detect(isTTY: true, environment: ["LC_ALL": "en_US.UTF-8", "LANG": "C"], width: nil).unicode)
        #expect(TerminalStyle.detect(isTTY: false, environment: ["COLUMNS": "120"], width: nil).width == 120)
        #expect(TerminalStyle.detect(isTTY: false, environment: [:], width: 10).width == 40)
    }

    @Test func sanitizer() {
        #expect(Sanitizer.sanitize("a\tb\u{1B}[0m\u{0}\u{7F}\n", unicode: false) == "a    b^[[0m^@^?\n")
        #expect(Sanitizer.sanitize("并发 ✓", unicode: true) == "并发 ✓")
    }
}
