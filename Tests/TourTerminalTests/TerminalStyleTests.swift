import Testing
@testable import TourTerminal

@Suite struct TerminalStyleTests {
    func detect(tty: Bool = true, _ environment: [String: String], width: Int? = nil) -> TerminalStyle {
        TerminalStyle.detect(isTTY: tty, environment: environment, width: width)
    }

    @Test func aTerminalGetsColourAndUnicode() {
        #expect(detect(["TERM": "xterm-256color", "LANG": "en_US.UTF-8"], width: 100)
                == TerminalStyle(width: 100, color: true, unicode: true))
    }

    @Test func colourRules() {
        #expect(!detect(["NO_COLOR": "1"]).color)
        #expect(detect(["NO_COLOR": ""]).color)
        #expect(!detect(tty: false, [:]).color)
        #expect(!detect(["TERM": "dumb"]).color)
        #expect(detect(tty: false, ["CLICOLOR_FORCE": "1"]).color)
        #expect(!detect(tty: false, ["CLICOLOR_FORCE": "0"]).color)
        #expect(!detect(tty: false, ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"]).color)
    }

    @Test func unicodeRules() {
        #expect(detect([:]).unicode)
        #expect(!detect(["TERM": "dumb"]).unicode)
        #expect(!detect(["LANG": "C"]).unicode)
        #expect(!detect(["LANG": "POSIX"]).unicode)
        #expect(detect(["LANG": "C.UTF-8"]).unicode)
        #expect(detect(["LANG": "de_DE.utf8"]).unicode)
        #expect(detect(["LC_ALL": "en_US.UTF-8", "LANG": "C"]).unicode)
        #expect(!detect(["LC_ALL": "C", "LANG": "en_US.UTF-8"]).unicode)
        #expect(detect(["LC_ALL": "", "LC_CTYPE": "C.UTF-8", "LANG": "C"]).unicode)
    }

    @Test func widthRules() {
        #expect(detect([:]).width == 80)
        #expect(detect(["COLUMNS": "120"]).width == 120)
        #expect(detect(["COLUMNS": "wide"]).width == 80)
        #expect(detect(["COLUMNS": "120"], width: 90).width == 90)
        #expect(detect([:], width: 10).width == 40)
        #expect(detect([:], width: 500).width == 200)
    }

    @Test func plainIsForTests() {
        #expect(TerminalStyle.plain == TerminalStyle(width: 80, color: false, unicode: false))
    }

    @Test func paintOnlyWithColour() {
        var style = TerminalStyle.plain
        #expect(style.paint("text", SGR.bold) == "text")
        style.color = true
        #expect(style.paint("text", SGR.bold) == "\u{1B}[1mtext\u{1B}[0m")
        #expect(style.paint("a\n\nb", "33") == "\u{1B}[33ma\u{1B}[0m\n\n\u{1B}[33mb\u{1B}[0m")
        #expect(style.paint("", SGR.bold) == "")
        #expect(style.paint("text", "") == "text")
    }

    @Test func mergeJoinsRunsOfOneStyle() {
        let bold = "\u{1B}[1m", reset = "\u{1B}[0m"
        #expect(SGR.merge("\(bold)two\(reset)\(bold) \(reset)\(bold)words\(reset).") == "\(bold)two words\(reset).")
        #expect(SGR.merge("plain") == "plain")
        // A style opened inside another adds to it.
        #expect(SGR.merge("\(bold)\u{1B}[33mx\(reset)") == "\u{1B}[1;33mx\(reset)")
        #expect(SGR.merge("\u{1B}[33ma\(reset)\u{1B}[35mb\(reset)") == "\u{1B}[33ma\(reset)\u{1B}[35mb\(reset)")
    }
}
