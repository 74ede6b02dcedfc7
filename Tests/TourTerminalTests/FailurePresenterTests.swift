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
