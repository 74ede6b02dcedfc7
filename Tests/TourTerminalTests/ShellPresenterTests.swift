import Testing
@testable import TourKit
@testable import TourTerminal

/// The words of the shell's messages: one line for a mistake, saying what
/// works; nothing a learner should not see.
@Suite struct ShellPresenterTests {
    @Test func presenterWordsBadArgumentsInOneLine() {
        let presenter = ShellPresenter(style: .plain)
        #expect(presenter.words(.noSuchPart(chapter: "tasks", number: 4, part: 99, parts: 25))
                == "tasks has parts 1-25, not 99: 'goto 4.25' opens its last part")
        #expect(presenter.words(.noChapterNumber(0, numbers: [1, 2, 3])) == "there is no chapter 0: the chapters are 1-3 ('toc' lists them)")
        #expect(presenter.words(.unknownChapter("asnc", suggestion: "async-await"))
                == "no chapter 'asnc'; did you mean 'async-await'? ('toc' lists the chapters)")
        #expect(presenter.words(.notAnExercise(chapter: "why-async", number: 1, exercises: [5], try: "check 5"))
                == "snippet 1 of why-async is not an exercise; the exercise here is 5: 'check 5'")
        #expect(presenter.words(.noSuchSnippet(chapter: "why-async", number: -1, count: 4))
                == "why-async has snippets 1-4; there is no snippet -1")
        for message in [presenter.words(.startingCodeOfSolved(number: 16)), presenter.editNote(2)] {
            #expect(!message.contains("goal not met"))
            #expect(!message.contains("\n"))
        }
    }

    @Test func cpuAboveElapsedIsExplainedOnce() {
        var report = RunReport(ending: .exited(code: 0), wall: 1.0, cpu: 1.9)
        let note = ReportRenderer.cpuNote(report)
        #expect(note?.contains("several threads ran at once") == true)
        #expect(ReportRenderer(style: .plain).render(report).components(separatedBy: "several threads ran at once").count == 2)
        report.cpu = 0.4
        #expect(ReportRenderer.cpuNote(report) == nil)
        #expect(!ReportRenderer(style: .plain).render(report).contains("several threads"))
    }

    /// Authoring syntax stays in the chapter: a learner reads seconds, not `timeout=`.
    @Test func aTimeoutSaysSecondsNotTheAttribute() {
        let report = RunReport(ending: .timedOut(limit: 2), wall: 2)
        let summary = report.endingSummary ?? ""
        #expect(summary.contains("stopped after 2 s"))
        #expect(!summary.contains("timeout="))
    }
}

/// The shell in a Chinese session: every message, the help, the goal of an
/// exercise and the pager's prompt speak Chinese, with nothing English left
/// but commands, API names and units, and aligned columns still align.
@Suite struct ShellPresenterChineseTests {
    /// Runs of three or more ASCII letters that are not in `allowed`: English
    /// a Chinese session should not show.
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

    /// Commands, their aliases, key names and the names a message quotes.
    static let commands: Set<String> = Set(ShellCommand.allWords)
        .union(["all", "Enter", "Ctrl", "Tab", "Swift", "Python", "REPL", "await", "VISUAL", "EDITOR", "export", "nano",
                "Async", "Tour", "Hans", "tasks", "why", "async", "vim"])
        // What the learner typed and the paths the messages name.
        .union(["asnc", "zzz", "tmp", "edits", "snippet", "swift"])

    static func zh<T>(_ body: () throws -> T) rethrows -> T {
        try Language.$scoped.withValue(.simplifiedChinese, operation: body)
    }

