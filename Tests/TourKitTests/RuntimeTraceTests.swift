import Foundation
import Synchronization
import Testing
@testable import TourKit
@testable import TourTrace

/// The trace model on synthetic records: no child process.
@Suite struct RuntimeTraceTests {
    static let origin: UInt64 = 1_000_000_000
    static func at(_ milliseconds: Double) -> UInt64 { origin + UInt64(milliseconds * 1e6) }
    static func record(_ kind: TraceRecord.Kind, _ ms: Double, task: UInt64, thread: UInt64 = 7, extra: UInt32 = 0,
                       other: UInt32 = 0) -> TraceRecord {
        TraceRecord(kind: kind, time: at(ms), task: task, thread: thread, extra: extra, other: other)
    }

    /// The name records the tracer writes: twelve bytes each.
    static func names(_ name: String, task: UInt64, _ ms: Double) -> [TraceRecord] {
        let bytes = Array(name.utf8)
        return stride(from: 0, to: bytes.count, by: 12).map { start in
            var chunk = Array(bytes[start..<min(start + 12, bytes.count)])
            let count = chunk.count
            chunk += [UInt8](repeating: 0, count: 12 - count)
            let thread = chunk[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let extra = chunk[8..<12].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            return record(.name, ms, task: task, thread: thread, extra: extra, other: UInt32(start / 12) | UInt32(count) << 8)
        }
    }

    @Test func creationRecordsGiveNamesCreatorsAndStructure() {
        // Task 5 is made by the main task (1) with a name longer than one
        // record; task 6 is a group child of task 5; task 8 has no
        // creation record and was first enqueued by task 5.
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 10, task: 5),
        ] + Self.names("a downloader of pages", task: 5, 10) + [
            Self.record(.created, 10, task: 5, extra: 1, other: 4),
            Self.record(.began, 11, task: 5, thread: 8),
            Self.record(.enqueued, 12, task: 6, thread: 8, other: 5),
            Self.record(.created, 12, task: 6, thread: 8, extra: 5, other: 1),
            Self.record(.enqueued, 13, task: 8, thread: 8, other: 5),
            Self.record(.finished, 14, task: 5, thread: 8),
            Self.record(.began, 15, task: 6, thread: 9),
            Self.record(.finished, 16, task: 6, thread: 9),
            Self.record(.began, 17, task: 8, thread: 9),
            Self.record(.finished, 18, task: 8, thread: 9),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        let byID = Dictionary(uniqueKeysWithValues: trace.tasks.map { ($0.id, $0) })
        #expect(byID[5]?.name == "a downloader of pages")
        #expect(byID[5]?.creator == 1 && byID[5]?.structured == false)
        #expect(byID[6]?.name == nil)
        #expect(byID[6]?.creator == 5 && byID[6]?.structured == true)
        #expect(byID[8]?.creator == 5, "the first enqueuer made a task with no creation record (an async let child)")
        #expect(trace.tasks.count == 3, "creation and name records add no tasks and no segments")
    }

