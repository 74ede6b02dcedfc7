import Testing
@testable import TourKit

@Suite struct ExpectationCheckerTests {
    func lines(_ text: [String], unordered: Bool = false, pattern: Bool = false) -> ExpectedLines {
        ExpectedLines(lines: text, matching: OutputMatching(unordered: unordered, pattern: pattern), line: 1)
    }

    @Test func exactMatching() {
        #expect(ExpectationChecker.compare(actual: ["a", "b "], expected: lines(["a", "b"]), what: "output") == nil)
        let message = ExpectationChecker.compare(actual: ["a", "c"], expected: lines(["a", "b"]), what: "output")
        #expect(message?.contains("line 2: expected 'b', got 'c'") == true)
        #expect(ExpectationChecker.compare(actual: ["a"], expected: lines(["a", "b"]), what: "output")?
            .contains("got no more lines") == true)
    }

    @Test func unorderedMatching() {
        #expect(ExpectationChecker.compare(actual: ["b", "a"], expected: lines(["a", "b"], unordered: true), what: "o") == nil)
        let message = ExpectationChecker.compare(actual: ["b", "c"], expected: lines(["a", "b"], unordered: true), what: "o")
        #expect(message?.contains("missing:    a") == true)
        #expect(message?.contains("unexpected: c") == true)
    }

    @Test func patternMatching() {
        let expected = lines(["took ... ms", "...", "end"], pattern: true)
        #expect(ExpectationChecker.compare(actual: ["took 12 ms", "x", "y", "end"], expected: expected, what: "o") == nil)
        #expect(ExpectationChecker.compare(actual: ["took 12 ms", "end"], expected: expected, what: "o") == nil)
        #expect(ExpectationChecker.compare(actual: ["took 12 s", "end"], expected: expected, what: "o") != nil)
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
        #expect(ExpectationChecker.failures(of: snippet(), report: RunReport(ending: .crashed(signal: 5))).first?
            .contains("crashed") == true)
        #expect(ExpectationChecker.failures(of: snippet(.crash), report: RunReport(ending: .crashed(signal: 5))).isEmpty)
        #expect(ExpectationChecker.failures(of: snippet(.crash), report: RunReport(ending: .exited(code: 1))).isEmpty)
        #expect(!ExpectationChecker.failures(of: snippet(.crash), report: RunReport(ending: .exited(code: 0))).isEmpty)
        #expect(ExpectationChecker.failures(of: snippet(.timesOut), report: RunReport(ending: .timedOut(limit: 2))).isEmpty)
        #expect(!ExpectationChecker.failures(of: snippet(.compileFail), report: RunReport(ending: .exited(code: 0))).isEmpty)
        #expect(ExpectationChecker.failures(of: snippet(), report: RunReport(ending: .compileFailed(diagnostics: "e")))
            .first?.contains("did not compile") == true)
    }

    /// A program that was stopped is judged by that, not by a time it
    /// never finished in or output it never completed.
    @Test func aRunThatDidNotFinishIsNotTimed() {
        let failures = ExpectationChecker.failures(of: snippet(time: TimeBand(lower: nil, upper: 0.8)),
                                                   report: RunReport(ending: .timedOut(limit: 2), wall: 2.0))
        #expect(failures.count == 1)
        #expect(failures.first?.contains("too slow") == false)
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
                == ["tasks: 0 in the runtime trace, where the chapter expects at least 9 tasks"])
        report.trace = nil
        #expect(ExpectationChecker.failures(of: snippet, report: report).isEmpty, "no recording: only the output is checked")
    }

    @Test func timeBandsSayByHowMuch() {
        let slow = ExpectationChecker.failures(of: snippet(time: TimeBand(lower: 0.9, upper: 1.4)),
                                               report: RunReport(ending: .exited(code: 0), wall: 1.62))
        #expect(slow == ["elapsed 1.620 s is outside the band 0.9–1.4 s (0.220 s too slow)"])
        let fast = ExpectationChecker.failures(of: snippet(time: TimeBand(lower: 2.9, upper: nil)),
                                               report: RunReport(ending: .exited(code: 0), wall: 1.0))
        #expect(fast == ["elapsed 1.000 s, less than the 2.9 s expected (1.900 s too fast)"])
        let limit = ExpectationChecker.failures(of: snippet(time: TimeBand(lower: nil, upper: 0.8)),
                                                report: RunReport(ending: .exited(code: 0), wall: 1.001))
        #expect(limit == ["elapsed 1.001 s, more than the 0.8 s allowed (0.201 s too slow)"])
    }
}