    static let messages: [ShellMessage] = [
        .greeting(chapters: 12, returning: nil),
        .greeting(chapters: 1, returning: ShellMessage.Place(chapter: "tasks", part: 3, parts: 19)),
        .badLine(.unknown("rn", suggestion: "run")), .badLine(.unknown("zzz", suggestion: nil)),
        .unknownChapter("asnc", suggestion: "async"), .unknownChapter("zzz", suggestion: nil),
        .noChapterNumber(0, numbers: [1, 2, 3]), .noChapterNumber(0, numbers: []),
        .noSuchPart(chapter: "tasks", number: 4, part: 99, parts: 25),
        .noSuchSnippet(chapter: "tasks", number: 9, count: 4), .noSnippets(chapter: "tasks"),
        .notAnExercise(chapter: "tasks", number: 1, exercises: [5], try: "check 5"),
        .notAnExercise(chapter: "tasks", number: 1, exercises: [5, 6], try: "check 5"),
        .noExercises(chapter: "tasks"), .noHints(number: 3), .solutionNotYet(number: 3),
        .nothingRanYet, .nothingToContinue, .endOfTour, .startOfTour,
        .endOfChapter(ShellMessage.EndOfChapter(chapter: "tasks", number: 4, ran: 3, snippets: 5, solved: 1, exercises: 2,
                                   nextNumber: 5, nextID: "why-async", snippetFirst: true)),
        .endOfChapter(ShellMessage.EndOfChapter(chapter: "tasks", number: 4, ran: 3, snippets: 5, solved: 0, exercises: 0,
                                   nextNumber: 5, nextID: "why-async", snippetFirst: false)),
        .endOfChapter(ShellMessage.EndOfChapter(chapter: "tasks", number: 4, ran: 3, snippets: 5, solved: 0, exercises: 0,
                                   nextNumber: nil, nextID: nil, snippetFirst: false)),
        .timings(number: 2, chapters: 1.2, yours: 0.8), .goalMet(number: 2), .editThenCheck(number: 2),
        .startingCodeOfSolved(number: 2), .noChanges(number: 2), .resetDone(number: 2, removed: true),
        .resetDone(number: 2, removed: false), .backFromRepl(chapter: "tasks"), .notEdited(number: 2), .sameAsChapter,
        .noThreads(ranYet: true), .noThreads(ranYet: false), .noPair(number: 2, pairs: []), .noPair(number: 2, pairs: [3, 5]),
        .noEditor(file: "/tmp/edits/tasks/snippet-2.swift", number: 2),
        .editorFailed(editor: "vim", status: 1, file: "/tmp/edits/tasks/snippet-2.swift"),
    ]

