import Testing
@testable import TourKit

@Suite struct MessageQuotingTests {
    @Test func controlCharactersBecomeEscapes() {
        #expect("a\nb\r\tc".quotedForMessage() == "a\\nb\\r\\tc")
        #expect("\u{1B}[2J\u{07}\u{7F}\u{9B}".quotedForMessage() == "\\u{1B}[2J\\u{7}\\u{7F}\\u{9B}")
        #expect("\u{2028}\u{202E}evil".quotedForMessage() == "\\u{2028}\\u{202E}evil")
    }

    @Test func ordinaryTextIsUnchanged() {
        #expect("02-async-await.md".quotedForMessage() == "02-async-await.md")
        #expect("café ☕️ 日本".quotedForMessage() == "café ☕️ 日本")
        #expect("back\\slash".quotedForMessage() == "back\\slash")
    }

    @Test func longTextIsCut() {
        #expect(String(repeating: "x", count: 10).quotedForMessage(limit: 4) == "xxxx… (6 more characters)")
        #expect(String(repeating: "x", count: 4).quotedForMessage(limit: 4) == "xxxx")
    }
}
