import Testing
@testable import TourTerminal

@Suite struct SyntaxHighlighterTests {
    static let source = """
    // Three downloads at once
    @MainActor
    func download(_ file: String) async -> Int {
        try? await Task.sleep(for: .seconds(1.5))
        let note = "a Task in a string"
        return "\\(file)".count * 1_000 /* bytes */
    }
    actor Counter { var value = 0 }
    """

    static var colour: TerminalStyle {
        var style = TerminalStyle.plain
        style.color = true
        return style
    }

    static func strip(_ text: String) -> String {
        text.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    }

    @Test func plainModeKeepsTheSource() {
        #expect(SyntaxHighlighter(style: .plain).highlight(Self.source) == Self.source)
    }

    @Test func colourModeOnlyAddsStyles() {
        let coloured = SyntaxHighlighter(style: Self.colour).highlight(Self.source)
        #expect(coloured.contains("\u{1B}["))
        #expect(Self.strip(coloured) == Self.source)
    }

    @Test func eachKindHasItsColour() {
        let coloured = SyntaxHighlighter(style: Self.colour).highlight(Self.source)
        #expect(coloured.contains("\u{1B}[2m// Three downloads at once\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[35mfunc\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[36mString\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[33m1.5\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[33m1_000\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32m\"a Task in a string\"\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[2m/* bytes */\u{1B}[0m"))
    }

    @Test func concurrencyWordsStandOut() {
        let coloured = SyntaxHighlighter(style: Self.colour).highlight(Self.source)
        let strong = "\u{1B}[1;35m"
        for word in ["async", "await", "Task", "actor", "@MainActor"] {
            #expect(coloured.contains(strong + word + "\u{1B}[0m"), "\(word)")
        }
        // Not inside a string.
        #expect(!coloured.contains(strong + "Task\u{1B}[0m in"))
    }

    @Test func brokenCodeStillRoundTrips() {
        let broken = "func f( {\n let s = \"open\n}}}"
        #expect(Self.strip(SyntaxHighlighter(style: Self.colour).highlight(broken)) == broken)
    }

    @Test func controlCharactersAreSanitizedFirst() {
        let evil = "print(\"\u{1B}[2J\u{07}\")\n\tlet x = 1"
        for style in [TerminalStyle.plain, Self.colour] {
            let out = SyntaxHighlighter(style: style).highlight(evil)
            #expect(!out.contains("\u{07}"))
            #expect(Self.strip(out) == "print(\"^[[2J^G\")\n    let x = 1")
        }
    }

    @Test func emptyAndUnicodeSource() {
        #expect(SyntaxHighlighter(style: Self.colour).highlight("") == "")
        let text = "let 并发 = \"é 🚀\" // 注释"
        #expect(Self.strip(SyntaxHighlighter(style: Self.colour).highlight(text)) == text)
    }

    @Test func segmentsNeverSpanTwoTokens() {
        let lines = SyntaxHighlighter(style: .plain).lines("let total = await a + b // sum of both\nprint(total)")
        #expect(lines.count == 2)
        #expect(lines[0].map(\.text) == ["let", " ", "total", " ", "=", " ", "await", " ", "a", " ", "+", " ", "b", " ",
                                         "//", " ", "sum", " ", "of", " ", "both"])
        #expect(lines[1].map(\.text) == ["print", "(", "total", ")"])
    }
}
