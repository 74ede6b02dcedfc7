import Testing
import TourKit
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
