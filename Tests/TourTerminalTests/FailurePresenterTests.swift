import Foundation
import Testing
import TourKit
@testable import TourTerminal

/// The words for what the checker found, said in one place.
@Suite struct FailurePresenterTests {
    let presenter = FailurePresenter()

    @Test func timeBandsSayByHowMuch() {
        #expect(presenter.words(.time(elapsed: 1.62, band: TimeBand(lower: 0.9, upper: 1.4)))
                == "elapsed 1.620 s is outside the band 0.9–1.4 s (0.220 s too slow)")
        #expect(presenter.words(.time(elapsed: 1.0, band: TimeBand(lower: 2.9, upper: nil)))
                == "elapsed 1.000 s, less than the 2.9 s expected (1.900 s too fast)")
        #expect(presenter.words(.time(elapsed: 1.001, band: TimeBand(lower: nil, upper: 0.8)))
                == "elapsed 1.001 s, more than the 0.8 s allowed (0.201 s too slow)")
    }

    @Test func outputMismatchesQuoteBothSides() {
        let ordered = OutputMismatch(kind: .ordered(line: 2, expected: "b", actual: nil), expected: ["a", "b"], actual: ["a"])
        let text = presenter.words(.output(ordered))
        #expect(text.hasPrefix("output differs at line 2: expected 'b', got no more lines"))
        #expect(text.contains("  expected:\n    a\n    b\n  got:\n    a"))
        let unordered = OutputMismatch(kind: .unordered(missing: ["a"], unexpected: ["c"], grouped: false), expected: ["a", "b"],
                                       actual: ["b", "c"])
        #expect(presenter.words(.output(unordered)) == "output differs (in any order):\n  missing:    a\n  unexpected: c")
    }

    @Test func traceMismatchesSayWhatWasCounted() {
        let count = TraceMismatch(claim: "at most cores jobs at once", measured: .count(.jobsAtOnce, actual: 2, cores: 1))
        #expect(presenter.words(.trace(count))
                == "jobs at once: 2 in the runtime trace, where the chapter expects at most cores jobs at once (cores is 1 here)")
        let busy = TraceMismatch(claim: "at least 2 threads busy for 200 ms", measured: .threadsBusy(threads: 2, seconds: 0.012, cores: nil))
        #expect(presenter.words(.trace(busy))
                == "2 or more threads were busy at once for 0.012 s in the runtime trace, where the chapter expects at least 2 threads busy for 200 ms")
        let cpu = TraceMismatch(claim: "cpu above elapsed", measured: .cpu(cpu: 0.5, elapsed: 1, above: true))
        #expect(presenter.words(.trace(cpu)) == "CPU time 0.500 s is not above the elapsed 1.000 s; the chapter expects 'cpu above elapsed'")
    }

    @Test func exerciseVerdictsAndEndings() {
        #expect(presenter.words(.startMeetsGoal) == "the exercise's starting code already meets its goal")
        #expect(presenter.words(.solutionMisses(.compiled)) == "the solution misses the goal: expected a compile error, but the snippet compiled")
        #expect(presenter.words(.ending(expected: .crash, summary: nil, finished: true, elapsed: 0.1))
                == "expected a crash, but the snippet exited normally")
        #expect(presenter.words(.ending(expected: .timesOut, summary: nil, finished: true, elapsed: 0.25))
                == "expected the snippet to time out, but it exited normally after 0.250 s")
    }

    /// Every kind of failure in a Chinese session: Chinese around what it
    /// quotes (the chapter's claim, the program's lines), no English left.
    @Test func failuresSpeakChinese() {
        let claim = "at most cores jobs at once"
        let failures: [(ExpectationFailure, String)] = [
            (.couldNotRun(reason: "原因"), "无法运行：原因"),
            (.compiled, "应当出现编译错误，但代码片段编译通过了"),
            (.ending(expected: .crash, summary: nil, finished: true, elapsed: 0.1), "应当崩溃，但代码片段正常退出了"),
            (.ending(expected: .timesOut, summary: nil, finished: true, elapsed: 0.25), "应当超时，但在 0.250 s 后它正常退出了"),
            (.ending(expected: .success, summary: nil, finished: false, elapsed: 1), "代码片段没有运行完"),
            (.time(elapsed: 1.62, band: TimeBand(lower: 0.9, upper: 1.4)), "耗时 1.620 s，不在范围 0.9–1.4 s 之内（慢了 0.220 s）"),
            (.time(elapsed: 1.0, band: TimeBand(lower: 2.9, upper: nil)), "耗时 1.000 s，少于预期的 2.9 s（快了 1.900 s）"),
            (.time(elapsed: 1.001, band: TimeBand(lower: nil, upper: 0.8)), "耗时 1.001 s，超过了允许的 0.8 s（慢了 0.201 s）"),
            (.trace(TraceMismatch(claim: claim, measured: .count(.suspendedAtOnce, actual: 2, cores: 1))),
             "同时挂起的任务数：运行时跟踪中为 2，而本章预期 \(claim)（这里 cores 为 1）（休眠计入，等待其他任务的任务也计入）"),
            (.trace(TraceMismatch(claim: claim, measured: .threadsBusy(threads: 2, seconds: 0.012, cores: nil))),
             "运行时跟踪中，2 个或更多线程同时忙碌了 0.012 s，而本章预期 \(claim)"),
            (.trace(TraceMismatch(claim: claim, measured: .cpu(cpu: 0.5, elapsed: 1, above: true))),
             "CPU 时间 0.500 s 不高于耗时 1.000 s；本章预期 '\(claim)'"),
            (.startMeetsGoal, "练习的起始代码已经达成了目标"),
            (.solutionMisses(.compiled), "参考答案没有达成目标：应当出现编译错误，但代码片段编译通过了"),
            (.stderrLacks("boom", stderr: ["bang"]), "标准错误中没有：boom\n  bang"),
        ]
        for (failure, expected) in failures {
            let words = Language.$scoped.withValue(.simplifiedChinese) { presenter.words(failure) }
            #expect(words == expected)
            let left = ChineseReportCheck.englishWords(in: words.replacingOccurrences(of: claim, with: ""), allowed: ["CPU", "cores", "boom", "bang"])
            #expect(left == [], "\(words)")
        }
    }

    /// Output that differs, in Chinese: the lists of missing and unexpected
    /// lines start in one column although the labels are of Chinese width.
    @Test func outputMismatchesSpeakChineseAligned() {
        let ordered = OutputMismatch(kind: .ordered(line: 2, expected: "b", actual: nil), expected: ["a", "b"], actual: ["a"])
        let unordered = OutputMismatch(kind: .unordered(missing: ["a", "b"], unexpected: ["c"], grouped: true), expected: ["a", "b"],
                                       actual: ["c"])
        let (first, second) = Language.$scoped.withValue(.simplifiedChinese) {
            (presenter.words(.output(ordered)), presenter.words(.output(unordered)))
        }
        #expect(first == "输出在第 2 行不同：预期 'b'，实际 没有更多行\n  预期：\n    a\n    b\n  实际：\n    a")
        let lines = second.split(separator: "\n").map(String.init)
        #expect(lines[0] == "输出不同（每组内的行顺序不限，组与组按顺序）：")
        #expect(lines[1].hasPrefix("  缺少：") && lines[3].hasPrefix("  多出："))
        let columns = lines[1...3].map { line in displayWidth(String(line.prefix { !"abc".contains($0) })) }
        #expect(columns[0] == columns[1] && columns[1] == columns[2], "\(lines)")
        #expect(lines[4] == "  实际：")
    }

    /// The verdicts a run ends with, in Chinese.
    @Test func verdictsSpeakChinese() {
        let compiler = SnippetCompiler(toolchain: Toolchain(swiftc: "/nonexistent/swiftc", version: "none"),
                                       cacheDirectory: NSTemporaryDirectory(), environment: [:])
        let style = TerminalStyle(width: 80, color: false, unicode: true)
        let player = LessonPlayer(runner: SnippetRunner(compiler: compiler, environment: [:]), style: style, write: { _ in })
        var snippet = Snippet(number: 1, code: "print(1)", fenceLine: 3)
        snippet.attributes.mode = .swift5
        let lesson = Lesson(id: "x", number: 1, title: "X", path: "/lessons/01-x.md", blocks: [], snippets: [snippet])
        let (failures, met, missed, settings) = Language.$scoped.withValue(.simplifiedChinese) {
            let failures = player.shownFailures(of: snippet, in: lesson, report: RunReport(ending: .compileFailed(diagnostics: "e")))
            return (failures, player.exerciseVerdict([]), player.exerciseVerdict(["耗时 1.000 s"]), LessonPlayer.compilerSettings(snippet.attributes))
        }
        #expect(failures == ["在 Swift 5 语言模式下无法编译：见上面的错误"])
        #expect(met == "✓ 目标达成")
        #expect(missed == "◇ 尚未达成目标：\n  耗时 1.000 s")
        #expect(settings == ["Swift 5 语言模式"])
    }

    @Test func aChaptersFullPathIsShortenedToItsFileName() {
        let lesson = Lesson(id: "first", number: 1, title: "First", path: "/course/dir/01-first.md", blocks: [], snippets: [])
        let shortened = FailurePresenter(lesson: lesson).words(.didNotCompile(diagnostics: "/course/dir/01-first.md:12: error: x"))
        #expect(shortened == "the snippet did not compile:\n  01-first.md:12: error: x")
        #expect(FailurePresenter().words(.didNotCompile(diagnostics: "/course/dir/01-first.md:12: error: x")).contains("/course/dir/"),
                "without a chapter nothing is shortened")
    }
}

/// A run names how its snippet is compiled when that is not the default.
@Suite struct CompilerSettingsTests {
    @Test func settingsOtherThanTheDefaultAreNamed() {
        var attributes = SnippetAttributes()
        #expect(LessonPlayer.compilerSettings(attributes).isEmpty)
        attributes.defaultIsolation = "MainActor"
        attributes.upcomingFeatures = ["NonisolatedNonsendingByDefault"]
        attributes.mode = .swift5
        attributes.sanitizer = "thread"
        #expect(LessonPlayer.compilerSettings(attributes)
                == ["Swift 5 mode", "isolation=MainActor", "upcoming=NonisolatedNonsendingByDefault", "sanitize=thread"])
    }
}