    @Test func aTaskCancelledBeforeItsLastJobEndsCancelled() {
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 10, task: 5),
            Self.record(.began, 11, task: 5, thread: 8),
            Self.record(.finished, 12, task: 5, thread: 8),
            Self.record(.enqueued, 50, task: 5),
            Self.record(.began, 51, task: 5, thread: 8, extra: 2),
            Self.record(.finished, 52, task: 5, thread: 8),
            Self.record(.enqueued, 10, task: 6),
            Self.record(.began, 11, task: 6, thread: 9, extra: 2),
            Self.record(.finished, 12, task: 6, thread: 9),
            Self.record(.enqueued, 50, task: 6),
            Self.record(.began, 51, task: 6, thread: 9),
            Self.record(.finished, 52, task: 6, thread: 9),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        #expect(trace.tasks.map(\.ending) == [.cancelled, .finished], "only the last run's flag counts")
    }

    @Test func jobsOfTheProgramsOwnExecutorAreNotPoolJobs() {
        let trace = RuntimeTrace.build([
            Self.record(.began, 10, task: 5, thread: 8, extra: 4),
            Self.record(.finished, 30, task: 5, thread: 8, extra: 4),
            Self.record(.began, 10, task: 6, thread: 9),
            Self.record(.finished, 30, task: 6, thread: 9),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        #expect(trace.mostJobsAtOnce == 1, "the pool ran one job at a time")
        #expect(trace.poolThreads == 1)
        #expect(trace.customExecutorThreads == 1)
        #expect(trace.tasks[0].segments.first { $0.state == .running }?.custom == true)
    }

    @Test func aRecordedFirstJobOfTheMainTaskNeedsNoGuess() {
        // The program's main ran the main task's first job through
        // swift_job_run: its end (40 ms) is recorded, though the thread did
        // something else visible at 20 ms.
        let trace = RuntimeTrace.build([
            Self.record(.began, 0, task: 1, thread: 7, extra: 1),
            Self.record(.enqueued, 20, task: 5, thread: 7, other: 1),
            Self.record(.finished, 40, task: 1, thread: 7, extra: 1),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, mainThread: 7, ranToCompletion: true)
        let first = trace.tasks[0].segments.first
        #expect(first?.state == .running && first?.onMain == true)
        #expect(abs((first?.end ?? 0) - 0.040) < 1e-9, "\(trace.tasks[0].segments)")
    }

    @Test func aTaskThatNeverPrintsHasALaneFromCreationToEnd() {
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 10, task: 5),
            Self.record(.began, 12, task: 5, thread: 8),
            Self.record(.finished, 40, task: 5, thread: 8),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        #expect(trace.tasks.count == 1)
        let task = trace.tasks[0]
        #expect(task.created == 0.010)
        #expect(task.segments.map(\.state) == [.waiting, .running])
        #expect(task.ending == .finished)
        #expect(abs(task.end - 0.040) < 1e-9)
    }

    @Test func sleepingIsToldFromSuspendedByTheTimerThatWakesTheTask() {
        // Task 5 runs, sleeps (timer 9 fires 500 ms later and enqueues it), runs again.
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 0, task: 5),
            Self.record(.began, 1, task: 5),
            Self.record(.delayed, 2, task: 9, extra: 500_000),
            Self.record(.finished, 3, task: 5),
            Self.record(.began, 503, task: 9, thread: 8),
            Self.record(.enqueued, 503.5, task: 5, thread: 8),
            Self.record(.finished, 504, task: 9, thread: 8),
            Self.record(.began, 505, task: 5),
            Self.record(.finished, 506, task: 5),
            // Task 6 awaits something else: plainly suspended.
            Self.record(.enqueued, 0, task: 6),
            Self.record(.began, 1, task: 6, thread: 8),
            Self.record(.finished, 2, task: 6, thread: 8),
            Self.record(.enqueued, 300, task: 6),
            Self.record(.began, 301, task: 6, thread: 8),
            Self.record(.finished, 302, task: 6, thread: 8),
        ], origin: Self.origin, end: Self.at(600), mainTask: nil, ranToCompletion: true)
        #expect(trace.tasks.map(\.id) == [5, 6], "the timer is not a task of the picture")
        #expect(trace.tasks[0].segments.map(\.state) == [.waiting, .running, .sleeping, .waiting, .running])
        #expect(trace.tasks[1].segments.map(\.state) == [.waiting, .running, .suspended, .waiting, .running])
        #expect(trace.mostSuspendedAtOnce == 2)
        #expect(trace.threads.count == 2)
        #expect(trace.threads[1].slices.contains { $0.task == nil }, "the timer's job shows on its thread")
    }

    @Test func aJobStillRunningAtTheEndRunsToTheEndAndTheTaskIsUnfinished() {
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 0, task: 5),
            Self.record(.began, 1, task: 5),
            Self.record(.enqueued, 2, task: 6),
        ], origin: Self.origin, end: Self.at(1000), mainTask: nil, ranToCompletion: false)
        #expect(trace.tasks[0].segments.last == RuntimeTrace.Segment(state: .running, start: 0.001, end: 1.0, thread: 0))
        #expect(trace.tasks[0].ending == .unfinished)
        #expect(trace.tasks[1].segments == [RuntimeTrace.Segment(state: .waiting, start: 0.002, end: 1.0)],
                "a task that never got a thread waits to the end: a starved pool")
        #expect(trace.mostWaitingAtOnce == 1)
    }

    @Test func theMainTasksFirstJobEndsWhereItsThreadMovesOn() {
        // Main (task 1, thread 7) enqueues task 5 at 2 ms, then its thread
        // runs task 5, which was waiting for it, at 4 ms: the main task's
        // first, unrecorded job held the thread until then.
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 2, task: 5, thread: 7),
            Self.record(.began, 4, task: 5, thread: 7),
            Self.record(.finished, 5, task: 5, thread: 7),
            Self.record(.enqueued, 9, task: 1, thread: 7),
            Self.record(.began, 10, task: 1, thread: 7, extra: 1),
        ], origin: Self.origin, end: Self.at(20), mainTask: 1, mainThread: 7, ranToCompletion: true)
        #expect(trace.tasks[0].segments.map(\.state) == [.running, .suspended, .waiting, .running])
        #expect(abs(trace.tasks[0].segments[0].end - 0.004) < 1e-9)
        #expect(trace.threads[0].slices.first?.task == 0)
    }

    @Test func theMainTaskRunsFromZeroAndIsFirst() {
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 5, task: 5),
            Self.record(.finished, 6, task: 1, extra: 1),
            Self.record(.began, 7, task: 5, thread: 8),
            Self.record(.finished, 8, task: 5, thread: 8),
            Self.record(.enqueued, 9, task: 1),
            Self.record(.began, 10, task: 1, extra: 1),
        ], origin: Self.origin, end: Self.at(20), mainTask: 1, ranToCompletion: true)
        #expect(trace.tasks.map(\.id) == [1, 5])
        #expect(trace.tasks[0].created == 0)
        #expect(trace.tasks[0].ending == .finished, "the main task's last job ends the program")
        #expect(trace.tasks[0].end == 0.020)
    }

    @Test func jobsAtOnceCountOverlapsNotTouches() {
        #expect(RuntimeTrace.mostAtOnce([(0, 1), (1, 2), (0.5, 1.5)]) == 2)
        #expect(RuntimeTrace.mostAtOnce([(0, 1), (0, 1), (0, 1)]) == 3)
        #expect(RuntimeTrace.mostAtOnce([]) == 0)
    }

    /// A child's last job woke its parent, which printed and exited before
    /// the child's thread (descheduled) recorded the job's finish.
    @Test func aFinishRecordedAfterTheLastEventStillEndsTheTask() {
        let records = [
            Self.record(.enqueued, 10, task: 5),
            Self.record(.began, 12, task: 5, thread: 8),
            Self.record(.finished, 105, task: 5, thread: 8),
        ]
        let late = RuntimeTrace.build(records, origin: Self.origin, end: Self.at(100), mainTask: 1,
                                      ranToCompletion: true, latest: Self.at(110))
        #expect(late.tasks[0].ending == .finished)
        #expect(abs(late.tasks[0].end - 0.100) < 1e-9, "drawn to the end, not past it")
        let dropped = RuntimeTrace.build(records, origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        #expect(dropped.tasks[0].ending == .unfinished, "without the process's end, the finish is outside the run")
    }

    @Test func aTasksLastFinishSaysWhetherItReturnedOrThrew() {
        // Task 5 threw, task 6 returned, task 7 finished a job with no
        // outcome (suspended, then the program crashed), task 8 returned
        // before the crash.
        let records = [
            Self.record(.enqueued, 10, task: 5),
            Self.record(.began, 11, task: 5, thread: 8),
            Self.record(.finished, 12, task: 5, thread: 8, extra: 16),
            Self.record(.enqueued, 10, task: 6),
            Self.record(.began, 11, task: 6, thread: 9),
            Self.record(.finished, 12, task: 6, thread: 9, extra: 8),
            Self.record(.enqueued, 20, task: 7),
            Self.record(.began, 21, task: 7, thread: 8),
            Self.record(.finished, 22, task: 7, thread: 8),
            Self.record(.enqueued, 20, task: 8),
            Self.record(.began, 21, task: 8, thread: 9),
            Self.record(.finished, 22, task: 8, thread: 9, extra: 8),
        ]
        let ended = RuntimeTrace.build(records, origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        #expect(ended.tasks.map(\.ending) == [.threw, .finished, .finished, .finished])
        let crashed = RuntimeTrace.build(records, origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: false)
        #expect(crashed.tasks.map(\.ending) == [.threw, .finished, .unfinished, .finished],
                "a task whose future completed ended, even when the program did not: only task 7 is still going")
        #expect(crashed.tasks[2].end == 0.1, "task 7 is drawn suspended to the crash")
    }

    @Test func aFinishWrittenAtExitEndsTheJobAtTheWakeItCaused() {
        // Task 5 completes at 30 ms and wakes the main task (1), which
        // exits before task 5's thread records the finish: the tracer's
        // exit hook writes it at 100 ms with bit 5.
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 10, task: 5),
            Self.record(.began, 11, task: 5, thread: 8),
            Self.record(.enqueued, 30, task: 1, thread: 8, extra: 1, other: 5),
            Self.record(.began, 31, task: 1, thread: 2, extra: 1),
            Self.record(.finished, 100, task: 5, thread: 8, extra: 8 | 32),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        let worker = trace.tasks.first { $0.id == 5 }
        #expect(worker?.ending == .finished)
        #expect(worker?.end == 0.030, "the job ended when its task woke the main task, not at the exit")
        #expect(trace.threads.first { $0.id == 8 }?.slices.map(\.end) == [0.030])
    }

    @Test func aCancelledTaskThatThrewEndsCancelled() {
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 10, task: 5),
            Self.record(.began, 11, task: 5, thread: 8, extra: 2),
            Self.record(.finished, 12, task: 5, thread: 8, extra: 2 | 16),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        #expect(trace.tasks[0].ending == .cancelled, "CancellationError is how a cancelled task usually ends")
    }

    @Test func aTaskCancelledWhileItsLastJobRanEndsCancelled() {
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 10, task: 5),
            Self.record(.began, 11, task: 5, thread: 8),
            Self.record(.finished, 50, task: 5, thread: 8, extra: 2),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        #expect(trace.tasks[0].ending == .cancelled)
    }

    @Test func fakeRecordsCannotStretchOrBreakThePicture() {
        let trace = RuntimeTrace.build([
            Self.record(.finished, 3, task: 5),                                 // finish without a begin
            TraceRecord(kind: .began, time: UInt64.max, task: 6, thread: 1),    // far future
            TraceRecord(kind: .began, time: 3, task: 7, thread: 1),             // before the start
            Self.record(.enqueued, 4, task: 0),                                 // not a task
        ], origin: Self.origin, end: Self.at(10), mainTask: nil, ranToCompletion: true)
        #expect(trace.tasks.isEmpty)
        #expect(trace.threads.allSatisfy { $0.slices.isEmpty })
    }
}

