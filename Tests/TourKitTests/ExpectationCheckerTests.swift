import Testing
@testable import TourKit

@Suite struct ExpectationCheckerTests {
    func lines(_ text: [String], unordered: Bool = false, pattern: Bool = false) -> ExpectedLines {
        ExpectedLines(lines: text, matching: OutputMatching(unordered: unordered, pattern: pattern), line: 1)
    }

    @Test func exactMatching() {
        #expect(ExpectationChecker.mismatch(actual: ["a", "b "], expected: lines(["a", "b"])) == nil)
        #expect(ExpectationChecker.mismatch(actual: ["a", "c"], expected: lines(["a", "b"]))?.kind
                == .ordered(line: 2, expected: "b", actual: "c"))
        #expect(ExpectationChecker.mismatch(actual: ["a"], expected: lines(["a", "b"]))?.kind
                == .ordered(line: 2, expected: "b", actual: nil), "the output ran out")
    }

    @Test func unorderedMatching() {
        #expect(ExpectationChecker.mismatch(actual: ["b", "a"], expected: lines(["a", "b"], unordered: true)) == nil)
        #expect(ExpectationChecker.mismatch(actual: ["b", "c"], expected: lines(["a", "b"], unordered: true))?.kind
                == .unordered(missing: ["a"], unexpected: ["c"], grouped: false))
    }

    @Test func patternMatching() {
        let expected = lines(["took ... ms", "...", "end"], pattern: true)
        #expect(ExpectationChecker.mismatch(actual: ["took 12 ms", "x", "y", "end"], expected: expected) == nil)
        #expect(ExpectationChecker.mismatch(actual: ["took 12 ms", "end"], expected: expected) == nil)
        #expect(ExpectationChecker.mismatch(actual: ["took 12 s", "end"], expected: expected) != nil)
        #expect(LineMatcher(expected: "a...a", pattern: true).matches("a") == false)
        #expect(LineMatcher(expected: "...boom...", pattern: true).matches("Fatal error: boom here"))
        #expect(LineMatcher(expected: "boom", pattern: false).matches("a boom b", substring: true))
    }

    func snippet(_ outcome: ExpectedOutcome = .success, time: TimeBand? = nil, output: [String]? = nil) -> Snippet {
        var attributes = SnippetAttributes()
        attributes.outcome = outcome
        attributes.time = time
        var snippet = Snippet(number: 1, code: "", fenceLine: 1, attributes: attributes)
        snippet.expectations.output = output.map { lines($0) }
        return snippet
    }

    @Test func outcomes() {
        #expect(ExpectationChecker.failures(of: snippet(), report: RunReport(ending: .exited(code: 0))).isEmpty)
        #expect(ExpectationChecker.failures(of: snippet(), report: RunReport(ending: .crashed(signal: 5)))
                == [.ending(expected: .success, summary: "the snippet crashed (SIGTRAP, a Swift runtime trap)", finished: true, elapsed: 0)])
        #expect(ExpectationChecker.failures(of: snippet(.crash), report: RunReport(ending: .crashed(signal: 5))).isEmpty)
        #expect(ExpectationChecker.failures(of: snippet(.crash), report: RunReport(ending: .exited(code: 1))).isEmpty)
        #expect(!ExpectationChecker.failures(of: snippet(.crash), report: RunReport(ending: .exited(code: 0))).isEmpty)
        #expect(ExpectationChecker.failures(of: snippet(.timesOut), report: RunReport(ending: .timedOut(limit: 2))).isEmpty)
        #expect(!ExpectationChecker.failures(of: snippet(.compileFail), report: RunReport(ending: .exited(code: 0))).isEmpty)
        #expect(ExpectationChecker.failures(of: snippet(), report: RunReport(ending: .compileFailed(diagnostics: "e")))
                == [.didNotCompile(diagnostics: "e")])
    }

    /// A program that was stopped is judged by that, not by a time it
    /// never finished in or output it never completed.
    @Test func aRunThatDidNotFinishIsNotTimed() {
        let failures = ExpectationChecker.failures(of: snippet(time: TimeBand(lower: nil, upper: 0.8)),
                                                   report: RunReport(ending: .timedOut(limit: 2), wall: 2.0))
        #expect(failures == [.ending(expected: .success, summary: "stopped after 2 s, the time this snippet is allowed: it never finished",
                                     finished: false, elapsed: 2)], "judged by its ending alone, not by its time")
    }

    /// A program that never awaits has a recorded trace with no task in
    /// it: claims hold against that, so printing the goal's output does
    /// not meet "at least 9 tasks"; without any recording they are skipped.
    @Test func claimsAreCheckedAgainstATraceWithoutTasks() throws {
        var snippet = snippet(output: ["found: 3"])
        snippet.expectations.trace = [try TraceExpectation.parse("at least 9 tasks").get(),
                                      try TraceExpectation.parse("at most 2 pool threads").get()]
        var report = RunReport(ending: .exited(code: 0), lines: [OutputLine(time: 0, text: "found: 3", source: .print)], wall: 0.01)
        report.trace = RuntimeTrace(tasks: [], threads: [])
        #expect(ExpectationChecker.failures(of: snippet, report: report)
                == [.trace(TraceMismatch(claim: "at least 9 tasks", measured: .count(.tasks, actual: 0, cores: nil)))])
        report.trace = nil
        #expect(ExpectationChecker.failures(of: snippet, report: report).isEmpty, "no recording: only the output is checked")
    }

    @Test func aTimeOutsideTheBandCarriesTheElapsedAndTheBand() {
        let band = TimeBand(lower: 0.9, upper: 1.4)
        #expect(ExpectationChecker.failures(of: snippet(time: band), report: RunReport(ending: .exited(code: 0), wall: 1.62))
                == [.time(elapsed: 1.62, band: band)])
        #expect(ExpectationChecker.failures(of: snippet(time: band), report: RunReport(ending: .exited(code: 0), wall: 1.2)).isEmpty)
    }
}
