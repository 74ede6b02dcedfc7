import Testing
@testable import TourTerminal

@Suite struct SanitizerTests {
    @Test func escapeBecomesVisible() {
        #expect(Sanitizer.sanitize("\u{1B}[2J", unicode: true) == "␛[2J")
        #expect(Sanitizer.sanitize("\u{1B}[2J", unicode: false) == "^[[2J")
        #expect(Sanitizer.sanitize("\u{1B}]0;title\u{07}", unicode: true) == "␛]0;title^G")
    }

    @Test func otherControlsUseCaretNotation() {
        #expect(Sanitizer.sanitize("a\u{0}b\u{7}c\u{8}d\u{7F}", unicode: false) == "a^@b^Gc^Hd^?")
        #expect(Sanitizer.sanitize("\u{9B}31m\u{85}", unicode: true) == "\u{FFFD}31m\u{FFFD}")
        #expect(Sanitizer.sanitize("\u{9B}31m", unicode: false) == "?31m")
    }

    @Test func newlinesStayAndCarriageReturnsShow() {
        #expect(Sanitizer.sanitize("one\ntwo\n", unicode: false) == "one\ntwo\n")
        #expect(Sanitizer.sanitize("one\r\ntwo\r\n", unicode: false) == "one\ntwo\n")
        #expect(Sanitizer.sanitize("50%\r100%\r", unicode: false) == "50%^M100%^M")
    }

    @Test func tabsExpandToTabStops() {
        #expect(Sanitizer.sanitize("a\tb", unicode: false) == "a       b")
        #expect(Sanitizer.sanitize("abcd\tb\n\tc", unicode: false, tabWidth: 4) == "abcd    b\n    c")
        #expect(Sanitizer.sanitize("并\tx", unicode: true, tabWidth: 4) == "并  x")
    }

    @Test func bidirectionalOverridesAreNamed() {
        #expect(Sanitizer.sanitize("let s = \"\u{202E}abc\u{2066}\"", unicode: true) == "let s = \"<U+202E>abc<U+2066>\"")
    }

    @Test func printableTextIsUntouched() {
        let text = "并发 ✓ café e\u{301} 👩‍💻 — “quotes”"
        #expect(Sanitizer.sanitize(text, unicode: true) == text)
        #expect(Sanitizer.sanitize(text, unicode: false) == text)
    }

    @Test func displayWidthCountsColumns() {
        #expect(displayWidth("") == 0)
        #expect(displayWidth("async") == 5)
        #expect(displayWidth("并发") == 4)
        #expect(displayWidth("ｈｉ") == 4)              // fullwidth Latin
        #expect(displayWidth("한국어") == 6)
        #expect(displayWidth("e\u{301}") == 1)          // combining acute
        #expect(displayWidth("🚀") == 2)
        #expect(displayWidth("❤️") == 2)                 // text emoji with VS16
        #expect(displayWidth("👩‍💻") == 2)                // ZWJ sequence: one picture
        #expect(displayWidth("a\u{200B}b") == 2)        // zero-width space
        #expect(displayWidth("━─│•…") == 5)
        #expect(displayWidth("\u{1B}[1;36mbold\u{1B}[0m") == 4)
    }
}