/// The recording executors in real programs.
@Suite(.serialized) struct RuntimeTraceRunTests {
    @Test func threeChildrenThatEachPrintOnceAreThreeLanesSpanningTheirSleep() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            func download(_ name: String) async -> Int {
                try? await Task.sleep(for: .milliseconds(300))
                return name.count
            }
            async let a = download("a")
            async let b = download("bb")
            async let c = download("ccc")
            let total = await a + b + c
            print("total", total)
            """)
        let trace = try #require(report.trace, "\(report.traceNote ?? "no note")")
        #expect(report.lanes.map(\.label) == ["main", "task 1", "task 2", "task 3"])
        let children = trace.tasks.dropFirst()
        #expect(children.count == 3)
        for child in children {
            #expect(child.end - child.created >= 0.29, "each child lives through its sleep")
            #expect(child.segments.contains { $0.state == .sleeping && $0.end - $0.start >= 0.25 })
        }
        #expect(trace.mostSuspendedAtOnce >= 3)
    }
}

extension RuntimeTraceRunTests {
    @Test func tasksThatNeverPrintStillHaveLanesAndRunInParallel() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            await withTaskGroup { group in
                for _ in 0..<4 {
                    group.addTask {
                        var x = 0
                        for i in 0..<3_000_000 { x &+= i }
                        _ = x
                    }
                }
            }
            print("done")
            """)
        let trace = try #require(report.trace)
        #expect(trace.tasks.count == 5, "main and four silent children")
        #expect(trace.tasks.dropFirst().allSatisfy { $0.segments.contains { $0.state == .running } })
        if ProcessInfo.processInfo.activeProcessorCount >= 2 {
            #expect(trace.mostJobsAtOnce >= 2, "spinning children run in parallel on a multi-core machine")
        }
    }

    @Test func unnamedTasksAreNumberedInCreationOrderInLanesAndTags() async throws {
        let fixture = try await RunnerFixture()
        // The second task prints first.
        let shown = LinesSeen()
        let report = await fixture.runner.run(fixture.snippet("""
            let first = Task { try? await Task.sleep(for: .milliseconds(200)); print("first") }
            let second = Task { print("second") }
            await second.value
            await first.value
            """), in: fixture.lesson) { shown.add($0) }
        _ = try #require(report.trace)
        #expect(shown.labels == ["second": "task 2", "first": "task 1"], "the live output is tagged as the report is")
        let byText = Dictionary(uniqueKeysWithValues: report.lines.map { ($0.text, $0) })
        #expect(byText["first"]?.laneLabel == "task 1")
        #expect(byText["second"]?.laneLabel == "task 2")
        #expect(report.lanes.map(\.label) == ["main", "task 1", "task 2"])
    }

    @Test func theRuntimeSaysWhichTasksReturnedAndWhichThrew() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            struct Oops: Error {}
            func work(_ n: Int) async throws -> Int {
                try await Task.sleep(for: .milliseconds(20 * n))
                if n == 2 { throw Oops() }
                return n
            }
            let fine = Task(name: "fine") { try await work(1) }
            let failing = Task(name: "failing") { try await work(2) }
            let stopped = Task(name: "stopped") { try await work(3) }
            stopped.cancel()
            _ = try? await fine.value
            _ = try? await failing.value
            _ = try? await stopped.value
            await withThrowingTaskGroup { group in
                group.addTask(name: "child fine") { try await work(1) }
                group.addTask(name: "child failing") { try await work(2) }
                while let result = try? await group.next() { _ = result }
            }
            async let late = work(2)
            _ = try? await late
            print("end")
            """)
        let trace = try #require(report.trace, "\(report.traceNote ?? "no note")")
        #expect(trace.outcomesKnown, "the tracer's check of the task layout passed on this runtime")
        let endings = Dictionary(uniqueKeysWithValues: zip(report.lanes.map(\.label), trace.tasks.map(\.ending)))
        #expect(endings == ["main": .finished, "fine": .finished, "failing": .threw, "stopped": .cancelled,
                            "child fine": .finished, "child failing": .threw, "task 1": .threw],
                "an async let child, which is not made through swift_task_create, is read too")
    }

    /// An `@main` program starts the clock before its main task exists;
    /// the task whose first job its `main` ran is still called main.
    @Test func anAtMainProgramsMainTaskIsMain() async throws {
        let fixture = try await RunnerFixture()
        let shown = LinesSeen()
        let report = await fixture.runner.run(fixture.snippet("""
            @main struct App {
                static func main() async {
                    print("open")
                    let worker = Task { try? await Task.sleep(for: .milliseconds(30)); print("worker") }
                    await worker.value
                    print("close")
                }
            }
            """), in: fixture.lesson) { shown.add($0) }
        let trace = try #require(report.trace)
        #expect(report.lanes.map(\.label) == ["main", "task 1"])
        #expect(shown.labels == ["open": "main", "worker": "task 1", "close": "main"], "live tags agree")
        #expect(trace.tasks.first?.ending == .finished, "the main task ends with the program, not still going")
    }

    /// Tasks that complete before the creation wrapper looks at them (a
    /// detached task run to its end on another thread) do not turn
    /// outcomes off: only the result type is compared.
    @Test func tasksFinishedBeforeTheWrapperLooksKeepOutcomesOn() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            var total = 0
            for n in 0..<200 { total += await Task.detached { n }.value }
            print(total)
            """)
        let trace = try #require(report.trace)
        #expect(trace.outcomesKnown)
        #expect(trace.tasks.filter { $0.ending == .finished }.count == 201)
    }

    @Test func namesakesAreToldApartInCreationOrderLiveAndInTheReport() async throws {
        let fixture = try await RunnerFixture()
        let shown = LinesSeen()
        // The second "deadline" prints first.
        let report = await fixture.runner.run(fixture.snippet("""
            let first = Task(name: "deadline") { try? await Task.sleep(for: .milliseconds(150)); print("first made") }
            let second = Task(name: "deadline") { print("second made") }
            await second.value
            await first.value
            """), in: fixture.lesson) { shown.add($0) }
        _ = try #require(report.trace)
        #expect(shown.labels == ["second made": "deadline #2", "first made": "deadline"])
        let byText = Dictionary(uniqueKeysWithValues: report.lines.map { ($0.text, $0) })
        #expect(byText["first made"]?.laneLabel == "deadline")
        #expect(byText["second made"]?.laneLabel == "deadline #2")
        #expect(report.lanes.map(\.label) == ["main", "deadline", "deadline #2"])
    }

    @Test func theTraceSurvivesACrash() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            let worker = Task { try? await Task.sleep(for: .seconds(5)) }
            try? await Task.sleep(for: .milliseconds(200))
            let empty: [Int] = []
            print(empty[1])
            _ = worker
            """)
        guard case .crashed = report.ending else {
            Issue.record("expected a crash, got \(report.ending)")
            return
        }
        let trace = try #require(report.trace, "the lanes up to the crash are drawn")
        #expect(trace.tasks.count >= 2)
        #expect(trace.tasks.contains { task in task.segments.contains { $0.state == .sleeping } })
    }

    @Test func recordingOffGivesThePrintTimeline() async throws {
        var fixture = try await RunnerFixture()
        fixture.runner.tracing = false
        let report = await fixture.run("print(\"hello\")")
        #expect(report.trace == nil)
        #expect(report.traceNote == nil)
        #expect(report.lanes.map(\.label) == ["main"])
    }

    @Test func tenThousandTasksAreTracedAtLittleCost() async throws {
        let fixture = try await RunnerFixture()
        let code = """
            await withTaskGroup { group in
                for _ in 0..<10_000 { group.addTask { try? await Task.sleep(for: .milliseconds(300)) } }
            }
            print("done")
            """
        let traced = await fixture.run(code)
        let trace = try #require(traced.trace)
        #expect(trace.tasks.count == 10_001)
        #expect(trace.mostSuspendedAtOnce >= 9_000)
        #expect(traced.wall < 3, "recording 10,000 tasks must not slow the program down much: \(traced.wall) s")
    }
}

/// Lines as the live output saw them.
final class LinesSeen: Sendable {
    private let seen = Mutex<[String: String]>([:])
    func add(_ line: OutputLine) { seen.withLock { $0[line.text] = line.laneLabel } }
    var labels: [String: String] { seen.withLock { $0 } }
}

extension RuntimeTraceRunTests {
    /// Where the recording executors cannot be had (here: a compiler that
    /// fails to build them, as one without the SPI would), the print
    /// timeline is drawn with a note saying why.
    @Test func withoutTheTracerThePrintTimelineComesWithANote() async throws {
        let environment = ProcessInfo.processInfo.environment
        let real = try Toolchain.locate(environment: environment)
        let directory = NSTemporaryDirectory() + "async-tour-notracer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let wrapper = directory + "/swiftc"
        try """
            #!/bin/sh
            case "$*" in *AsyncTourTracer*) echo "no executors SPI here" >&2; exit 1;; esac
            exec '\(real)' "$@"
            """.write(toFile: wrapper, atomically: true, encoding: .utf8)
        chmod(wrapper, 0o755)
        let version = try await Toolchain.discover(environment: environment, cacheDirectory: directory + "/cache").version
        let compiler = SnippetCompiler(toolchain: Toolchain(swiftc: wrapper, version: version), cacheDirectory: directory + "/cache",
                                       environment: environment)
        let runner = SnippetRunner(compiler: compiler, environment: environment)
        let lesson = Lesson(id: "fixture", number: 1, title: "Fixture", path: "/lessons/01-fixture.md", blocks: [], snippets: [])
        let report = await runner.run(Snippet(number: 1, code: "let t = Task { print(\"in a task\") }\nawait t.value",
                                              fenceLine: 3, attributes: SnippetAttributes()), in: lesson)
        #expect(report.ending == .exited(code: 0))
        #expect(report.trace == nil)
        #expect(report.traceNote?.contains("not available") == true)
        #expect(report.lanes.map(\.label) == ["main", "task 1"], "the print timeline's lanes")
    }
}

extension RuntimeTraceRunTests {
    /// Top-level code that computes before its first await runs on the
    /// main actor all that time: its lane shows it running, not suspended.
    @Test func theMainTasksFirstJobRunsUntilItsFirstAwait() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            func spin(_ ms: Int) {
                let end = ContinuousClock.now + .milliseconds(ms)
                while ContinuousClock.now < end {}
            }
            let attached = Task { print("x") }
            spin(200)
            print("main reaches its first await")
            await attached.value
            """)
        let main = try #require(report.trace?.tasks.first)
        let first = try #require(main.segments.first)
        #expect(first.state == .running && first.end >= 0.19, "\(main.segments)")
    }
}

