import Testing
@testable import TourTerminal

@Suite struct TabCompletionTests {
    let commands = ["run", "goto", "toc", "help"]
    let chapters = ["async-await", "async-sequences", "tasks"]

    @Test func aSingleMatchCompletesWithASpace() {
        var tab = TabCompletion()
        #expect(tab.press(line: "ru", cursor: 2, candidates: commands) == .insert("n "))
        #expect(tab.press(line: "goto t", cursor: 6, candidates: chapters) == .insert("asks "))
    }

    @Test func noSpaceWhenOneFollows() {
        var tab = TabCompletion()
        #expect(tab.press(line: "ru 2", cursor: 2, candidates: commands) == .insert("n"))
    }

    @Test func severalMatchesCompleteTheirCommonPrefixThenListOnADoubleTab() {
        var tab = TabCompletion()
        #expect(tab.press(line: "goto a", cursor: 6, candidates: chapters) == .insert("sync-"))
        // As readline: the TAB after a change beeps, the next one lists.
        #expect(tab.press(line: "goto async-", cursor: 11, candidates: chapters) == .beep)
        #expect(tab.press(line: "goto async-", cursor: 11, candidates: chapters)
                == .list(["async-await", "async-sequences"]))
        #expect(tab.press(line: "goto async-", cursor: 11, candidates: chapters)
                == .list(["async-await", "async-sequences"]))
    }

    @Test func theDoubleTabMustBeOnTheSameLine() {
        var tab = TabCompletion()
        let numbers = ["1", "2", "all"]
        #expect(tab.press(line: "run ", cursor: 4, candidates: numbers) == .beep)
        #expect(tab.press(line: "show ", cursor: 5, candidates: numbers) == .beep)
        #expect(tab.press(line: "show ", cursor: 5, candidates: numbers) == .list(numbers))
        tab.reset()
        #expect(tab.press(line: "show ", cursor: 5, candidates: numbers) == .beep)
    }

    @Test func nothingToAddBeeps() {
        var tab = TabCompletion()
        #expect(tab.press(line: "xyz", cursor: 3, candidates: commands) == .beep)
        #expect(tab.press(line: "xyz", cursor: 3, candidates: []) == .beep)
        #expect(tab.press(line: "run ", cursor: 4, candidates: []) == .beep)
    }

    @Test func candidatesThatDoNotFitTheWordAreIgnored() {
        var tab = TabCompletion()
        #expect(tab.press(line: "ru", cursor: 2, candidates: ["run", "goto", "run"]) == .insert("n "))
    }

    @Test func worksOnCharactersNotBytes() {
        var tab = TabCompletion()
        #expect(tab.press(line: "goto 你", cursor: 6, candidates: ["你好"]) == .insert("好 "))
    }
}
