import Testing
import TourKit
@testable import TourTerminal

@Suite struct MarkdownRendererTests {
    func render(_ markdown: String, _ style: TerminalStyle = .plain) -> String {
        MarkdownRenderer(style: style).render(MarkdownParser.parse(markdown))
    }

    func style(width: Int = 80, color: Bool = false, unicode: Bool = false) -> TerminalStyle {
        TerminalStyle(width: width, color: color, unicode: unicode)
    }

    // MARK: Each block kind, plain, 80 columns

    @Test func aStdinBlockSaysWhatItIs() {
        let text = render("```swift\nprint(readLine() ?? \"\")\n```\n\n```stdin\n20000\n```\n")
        let lines = text.split(separator: "\n").map(String.init)
        let label = lines.firstIndex { $0.contains("standard input the snippet reads:") }
        #expect(label.map { lines[$0...].contains { $0.contains("20000") } } == true, "\(lines)")
    }

    @Test func headings() {
        #expect(render("# Title") == "Title\n=====")
        #expect(render("## Part two") == "Part two\n--------")
        #expect(render("### Small") == "### Small")
        #expect(render("#### Smaller `code`") == "#### Smaller `code`")
        #expect(render("# Title", style(unicode: true)) == "Title\n━━━━━")
        #expect(render("## Part", style(unicode: true)) == "Part\n────")
    }