extension RuntimeTraceRunTests {
    /// Names, creators, cancellation and a custom executor's jobs come from
    /// the real runtime through the wrapped entry points.
    @Test func namesOfSilentTasksCancellationAndStructureAreRecorded() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            let quiet = Task(name: "quiet one") { try? await Task.sleep(for: .milliseconds(100)) }
            let doomed = Task(name: "doomed") { try? await Task.sleep(for: .seconds(10)) }
            await withTaskGroup { group in
                group.addTask(name: "child") { try? await Task.sleep(for: .milliseconds(50)) }
            }
            doomed.cancel()
            await quiet.value
            await doomed.value
            print("done")
            """)
        let trace = try #require(report.trace, "\(report.traceNote ?? "no note")")
        #expect(report.lanes.map(\.label) == ["main", "quiet one", "doomed", "child"])
        let main = trace.tasks[0].id
        let byName = Dictionary(uniqueKeysWithValues: trace.tasks.compactMap { task in task.name.map { ($0, task) } })
        #expect(byName["quiet one"]?.creator == main && byName["quiet one"]?.structured == false)
        #expect(byName["child"]?.creator == main && byName["child"]?.structured == true)
        #expect(byName["doomed"]?.ending == .cancelled)
        #expect(byName["quiet one"]?.ending == .finished)
        #expect(report.wall < 5, "the cancelled sleep ended early")
    }

    @Test func jobsOfACustomExecutorAreDrawnOnItsThread() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            import Foundation
            final class Loop: SerialExecutor, @unchecked Sendable {
                let lock = NSLock()
                var jobs: [UnownedJob] = []
                func enqueue(_ job: consuming ExecutorJob) {
                    let job = UnownedJob(job)
                    lock.withLock { jobs.append(job) }
                }
                func drain() {
                    while let job = lock.withLock({ jobs.isEmpty ? nil : jobs.removeFirst() }) {
                        job.runSynchronously(on: asUnownedSerialExecutor())
                    }
                }
            }
            actor Spinner {
                let loop: Loop
                nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
                init(loop: Loop) { self.loop = loop }
                func spin() {
                    let end = ContinuousClock.now + .milliseconds(100)
                    while ContinuousClock.now < end {}
                }
            }
            let loop = Loop()
            let thread = Thread { while true { loop.drain(); usleep(1000) } }
            thread.start()
            await Spinner(loop: loop).spin()
            print("spun")
            """)
        let trace = try #require(report.trace, "\(report.traceNote ?? "no note")")
        #expect(trace.customExecutorThreads == 1)
        let spin = trace.tasks[0].segments.filter { $0.custom && $0.state == .running }
        #expect(spin.reduce(0) { $0 + $1.end - $1.start } >= 0.09, "the main task ran 100 ms on the loop's thread: \(trace.tasks[0].segments)")
    }

    @Test func aProgramInstallingItsOwnExecutorsGetsThePrintTimelineWithANote() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            @_spi(ExperimentalCustomExecutors) import _Concurrency
            struct Mine: ExecutorFactory {
                static var mainExecutor: any MainExecutor { MainActor.executor }
                static var defaultExecutor: any TaskExecutor { Task.defaultExecutor }
            }
            _createExecutors(factory: Mine.self)
            print("mine")
            """)
        #expect(report.trace == nil)
        #expect(report.traceNote?.contains("executors of its own") == true, "\(report.traceNote ?? "no note") \(report.ending)")
    }
}

/// A task's parts inside an actor's job (the tracer's `swift_task_switch`
/// wrapper sees the task resume there), on synthetic records.
extension RuntimeTraceTests {
    /// Task 5 hops onto a busy actor at 10 ms: its job ends with bit 8
    /// (left at a hop), and it waits. The actor's job (task 0) runs on
    /// thread 9 from 20 ms, and task 5's part inside it from 21 to 40 ms,
    /// where it completes (bit 7 with "returned").
    static let partRecords: [TraceRecord] = [
        record(.enqueued, 1, task: 5),
        record(.began, 2, task: 5, thread: 8),
        record(.finished, 10, task: 5, thread: 8, extra: 256),
        record(.began, 20, task: 0, thread: 9),
        record(.began, 21, task: 5, thread: 9, extra: 128),
        record(.finished, 40, task: 5, thread: 9, extra: 128 | 8),
        record(.finished, 41, task: 0, thread: 9),
    ]

    @Test func aTaskWaitsForABusyActorThenRunsInsideItsJob() throws {
        let trace = RuntimeTrace.build(Self.partRecords, origin: Self.origin, end: Self.at(100), mainTask: 1,
                                       ranToCompletion: true)
        let task = try #require(trace.tasks.first { $0.id == 5 })
        let states = task.segments.map(\.state)
        #expect(states == [.waiting, .running, .waiting, .running], "ready from the hop until the actor ran it")
        let waitedForActor = try #require(task.segments.dropFirst(2).first)
        #expect(abs(waitedForActor.start - 0.010) < 1e-9 && abs(waitedForActor.end - 0.021) < 1e-9)
        let part = try #require(task.segments.last)
        #expect(abs(part.end - 0.040) < 1e-9, "the part ends where the tracer saw it end")
        #expect(task.ending == .finished && task.completionSeen, "its completion was read inside the actor's job: no ?")
        let thread = try #require(trace.threads.first { $0.id == 9 })
        #expect(thread.slices.contains { $0.inside && $0.task != nil }, "the part is on the actor job's thread")
        #expect(trace.mostJobsAtOnce == 1, "a part is counted with the actor's job it ran in, not beside it")
    }

    @Test func withoutTheHopFlagAJobEndsSuspended() throws {
        var records = Self.partRecords
        records[2].extra = 0
        let trace = RuntimeTrace.build(records, origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        let task = try #require(trace.tasks.first { $0.id == 5 })
        #expect(task.segments.map(\.state) == [.waiting, .running, .suspended, .running])
    }

    /// A task that hops to the pool from the main actor can begin on a pool
    /// thread before the main actor's thread records the end of the job it
    /// left: that late end, and the enqueue seen while it still ran, must
    /// not turn its later sleep into a wait.
    @Test func aLateEndOfAJobLeftAtAHopDoesNotUndoWhatCameAfter() throws {
        let trace = RuntimeTrace.build([
            Self.record(.enqueued, 1, task: 5, extra: 1),
            Self.record(.began, 2, task: 5, thread: 8, extra: 1),
            Self.record(.enqueued, 3, task: 5, thread: 8),
            Self.record(.began, 4, task: 5, thread: 9),
            Self.record(.finished, 5, task: 5, thread: 8, extra: 1 | 256),
            Self.record(.delayed, 6, task: 6, thread: 9, extra: 50_000),
            Self.record(.finished, 7, task: 5, thread: 9),
            Self.record(.began, 57, task: 6, thread: 9),
            Self.record(.enqueued, 57, task: 5, thread: 9, other: 6),
            Self.record(.finished, 58, task: 6, thread: 9),
            Self.record(.began, 59, task: 5, thread: 9),
            Self.record(.finished, 60, task: 5, thread: 9, extra: 8),
        ], origin: Self.origin, end: Self.at(100), mainTask: 1, ranToCompletion: true)
        let task = try #require(trace.tasks.first { $0.id == 5 })
        let sleep = try #require(task.segments.first { $0.start >= 0.007 - 1e-9 && $0.end <= 0.057 + 1e-9 && $0.end - $0.start > 0.04 })
        #expect(sleep.state == .sleeping, "\(task.segments.map(\.state))")
        #expect(task.segments.filter { $0.state == .running }.count == 3)
    }

    @Test func recordsAreSortedByTimeKeepingTheWrittenOrderOfTies() {
        var records = [3, 1, 2, 2, 5, 4].enumerated().map { Self.record(.enqueued, Double($0.element), task: UInt64($0.offset + 10)) }
        sortByTime(&records)
        #expect(records.map(\.task) == [11, 12, 13, 10, 15, 14])
        // A scrambled file (a program can write anything there) is sorted
        // whole rather than one quadratic move at a time.
        var scrambled = (0..<5_000).reversed().map { Self.record(.enqueued, Double($0) / 100, task: UInt64($0 + 1)) }
        sortByTime(&scrambled)
        #expect(scrambled.map(\.task) == (1...5_000).map { UInt64($0) })
    }
}

extension RuntimeTraceRunTests {
    /// Two callers of a global actor that holds it 150 ms each: the second
    /// waits, then runs inside the actor's job, drawn in its own lane; both
    /// lanes end as returned, not `?`.
    @Test func aCallQueuedOnABusyActorIsDrawnInItsCallersLane() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            @globalActor actor Storage { static let shared = Storage() }
            @Storage func write() {
                let end = ContinuousClock.now + .milliseconds(150)
                while ContinuousClock.now < end {}
            }
            let first = Task(name: "first") { try? await Task.sleep(for: .milliseconds(5)); await write() }
            let second = Task(name: "second") { try? await Task.sleep(for: .milliseconds(20)); await write() }
            await first.value
            await second.value
            """)
        let trace = try #require(report.trace, "\(report.traceNote ?? "no note")")
        let lanes = Dictionary(uniqueKeysWithValues: zip(report.lanes.map(\.label), trace.tasks))
        let first = try #require(lanes["first"]), second = try #require(lanes["second"])
        func running(_ task: RuntimeTrace.TaskLife) -> Double {
            task.segments.filter { $0.state == .running }.map { $0.end - $0.start }.reduce(0, +)
        }
        #expect(running(first) >= 0.14 && running(second) >= 0.14, "each lane shows its own 150 ms write")
        #expect(second.segments.contains { $0.state == .waiting && $0.end - $0.start >= 0.1 },
                "the second waits for the actor the first holds: \(second.segments.map(\.state))")
        #expect(first.ending == .finished && second.ending == .finished)
        #expect(first.completionSeen && second.completionSeen)
        #expect(trace.threads.contains { $0.slices.contains { $0.inside && $0.end - $0.start >= 0.14 } },
                "the queued write ran inside the actor's job")
    }

    /// Eight tasks hopping onto one actor 2,000 times each: every lane runs
    /// to its end and says how it ended, and nothing is lost or doubled.
    @Test func manyHopsOntoABusyActorEndEveryLane() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            actor Counter {
                var value = 0
                // 5 µs on the actor: with two threads, callers find it busy.
                func increment() {
                    value += 1
                    let end = ContinuousClock.now + .microseconds(5)
                    while ContinuousClock.now < end {}
                }
            }
            let counter = Counter()
            await withTaskGroup { group in
                for _ in 0..<8 { group.addTask { for _ in 0..<2_000 { await counter.increment() } } }
            }
            print(await counter.value)
            """)
        #expect(report.lines.map(\.text) == ["16000"])
        let trace = try #require(report.trace)
        let children = trace.tasks.filter { $0.id != trace.mainTask }
        #expect(children.count == 8)
        #expect(children.allSatisfy { $0.ending == .finished && $0.completionSeen }, "\(children.map(\.ending))")
        #expect(trace.mostJobsAtOnce <= ProcessInfo.processInfo.activeProcessorCount)
        // With two threads, eight callers contend for the actor, and the
        // increments queued on it run inside its jobs: those parts are
        // recorded, in their callers' lanes. (A loaded machine may give the
        // pool one thread for most of the run, so only some are asked for.)
        if TraceExpectation.allowedCores >= 2 {
            let parts = trace.threads.flatMap(\.slices).filter { $0.inside && $0.task != nil }
            #expect(!parts.isEmpty, "no part inside the actor's jobs")
        }
    }
}

extension RuntimeTraceRunTests {
    /// An executor that runs each job inside its own enqueue: a task's job
    /// on the pool runs that task's next job nested on the same thread.
    /// Both jobs end (an attacker saw "at most 1001 jobs at once" when the
    /// inner one's end took the outer one's away).
    @Test func aJobRunInsideAnotherOfTheSameTaskEndsAndSoDoesTheOuter() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            final class Inline: SerialExecutor {
                func enqueue(_ job: consuming ExecutorJob) {
                    let unowned = UnownedJob(job)
                    unowned.runSynchronously(on: asUnownedSerialExecutor())
                }
            }
            let inline = Inline()
            actor Counter {
                nonisolated var unownedExecutor: UnownedSerialExecutor { inline.asUnownedSerialExecutor() }
                var n = 0
                func up() -> Int { n += 1; return n }
            }
            let counter = Counter()
            let worker = Task.detached { var last = 0; for _ in 0..<500 { last = await counter.up() }; return last }
            print(await worker.value)
            """)
        #expect(report.lines.map(\.text) == ["500"])
        let trace = try #require(report.trace)
        #expect(trace.mostJobsAtOnce <= 2, "every job ended: \(trace.mostJobsAtOnce) at once")
        let detached = try #require(trace.tasks.first { $0.id != trace.mainTask })
        #expect(detached.ending == .finished && detached.completionSeen)
    }
}

