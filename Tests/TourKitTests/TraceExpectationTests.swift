import Testing
@testable import TourKit

@Suite struct TraceExpectationTests {
    static func trace(jobsAtOnce: Int, suspended: Int) -> RuntimeTrace {
        var tasks: [RuntimeTrace.TaskLife] = []
        var threads: [RuntimeTrace.ThreadLife] = []
        for index in 0..<max(jobsAtOnce, suspended) {
            var segments: [RuntimeTrace.Segment] = []
            if index < jobsAtOnce { segments.append(.init(state: .running, start: 0, end: 1, thread: index)) }
            if index < suspended { segments.append(.init(state: .sleeping, start: 1, end: 2)) }
            tasks.append(.init(id: UInt64(index + 1), created: 0, segments: segments, ending: .finished))
            if index < jobsAtOnce {
                threads.append(.init(id: UInt64(100 + index), slices: [.init(start: 0, end: 1, task: index, onMain: false)]))
            }
        }
        return RuntimeTrace(tasks: tasks, threads: threads)
    }

    func claim(_ text: String) throws -> TraceExpectation {
        try TraceExpectation.parse(text).get()
    }

    @Test func readsEveryClaim() throws {
        #expect(try claim("at least 2 jobs at once when cores >= 2").claim == .count(.atLeast, .number(2), .jobsAtOnce))
        #expect(try claim("at least 2 jobs at once when cores >= 2").minimumCores == 2)
        #expect(try claim("at most cores jobs at once").claim == .count(.atMost, .cores, .jobsAtOnce))
        #expect(try claim("at least 1 task suspended at once").claim == .count(.atLeast, .number(1), .suspendedAtOnce))
        #expect(try claim("at least 3 tasks waiting at once").claim == .count(.atLeast, .number(3), .waitingAtOnce))
        #expect(try claim("at most 1 pool thread").claim == .count(.atMost, .number(1), .poolThreads))
        #expect(try claim("At least 11 tasks").claim == .count(.atLeast, .number(11), .tasks))
        #expect(try claim("cpu above elapsed").claim == .cpuAboveElapsed(true))
    }

    @Test func badClaimsSayWhatWouldWork() {
        let cases = ["more than 2 jobs", "at least two jobs at once", "at least 2 jobs", "cpu above 3",
                     "at least 2 jobs at once when cores > 2", "at least 99999999999 tasks"]
        for text in cases {
            guard case .failure(let error) = TraceExpectation.parse(text) else {
                Issue.record("'\(text)' should not parse")
                continue
            }
            #expect(error.description.contains(text))
        }
    }

    @Test func countsAreCheckedAgainstTheTrace() throws {
        let report = RunReport(ending: .exited(code: 0), wall: 2, cpu: 3)
        let parallel = Self.trace(jobsAtOnce: 2, suspended: 3)
        let serial = Self.trace(jobsAtOnce: 1, suspended: 3)
        let atLeastTwo = try claim("at least 2 jobs at once")
        #expect(atLeastTwo.failure(in: report, trace: parallel) == nil)
        #expect(atLeastTwo.failure(in: report, trace: serial)?.measured == .count(.jobsAtOnce, actual: 1, cores: nil))
        #expect(try claim("at least 3 tasks suspended at once").failure(in: report, trace: serial) == nil)
        #expect(try claim("at most 2 pool threads").failure(in: report, trace: parallel) == nil)
        #expect(try claim("at most 1 pool thread").failure(in: report, trace: parallel) != nil)
    }

    @Test func tasksOnTheProgramsOwnExecutorAreCounted() throws {
        #expect(try claim("at least 1 task on the program's own executor").claim == .count(.atLeast, .number(1), .ownExecutorTasks))
        let report = RunReport(ending: .exited(code: 0), wall: 2, cpu: 1)
        var trace = Self.trace(jobsAtOnce: 2, suspended: 2)
        let twoOnTheLoop = try claim("at least 2 tasks on the program's own executor")
        #expect(twoOnTheLoop.failure(in: report, trace: trace)?.measured == .count(.ownExecutorTasks, actual: 0, cores: nil),
                "pool jobs are not the program's own executor's")
        trace.tasks[0].segments[0].custom = true
        trace.tasks[1].segments[0].custom = true
        #expect(twoOnTheLoop.failure(in: report, trace: trace) == nil)
    }

    @Test func coresFollowTheMachine() throws {
        let report = RunReport(ending: .exited(code: 0), wall: 1, cpu: 0.5)
        let parallel = Self.trace(jobsAtOnce: 2, suspended: 0)
        // On one core the pool is one wide: two jobs at once would be wrong.
        #expect(try claim("at most cores jobs at once").failure(in: report, trace: parallel, cores: 1)?.measured
                == .count(.jobsAtOnce, actual: 2, cores: 1))
        #expect(try claim("at most cores jobs at once").failure(in: report, trace: parallel, cores: 2) == nil)
        // A claim for multi-core machines is not checked on one core.
        #expect(try claim("at least 2 jobs at once when cores >= 2").failure(in: report, trace: Self.trace(jobsAtOnce: 1, suspended: 0), cores: 1) == nil)
        #expect(TraceExpectation.allowedCores >= 1)
    }

    @Test func cpuAgainstElapsed() throws {
        let trace = Self.trace(jobsAtOnce: 1, suspended: 0)
        #expect(try claim("cpu above elapsed").failure(in: RunReport(ending: .exited(code: 0), wall: 1, cpu: 1.8), trace: trace) == nil)
        #expect(try claim("cpu above elapsed").failure(in: RunReport(ending: .exited(code: 0), wall: 1, cpu: 0.9), trace: trace) != nil)
    }
}

