import Testing
@testable import TourKit

@Suite struct ShellCommandTests {
    @Test func parsesEveryCommandAndAlias() {
        let cases: [(String, ShellCommand)] = [
            ("", .proceed), ("   ", .proceed), ("\t", .proceed), ("help", .help), ("?", .help), ("toc", .toc),
            ("list", .toc), ("next", .next), ("n", .next), ("prev", .previous), ("p", .previous), ("back", .previous),
            ("goto 2", .goto("2", part: nil)), ("goto async-await", .goto("async-await", part: nil)),
            ("open why-async", .goto("why-async", part: nil)),
            ("goto 4.19", .goto("4", part: 19)), ("goto tasks 19", .goto("tasks", part: 19)), ("goto tasks.3", .goto("tasks", part: 3)),
            ("show", .show(nil)), ("show 3", .show(SnippetTarget(number: 3))), ("run", .run(nil)), ("run 2", .run(SnippetTarget(number: 2))),
            ("r 1", .run(SnippetTarget(number: 1))), ("run 4.2", .run(SnippetTarget(chapter: "4", number: 2))),
            ("check tasks.1", .check(SnippetTarget(chapter: "tasks", number: 1))),
            ("run all", .runAll), ("again", .again), ("continue", .resume), ("start", .start), ("restart", .start),
            ("quit", .quit), ("exit", .quit),
            ("  RUN   4 ", .run(SnippetTarget(number: 4))), ("run\t2", .run(SnippetTarget(number: 2))), ("Next", .next),
            // Out of range is the state's to say, with the chapter's range.
            ("run -1", .run(SnippetTarget(number: -1))), ("run 0", .run(SnippetTarget(number: 0))),
        ]
        for (line, expected) in cases {
            #expect(ShellCommand.parse(line) == .success(expected), "\(line)")
        }
    }

    @Test func badArgumentsSayWhatToType() {
        let run = ShellCommandError.usage("run takes a snippet number or 'all', e.g. run 2 or run all")
        for line in ["run two", "run 1 2", "run all 2", "run 1.x"] {
            #expect(ShellCommand.parse(line) == .failure(run), "\(line)")
        }
        #expect(ShellCommand.parse("run al") == .failure(.usage("run takes a snippet number or 'all'; did you mean 'run all'?")))
        let show = ShellCommandError.usage("show takes a snippet number, e.g. show 2 (or 4.2: snippet 2 of chapter 4)")
        #expect(ShellCommand.parse("show x") == .failure(show))
        #expect(ShellCommand.parse("show all") == .failure(show))
        let goto = ShellCommandError.usage(ShellCommand.gotoUsage)
        #expect(ShellCommand.parse("goto") == .failure(goto))
        #expect(ShellCommand.parse("goto 1 2 3") == .failure(goto))
        #expect(ShellCommand.parse("goto tasks x") == .failure(.usage("a part is a number: 'goto tasks 1' opens its first part")))
        #expect(ShellCommand.parse("goto 4.x") == .failure(goto))
        #expect(ShellCommand.parse("toc now") == .failure(.usage("toc takes no arguments")))
        #expect(ShellCommand.parse("quit please") == .failure(.usage("quit takes no arguments")))
        #expect(ShellCommandError.usage("toc takes no arguments").description == "toc takes no arguments")
    }

    /// A 'q' typed just after a page ended must not leave the tour.
    @Test func aLoneQDoesNotQuit() {
        #expect(ShellCommand.parse("q") == .failure(.usage("'q' stops a long page of text; to leave the tour, type quit or press Ctrl-D")))
        #expect(ShellCommand.parse("Q") != .success(.quit))
    }