    @Test func inlines() {
        #expect(render("Some *soft* and **strong** `code` and ~~gone~~.")
                == "Some _soft_ and *strong* `code` and ~~gone~~.")
        #expect(render("Fences: `` ```swift ``.") == "Fences: `` ```swift ``.")
        #expect(render("A tick: `` ` ``, two: ``` `` ```.") == "A tick: `` ` ``, two: ``` `` ```.")
        #expect(render("A line  \nbreak.") == "A line\nbreak.")
        #expect(render("<b>raw</b> html") == "raw html", "tags go, their text stays")
        #expect(render("![a chart](chart.png)") == "[image: a chart] <chart.png>")
    }

    @Test func links() {
        #expect(render("See [the book](https://docs.swift.org) or <https://swift.org>.")
                == "See the book <https://docs.swift.org> or https://swift.org.")
        #expect(render("Back to [the top](#top).") == "Back to the top.")
    }

    @Test func paragraphsWrapAtTheWidth() {
        let text = String(repeating: "Tasks wait while threads block. ", count: 5)
        #expect(render(text) == """
            Tasks wait while threads block. Tasks wait while threads block. Tasks wait while
            threads block. Tasks wait while threads block. Tasks wait while threads block.
            """)
    }

    @Test func aWordLongerThanTheLineIsCut() {
        let url = "https://example.com/" + String(repeating: "segment/", count: 12)
        #expect(render(url, style(width: 40)) == """
            https://example.com/segment/segment/
            segment/segment/segment/segment/segment/
            segment/segment/segment/segment/segment/
            """)
    }

    @Test func bulletLists() {
        #expect(render("- one\n- two\n  - nested\n    - deeper\n- three") == """
            - one
            - two
              * nested
                + deeper
            - three
            """)
        #expect(render("- one\n- two", style(unicode: true)) == "• one\n• two")
    }

    @Test func numberedListsAlignTheirNumbers() {
        let items = (8...11).map { "\($0). item \($0)" }.joined(separator: "\n")
        #expect(render(items) == " 8. item 8\n 9. item 9\n10. item 10\n11. item 11")
    }

    @Test func listItemsWrapUnderTheirText() {
        let long = String(repeating: "word ", count: 20)
        #expect(render("- \(long)\n- short", style(width: 40)) == """
            - word word word word word word word
              word word word word word word word
              word word word word word word
            - short
            """)
    }

    @Test func looseListsKeepTheirBlankLines() {
        #expect(render("1. First paragraph.\n\n   Second paragraph.\n2. Next.") == """
            1. First paragraph.

               Second paragraph.

            2. Next.
            """)
    }

    @Test func blockQuotes() {
        #expect(render("> quoted\n> text\n>\n> - a list") == "> quoted text\n>\n> - a list")
        #expect(render("> quoted", style(unicode: true)) == "┃ quoted")
    }

    @Test func thematicBreaks() {
        #expect(render("a\n\n---\n\nb", style(width: 40)) == "a\n\n" + String(repeating: "-", count: 40) + "\n\nb")
    }

    @Test func htmlBlocksShowOnlyTheirText() {
        #expect(render("<div>\n<script>alert(1)</script>\n</div>") == "", "a script's text is not prose")
        #expect(render("<div class=\"note\">Careful &amp; slow</div>") == "Careful & slow")
    }

    @Test func htmlCommentsAreHidden() {
        #expect(render("<!-- a note to the author\nover two lines -->\n\nText.") == "Text.")
        #expect(render("Visible<!-- hidden --> text.") == "Visible text.")
        #expect(render("a\n\n<!-- ```swift\nprint(1)\n``` -->\n\nb") == "a\n\nb")
    }

    @Test func detailsAndKbdKeepTheirText() {
        #expect(render("<details>\n<summary>Answer</summary>\n\nIt is 42.\n\n</details>") == "Answer\n\nIt is 42.")
        #expect(render("Press <kbd>Ctrl</kbd>-<kbd>C</kbd>.") == "Press Ctrl-C.")
        #expect(render("One<br>two") == "One\ntwo")
    }

    @Test func footnotes() {
        #expect(render("A claim[^src] and another[^2].\n\n[^2]: Second.\n\n[^src]: The source.")
                == "A claim[1] and another[2].\n\n[1] The source.\n\n[2] Second.")
    }

    @Test func taskLists() {
        #expect(render("- [x] done\n- [ ] to do") == "- [x] done\n- [ ] to do")
        #expect(render("- [x] done\n- [ ] to do", style(unicode: true)) == "• ☑ done\n• ☐ to do")
    }

    @Test func withoutColourStrikethroughAndSmallHeadingsKeepTheirMarks() {
        // NO_COLOR: no SGR at all, so the marks carry the meaning.
        let plain = style(color: false, unicode: true)
        #expect(render("~~gone~~ now", plain) == "~~gone~~ now")
        #expect(render("### Three\n\n#### Four", plain) == "### Three\n\n#### Four")
        #expect(!render("~~gone~~", plain).contains("\u{1B}"))
    }

    @Test func docCAndRelativeLinks() {
        #expect(render("See <doc:Getting-Started>.") == "See Getting Started.")
        #expect(render("See <doc:Concurrency/Task-Groups#Cancel>.") == "See Task Groups.")
        #expect(render("Read [tasks](02-async-await.md#tasks) first.") == "Read tasks (chapter 2) first.")
        #expect(render("Read [the book](../TSPL/Concurrency.md).") == "Read the book.")
        #expect(render("Read [the book](https://docs.swift.org).") == "Read the book <https://docs.swift.org>.")
    }

    @Test func codeBlocks() {
        #expect(render("```swift\nlet x = 1\n\nprint(x)\n```") == "| let x = 1\n|\n| print(x)")
        #expect(render("```\nplain\ttext\n```", style(unicode: true)) == "│ plain   text")
    }

    @Test func longCodeLinesWrapBetweenTokens() {
        let code = "```swift\nlet (data, response) = try await URLSession.shared.data(from: URL(string: base + \"/delay/1\")!)\n```"
        #expect(render(code, style(width: 60)) == """
            | let (data, response) = try await URLSession.shared.data( \\
            |     from: URL(string: base + "/delay/1")!)
            """)
        #expect(render(code, style(width: 60, unicode: true)) == """
            │ let (data, response) = try await URLSession.shared.data( ↩
            │     from: URL(string: base + "/delay/1")!)
            """)
    }

    @Test func expectationBlocksAreHiddenUnlessAsked() {
        let text = "```swift\nprint(1)\n```\n\n```output\n1\n```\n\n```stderr\nboom\n```\n\n```diagnostics\nerror\n```\n"
        #expect(render(text) == "| print(1)")
        #expect(MarkdownRenderer(style: .plain, includeExpectations: true).render(MarkdownParser.parse(text))
                == "| print(1)\n\n| 1\n\n| boom\n\n| error")
    }

    @Test func renderBlockIsRenderOfOne() {
        let block = MarkdownBlock.paragraph([.text("Hello, "), .strong([.text("world")])], line: 1)
        #expect(MarkdownRenderer(style: .plain).renderBlock(block) == "Hello, *world*")
    }

    // MARK: Tables

    static let table = "| asyncio | Swift | cost |\n|:--|:-:|--:|\n| gather | async let | 1 |\n| as_completed | for await | 20 |\n"

    @Test func tablesInASCII() {
        #expect(render(Self.table) == """
            +--------------+-----------+------+
            | asyncio      |   Swift   | cost |
            +==============+===========+======+
            | gather       | async let |    1 |
            | as_completed | for await |   20 |
            +--------------+-----------+------+
            """)
    }

    @Test func tablesInUnicode() {
        #expect(render(Self.table, style(unicode: true)) == """
            ┌──────────────┬───────────┬──────┐
            │ asyncio      │   Swift   │ cost │
            ╞══════════════╪═══════════╪══════╡
            │ gather       │ async let │    1 │
            │ as_completed │ for await │   20 │
            └──────────────┴───────────┴──────┘
            """)
    }

    @Test func wideTablesWrapTheirCells() {
        let text = "| a | b |\n|---|---|\n| " + String(repeating: "word ", count: 12) + "| short |\n| x | y |\n"
        #expect(render(text, style(width: 40)) == """
            +------------------------------+-------+
            | a                            | b     |
            +==============================+=======+
            | word word word word word     | short |
            | word word word word word     |       |
            | word word                    |       |
            +------------------------------+-------+
            | x                            | y     |
            +------------------------------+-------+
            """)
    }

    @Test func tablesTooWideForAGridBecomeRecords() {
        let header = "| | " + (1...6).map { "column \($0)" }.joined(separator: " | ") + " |"
        let rule = "|" + String(repeating: "---|", count: 7)
        let row = "| first | " + (1...6).map { "value number \($0)" }.joined(separator: " | ") + " |"
        let out = render([header, rule, row].joined(separator: "\n"), style(width: 40))
        #expect(out == """
            first
              column 1: value number 1
              column 2: value number 2
              column 3: value number 3
              column 4: value number 4
              column 5: value number 5
              column 6: value number 6
            """)
    }

    // MARK: Properties

    static let chapter = """
    # A rather long heading that goes on and on about concurrency and its many wonders

    \(String(repeating: "Tasks wait, threads block, and executors decide who runs next. ", count: 8))

    - \(String(repeating: "a list item that wraps over several lines ", count: 5))
      1. \(String(repeating: "nested and numbered ", count: 8))
         - \(String(repeating: "deeper still ", count: 10))

    > \(String(repeating: "quoted words ", count: 20))
    >
    > ```swift
    > let inQuote = "\(String(repeating: "q", count: 90))"
    > ```

    | asyncio | Swift | notes |
    |---|:-:|--:|
    | `asyncio.gather(*coros)` | `withTaskGroup(of:)` | \(String(repeating: "long notes ", count: 12)) |
    | `https://docs.python.org/3/library/asyncio-task.html#asyncio.gather` | x | y |

    ```swift
    let veryLongLine = "\(String(repeating: "x", count: 150))" // and a comment that goes on
    func deeplyNested() async throws -> [String: [Int]] { try await withThrowingTaskGroup(of: (String, [Int]).self) { group in [:] } }
    ```

    ```text
    \(String(repeating: "plain-text-without-spaces-", count: 8))
    ```

    <div class="note">\(String(repeating: "html ", count: 30))</div>

    Averyveryverylongwordwithoutanyspaces\(String(repeating: "z", count: 120)).

    \(String(repeating: "并发编程很有趣。", count: 20))

    ---
    """

    @Test(arguments: [40, 57, 80, 132])
    func noLineIsWiderThanTheTerminal(width: Int) {
        for (color, unicode) in [(false, false), (false, true), (true, true)] {
            let out = render(Self.chapter, style(width: width, color: color, unicode: unicode))
            for line in out.split(separator: "\n") {
                #expect(displayWidth(String(line)) <= width, "\(width) \(color) \(unicode): \(line)")
            }
        }
    }

    @Test func colourOffMeansNoEscapes() {
        for unicode in [false, true] {
            #expect(!render(Self.chapter, style(unicode: unicode)).contains("\u{1B}"))
        }
    }

    @Test func colourOnMeansSGR() {
        let out = render(Self.chapter, style(color: true, unicode: true))
        #expect(out.contains("\u{1B}[1;36m"))    // the title
        #expect(out.contains("\u{1B}[35m"))      // a keyword
        #expect(out.contains("\u{1B}[0m"))
        // Every escape sequence is an SGR one.
        #expect(out.replacing(/\u{1B}\[[0-9;]*m/, with: "").contains("\u{1B}") == false)
    }

    @Test func colourStylesInlines() {
        let out = render("Some *soft* and **strong words** `code` [link](https://x.org)", style(color: true))
        #expect(out == "Some \u{1B}[3msoft\u{1B}[0m and \u{1B}[1mstrong words\u{1B}[0m \u{1B}[33mcode\u{1B}[0m "
                + "\u{1B}[4mlink\u{1B}[0m\u{1B}[2m <https://x.org>\u{1B}[0m")
    }

    @Test func colourAndPlainSayTheSameWords() {
        let plain = render(Self.chapter, style(width: 80, unicode: true))
        let coloured = render(Self.chapter, style(width: 80, color: true, unicode: true))
        func words(_ text: String) -> [Substring] {
            text.replacing(/\u{1B}\[[0-9;]*m/, with: "").split { $0 == " " || $0 == "\n" || "`_*".contains($0) }
        }
        #expect(words(plain).count == words(coloured).count)
    }

    @Test func controlSequencesInAChapterAreDefused() {
        let evil = """
        # Evil \u{1B}[2J

        Text \u{1B}]0;title\u{07} \u{9B}31m and `\u{1B}[31m`

        - item \u{1B}[1A
        > quote \u{07}

        | a\u{1B}[5m | b |
        |---|---|
        | \u{07} | c |

        ```swift
        print("\u{1B}[31m")
        ```

        ```text
        \u{1B}c
        ```

        <p>\u{1B}[8m</p>
        """
        for style in [style(unicode: false), style(unicode: true), style(color: true, unicode: true)] {
            let out = render(evil, style).replacing(/\u{1B}\[[0-9;]*m/, with: "")
            #expect(!out.contains("\u{1B}"))
            #expect(!out.contains("\u{07}"))
            #expect(!out.contains("\u{9B}"))
            #expect(out.contains(style.unicode ? "␛[2J" : "^[[2J"))
            #expect(out.contains("^G"))
        }
        // Without colour there is no escape at all, not even an SGR one.
        #expect(!render(evil, style(unicode: true)).contains("\u{1B}"))
    }

    @Test func wideCharactersWrapByColumns() {
        let out = render(String(repeating: "并发 ", count: 12), style(width: 40, unicode: true))
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { displayWidth(String($0)) <= 40 })
        #expect(lines[0] == "并发 并发 并发 并发 并发 并发 并发 并发")
        // Chinese without spaces breaks between characters, not past the edge.
        let sentence = String(repeating: "并发编程很有趣。", count: 6)
        let wrapped = render(sentence, style(width: 40, unicode: true)).split(separator: "\n")
        #expect(wrapped.map { displayWidth(String($0)) } == [40, 40, 16])
        #expect(wrapped.joined() == sentence)
        // A full stop never starts a line, an opening quote never ends one.
        #expect(wrapped.allSatisfy { !$0.hasPrefix("。") })
        let quoted = render(String(repeating: "他说「并发」。", count: 8), style(width: 40, unicode: true)).split(separator: "\n")
        #expect(quoted.count == 3)
        #expect(quoted.allSatisfy { !$0.hasSuffix("「") && !$0.hasPrefix("。") && !$0.hasPrefix("」") })
        // The curly quotes Simplified Chinese uses, which are narrow: ” never
        // starts a line, “ never ends one.
        let curly = render(String(repeating: "而绝不是“在后台运行”。", count: 8), style(width: 40, unicode: true)).split(separator: "\n")
        #expect(curly.count > 1)
        #expect(curly.allSatisfy { !$0.hasSuffix("“") && !$0.hasPrefix("”") && !$0.hasPrefix("。") }, "\(curly)")
    }

    /// A paragraph of Chinese wrapped in the source reads as one: its line
    /// breaks are no gap between two wide characters, and a space wherever
    /// Latin text or Korean (written with spaces) is on either side.
    @Test func aLineBreakBetweenChineseCharactersIsNoGap() {
        let wide = style(width: 80, unicode: true)
        #expect(render("并发编程\n很有趣。", wide) == "并发编程很有趣。")
        #expect(render("用 Swift\n编写并发\n代码\nis fun", wide) == "用 Swift 编写并发代码 is fun")
        #expect(render("한국어\n문장", wide) == "한국어 문장", "Korean keeps the space between its words")
        // Styles on either side of the break do not bring the space back.
        let coloured = render("**并发**\n`代码`\n编程", style(width: 80, color: true, unicode: true))
        #expect(coloured.replacing(/\u{1B}\[[0-9;]*m/, with: "") == "并发代码编程", "\(coloured.debugDescription)")
        // Where the break vanished, a full stop still does not start a line:
        // the character before it moves down with it.
        let full = String(repeating: "并", count: 20)
        let lines = render(full + "\n，尾", style(width: 40, unicode: true)).split(separator: "\n").map(String.init)
        #expect(lines == [String(repeating: "并", count: 19), "并，尾"])
    }

    /// The renderer's own words in a Chinese session.
    @Test func imagesChapterLinksAndStandardInputInChinese() {
        let wide = style(width: 80, unicode: true)
        let text = Language.$scoped.withValue(.simplifiedChinese) {
            render("见 [任务](04-tasks.md)。![示意图](flow.png)\n\n```stdin\n2\n```\n", wide)
        }
        #expect(text.contains("任务（第 4 章）"), "\(text)")
        #expect(text.contains("[图片：示意图] <flow.png>"), "\(text)")
        #expect(text.contains("代码片段读取的标准输入："), "\(text)")
        #expect(ChineseReportCheck.englishWords(in: text, allowed: ["flow", "png"]) == [], "\(text)")
    }

    @Test func tablesAlignWideCharacters() {
        let out = render("| 名字 | value |\n|---|---|\n| 并发 | 1 |\n| a | 2 |\n", style(unicode: true))
        let widths = Set(out.split(separator: "\n").map { displayWidth(String($0)) })
        #expect(widths.count == 1)
    }
}