@Suite struct TraceBlockLoadingTests {
    @Test func aTraceBlockAfterASnippetIsReadClaimByClaim() throws {
        let text = "# T\n\n```swift\nprint(1)\n```\n\n```trace\nat most cores jobs at once\n\nat least 2 tasks\n```\n"
        let lesson = try LessonLoader.parse(bytes: Array(text.utf8), path: "/lessons/01-t.md", number: 1, id: "t").get()
        #expect(lesson.snippets[0].expectations.trace.map(\.text) == ["at most cores jobs at once", "at least 2 tasks"])
        let traceBlock = lesson.blocks.first { if case .code(let info, _, _) = $0 { return info == "trace" } else { return false } }
        #expect(traceBlock?.isExpectationBlock == true, "a trace block is not shown to the learner")
    }

    @Test func threadsBusyIsReadInMillisecondsOrSeconds() throws {
        #expect(try TraceExpectation.parse("at least 2 threads busy for 200 ms").get().claim == .threadsBusy(.number(2), seconds: 0.2))
        #expect(try TraceExpectation.parse("at least cores threads busy for 1.5 s when cores >= 2").get().claim == .threadsBusy(.cores, seconds: 1.5))
        #expect(try TraceExpectation.parse("at least 1 thread busy for 10 ms").get().claim == .threadsBusy(.number(1), seconds: 0.01))
        for (text, reason) in [("at most 2 threads busy for 200 ms", "a floor"), ("at least 0 threads busy for 200 ms", "from 1"),
                               ("at least 2 threads busy for -5 ms", "above 0"), ("at least 2 threads busy for lots ms", "for D ms"),
                               ("at least 2 threads busy for 200 minutes", "for D ms"), ("at least 2 threads busy for 99999 s", "an hour")] {
            guard case .failure(let error) = TraceExpectation.parse(text) else {
                Issue.record("'\(text)' should not parse")
                continue
            }
            #expect(error.reason.contains(reason), "\(text): \(error.reason)")
        }
    }

    /// Two threads overlap for 0.3 s; a third thread's nested slices count
    /// once; a claim of 2 threads for 200 ms holds, of 3 threads does not.
    @Test func threadsBusyMeasuresTheOverlapOfThreadsInJobs() throws {
        let trace = RuntimeTrace(tasks: [.init(id: 1, created: 0, segments: [.init(state: .running, start: 0, end: 1)], ending: .finished)],
                                 threads: [
            .init(id: 1, slices: [.init(start: 0, end: 0.5, task: 0, onMain: true)]),
            .init(id: 2, slices: [.init(start: 0.2, end: 0.9, task: 0, onMain: false),
                                  .init(start: 0.3, end: 0.4, task: 0, onMain: false, custom: true)]),
            .init(id: 3, slices: [.init(start: 0.45, end: 0.46, task: 0, onMain: false)]),
        ])
        #expect(abs(trace.secondsWithThreadsBusy(atLeast: 2) - 0.3) < 1e-9)
        #expect(abs(trace.secondsWithThreadsBusy(atLeast: 3) - 0.01) < 1e-9)
        let report = RunReport(ending: .exited(code: 0), wall: 1, cpu: 0.1)
        #expect(try TraceExpectation.parse("at least 2 threads busy for 200 ms").get().failure(in: report, trace: trace) == nil)
        let three = try TraceExpectation.parse("at least 3 threads busy for 200 ms").get().failure(in: report, trace: trace)
        guard case .threadsBusy(threads: 3, let seconds, cores: nil)? = three?.measured else {
            Issue.record("expected a threads-busy mismatch: \(String(describing: three))")
            return
        }
        #expect(abs(seconds - 0.01) < 1e-9)
    }

    @Test func aBadClaimIsReportedAtItsLine() {
        let text = "# T\n\n```swift\nprint(1)\n```\n\n```trace\nat most cores jobs at once\nat least lots of tasks\n```\n"
        guard case .failure(let problem) = LessonLoader.parse(bytes: Array(text.utf8), path: "/lessons/01-t.md", number: 1, id: "t") else {
            Issue.record("a bad claim must not load")
            return
        }
        #expect(problem.line == 9)
        #expect(problem.message.contains("at least lots of tasks"))
    }

    @Test func aTraceBlockNeedsASnippetThatRuns() {
        let orphan = "# T\n\nText.\n\n```trace\nat least 1 task\n```\n"
        #expect((try? LessonLoader.parse(bytes: Array(orphan.utf8), path: "/l/01-t.md", number: 1, id: "t").get()) == nil)
        let compileFail = "# T\n\n```swift compile_fail\nlet x: Int = \"\"\n```\n\n```trace\nat least 1 task\n```\n"
        #expect((try? LessonLoader.parse(bytes: Array(compileFail.utf8), path: "/l/01-t.md", number: 1, id: "t").get()) == nil)
    }
}