    @Test func unknownCommandsGetTheClosestOne() {
        #expect(ShellCommand.parse("rn") == .failure(.unknown("rn", suggestion: "run")))
        #expect(ShellCommand.parse("hlep") == .failure(.unknown("hlep", suggestion: "help")))
        #expect(ShellCommand.parse("contnue") == .failure(.unknown("contnue", suggestion: "continue")))
        #expect(ShellCommand.parse("nxet") == .failure(.unknown("nxet", suggestion: "next")))
        #expect(ShellCommand.parse("xyzzy") == .failure(.unknown("xyzzy", suggestion: nil)))
        #expect(ShellCommand.parse("tco") == .failure(.unknown("tco", suggestion: "toc")), "two letters swapped")
        #expect(ShellCommand.parse("agian") == .failure(.unknown("agian", suggestion: "again")))
        #expect(ShellCommandError.unknown("rn", suggestion: "run").description
                == "unknown command 'rn'; did you mean 'run'? (type help for the list)")
        #expect(ShellCommandError.unknown("xyzzy", suggestion: nil).description
                == "unknown command 'xyzzy' (type help for the list)")
    }

    @Test func everyNameIsUniqueAndParses() {
        let words = ShellCommand.allWords
        #expect(Set(words).count == words.count)
        let gotoWords = ["goto"] + (ShellCommand.names.first { $0.name == "goto" }?.aliases ?? [])
        for word in words {
            let line = gotoWords.contains(word) ? word + " 1" : word
            #expect(throws: Never.self, "\(line)") { _ = try ShellCommand.parse(line).get() }
        }
    }
}

/// The commands in a Chinese session: the help's summaries and every usage
/// message speak Chinese; the command words themselves stay as typed.
@Suite struct ShellCommandChineseTests {
    static func english(_ text: String, allowed: Set<String>) -> [String] {
        var words: [String] = [], run = ""
        for character in text + " " {
            if character.isASCII, character.isLetter {
                run.append(character)
                continue
            }
            if run.count >= 3, !allowed.contains(run) { words.append(run) }
            run = ""
        }
        return words
    }

    static let allowed = Set(ShellCommand.allWords).union(["all", "Enter", "Ctrl", "Swift", "Python", "REPL", "await", "EDITOR",
                                                            "tasks", "Hans"])

    static func zh<T>(_ body: () throws -> T) rethrows -> T {
        try Language.$scoped.withValue(.simplifiedChinese, operation: body)
    }

    @Test func everySummaryIsChineseAndTheNamesStay() {
        let english = ShellCommand.names
        let chinese = Self.zh { ShellCommand.names }
        #expect(chinese.map(\.name) == english.map(\.name))
        #expect(chinese.map(\.usage) == english.map(\.usage))
        for (zh, en) in zip(chinese, english) {
            #expect(zh.summary != en.summary, "\(en.name): \(zh.summary)")
            #expect(Self.english(zh.summary, allowed: Self.allowed).isEmpty, "\(en.name): \(zh.summary)")
        }
        #expect(chinese.first { $0.name == "lang" }?.summary.contains("切换到中文") == true)
        // The names still parse in a Chinese session.
        #expect(Self.zh { ShellCommand.parse("lang zh-Hans") } == .success(.language("zh-Hans")))
    }

    @Test func usageMessagesSpeakChinese() {
        let lines = ["q", "help me", "run x", "run al", "goto", "goto tasks x", "lang en zh", "rn", "zzzz", "show x"]
        for line in lines {
            guard case .failure(let error) = Self.zh({ ShellCommand.parse(line) }) else {
                Issue.record("'\(line)' parsed")
                continue
            }
            let text = Self.zh { error.description }
            guard case .failure(let original) = ShellCommand.parse(line) else { continue }
            #expect(text != original.description, "\(line): the same in both languages")
            #expect(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(line): \(text)")
            #expect(Self.english(text, allowed: Self.allowed.union(["zzzz"])).isEmpty, "\(line): \(text)")
        }
        #expect(Self.zh { ShellCommand.parse("goto tasks x") }
                == .failure(.usage("部分要用数字表示：'goto tasks 1' 打开它的第一部分")))
    }
}