    @Test func everyShellMessageSpeaksChinese() {
        let presenter = ShellPresenter(style: .plain)
        for message in Self.messages {
            let english = presenter.words(message)
            let chinese = Self.zh { presenter.words(message) }
            #expect(chinese != english, "\(message) is the same in Chinese")
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(chinese)")
            #expect(Self.english(chinese, allowed: Self.commands).isEmpty, "English left in \(chinese)")
        }
        // The words themselves, not only that they changed.
        #expect(Self.zh { presenter.words(.noSuchPart(chapter: "tasks", number: 4, part: 99, parts: 25)) }
                == "tasks 只有第 1-25 部分，没有第 99 部分：'goto 4.25' 打开它的最后一部分")
        #expect(Self.zh { presenter.words(.badLine(.unknown("rn", suggestion: "run"))) }
                == "未知命令 'rn'；你是想输入 'run' 吗？（输入 help 查看命令列表）")
    }

    @Test func helpListsLangInChineseAndItsColumnsAlign() {
        for width in [80, 60] {
            let style = TerminalStyle(width: width, color: false, unicode: true)
            let help = Self.zh { ShellPresenter(style: style).help() }
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first == "命令")
            #expect(lines.contains("按键"))
            #expect(help.contains("lang [en|zh-Hans]"))
            // The lang row's summary, wherever the wrap breaks it.
            let flat = help.split(whereSeparator: \.isWhitespace).joined()
            #expect(flat.contains("lang[en|zh-Hans]章节和界面的语言；langen切换到英文，langzh-Hans切换到中文"), "\(help)")
            #expect(help.contains("本列表；别名：?, h"))
            for line in lines { #expect(displayWidth(line) <= width, "\(displayWidth(line)) columns: \(line)") }
            #expect(Self.english(help, allowed: Self.commands.union(["CHAPTER", "PART", "zh", "id"])).isEmpty,
                    "\(Self.english(help, allowed: Self.commands))")
            // Each key's meaning starts in one column, counted as the terminal shows it.
            let keys = lines.drop { $0 != "按键" }.dropFirst().filter { $0.hasPrefix("  ") && !$0.hasPrefix("    ") }
            #expect(keys.count == 6)
            // A key's name ("↑ / ↓") may hold single spaces; two or more end it.
            let starts = Set(keys.map { line -> Int in
                let body = line.dropFirst(2)
                guard let gap = body.range(of: "  ") else { return -1 }
                let meaning = body[gap.lowerBound...].firstIndex { $0 != " " } ?? body.endIndex
                return displayWidth(String(line[..<meaning]))
            })
            #expect(starts.count == 1, "\(keys)")
        }
    }

    @Test func anExercisesGoalAndFooterSpeakChinese() throws {
        let markdown = "# T\n\n```swift exercise time=..1.5\nprint(1)\n```\n\n```output\n1\n```\n\n```hint\nTry.\n```\n\n"
            + "```solution\nprint(1)\n```\n\n```swift\nprint(2)\n```\n"
        let lesson = try LessonLoader.parse(bytes: Array(markdown.utf8), path: "01-t.md", number: 1, id: "t").get()
        let presenter = ShellPresenter(style: .plain)
        let exercise = LessonStep(blocks: [], snippet: lesson.snippets[0]), plain = LessonStep(blocks: [], snippet: lesson.snippets[1])
        let footer = try #require(Self.zh { presenter.footer(of: exercise) })
        #expect(footer.contains("目标：让它在 1.5 s 内完成，并打印出预期输出，使用 Swift 6 语言模式。"))
        #expect(footer.contains("预期输出："))
        #expect(footer.contains("练习：'edit 1' 修改代码"))
        #expect(Self.zh { presenter.footer(of: plain) } == "按 Enter 运行代码片段 2；'next' 跳过它。")
        let hint = Self.zh { presenter.hint("Try.", index: 0, count: 1, number: 1) }
        #expect(hint.hasPrefix("提示 1/1："))
        for text in [footer, hint, Self.zh { presenter.editNote(2) }] {
            #expect(Self.english(text, allowed: Self.commands.union(["Try", "print"])).isEmpty, "English left in \(text)")
        }
        // English stays as it was.
        #expect(presenter.footer(of: plain) == "Enter runs snippet 2; 'next' skips it.")
    }

    /// The goal names every check before the first one runs: the trace
    /// claims and the standard error as well as the time and the output.
    @Test func theGoalNamesTheTraceClaimsAndStandardError() throws {
        let markdown = "# T\n\n```swift exercise time=..1.5\nprint(1)\n```\n\n```output\n1\n```\n\n```stderr\noops\n```\n\n"
            + "```trace\nat least 5 tasks suspended at once\nat least 2 jobs at once when cores >= 2\n```\n\n"
            + "```hint\nTry.\n```\n\n```solution\nprint(1)\n```\n"
        let lesson = try LessonLoader.parse(bytes: Array(markdown.utf8), path: "01-t.md", number: 1, id: "t").get()
        let goal = ShellPresenter.goal(of: lesson.snippets[0])
        #expect(goal == "make it finish in at most 1.5 s and print the expected output, in Swift 6 mode. "
                + "Its standard error must show the expected lines. "
                + "Its runtime trace must show: at least 5 tasks suspended at once; at least 2 jobs at once when cores >= 2.")
        let chinese = Self.zh { ShellPresenter.goal(of: lesson.snippets[0]) }
        #expect(chinese.hasSuffix("运行时跟踪须显示：at least 5 tasks suspended at once; at least 2 jobs at once when cores >= 2。"))
    }

    @Test func pagerPromptAndRunLabelsSpeakChinese() {
        let presenter = ShellPresenter(style: TerminalStyle(width: 80, color: false, unicode: true))
        #expect(Self.zh { presenter.morePrompt(linesLeft: 12) } == "— 还有 12 行：Enter（或空格）继续，q 停止 —")
        #expect(Self.zh { presenter.morePrompt(linesLeft: 1) } == "— 还有 1 行：Enter（或空格）继续，q 停止 —")
        #expect(presenter.morePrompt(linesLeft: 1) == "— 1 more line: Enter reads on (or space), q stops —")
        let labels: [RunLabel] = [.yours(snippet: 2, chapter: "tasks"), .yours(snippet: 2, chapter: nil),
                                  .chapters(snippet: 2, chapter: "tasks"), .chapters(snippet: 2, chapter: nil),
                                  .exerciseStart(3), .yourExercise(3)]
        for label in labels {
            let text = Self.zh { presenter.runLabel(label) }
            #expect(text.contains("代码片段") || text.contains("练习"), "\(text)")
            #expect(Self.english(text, allowed: Self.commands).isEmpty, "English left in \(text)")
        }
    }

    /// The REPL's own help: Chinese, within 80 columns, its second column of
    /// commands in one place.
    @Test func theReplsHelpSpeaksChineseInColumns() {
        let help = Self.zh { ReplLoop.help }
        #expect(help != ReplLoop.help)
        let lines = help.split(separator: "\n").map(String.init)
        for line in lines { #expect(displayWidth(line) <= 80, "\(line)") }
        let table = lines.filter { $0.hasPrefix(":") }
        #expect(table.count == 3)
        for (line, command) in zip(table, [":decls", ":reset", ":quit"]) {
            let head = line.range(of: command)
            #expect(head.map { displayWidth(String(line[..<$0.lowerBound])) } == 46, "\(line)")
        }
        #expect(Self.english(help, allowed: ["Swift", "Enter", "await", "withTaskGroup", "Ctrl", "let", "var", "Task", "actor",
                                             "vars", "decls", "timeline", "reset", "help", "quit", "catch"]).isEmpty)
    }
}