extension RuntimeTraceTests {
    /// The picture's columns: the most telling segment wins a column, so a
    /// microsecond job inside a long suspension still shows; times that are
    /// NaN, negative or past the span land on the first or last column.
    @Test func eachColumnShowsItsMostTellingSegment() {
        typealias Segment = RuntimeTrace.Segment
        let segments = [
            Segment(state: .suspended, start: 0, end: 1),
            Segment(state: .running, start: 0.5, end: 0.500001, thread: 0),
            Segment(state: .waiting, start: 0.5, end: 0.6),
            Segment(state: .sleeping, start: .nan, end: -3),
            Segment(state: .running, start: 5, end: .infinity, thread: 0),
        ]
        let winners = RuntimeTrace.columnWinners(segments, span: 1, width: 11)
        #expect(winners.count == 11)
        #expect(winners[5] == 1, "the short job wins its column over the wait and the suspension")
        #expect(winners[6] == 2, "the wait wins over the suspension")
        #expect(winners[0] == 3 && winners[2] == 0, "NaN and negative times land on column 0 only")
        #expect(winners[10] == 4, "past the span is the last column")
        #expect(RuntimeTrace.columnWinners(segments, span: 1, width: 0).isEmpty)
    }
}

extension RuntimeTraceRunTests {
    /// Without the trace, an `@main` program's main task is still `main`:
    /// the tracer's job-run wrapper names it whether or not it records (an
    /// attacker saw `[task 1]` with `--no-trace` and no tag traced).
    @Test func anAtMainProgramsMainTaskIsMainUntracedToo() async throws {
        var fixture = try await RunnerFixture()
        fixture.runner.tracing = false
        let shown = LinesSeen()
        let report = await fixture.runner.run(fixture.snippet("""
            @main struct App {
                static func main() async {
                    print("open")
                    let worker = Task { try? await Task.sleep(for: .milliseconds(30)); print("worker") }
                    await worker.value
                    print("close")
                }
            }
            """), in: fixture.lesson) { shown.add($0) }
        #expect(report.trace == nil)
        #expect(shown.labels == ["open": "main", "worker": "task 1", "close": "main"], "\(shown.labels)")
        #expect(report.lanes.map(\.label) == ["main", "task 1"])
    }
}
