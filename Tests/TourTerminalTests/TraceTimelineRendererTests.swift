import Foundation
import Testing
import TourKit
@testable import TourTerminal

@Suite struct TraceTimelineRendererTests {
    typealias Segment = RuntimeTrace.Segment

    /// Main waits while two tasks hold both pool threads and two more wait for one.
    static func starvedPool() -> RunReport {
        func task(_ id: UInt64, _ segments: [Segment]) -> RuntimeTrace.TaskLife {
            RuntimeTrace.TaskLife(id: id, created: segments.first?.start ?? 0, segments: segments, ending: .finished)
        }
        let tasks = [
            task(1, [Segment(state: .running, start: 0, end: 0.01, thread: 0, onMain: true), Segment(state: .suspended, start: 0.01, end: 2)]),
            task(2, [Segment(state: .running, start: 0.01, end: 1, thread: 1)]),
            task(3, [Segment(state: .running, start: 0.01, end: 1, thread: 2)]),
            task(4, [Segment(state: .waiting, start: 0.01, end: 1), Segment(state: .running, start: 1, end: 2, thread: 1)]),
            task(5, [Segment(state: .waiting, start: 0.01, end: 1), Segment(state: .running, start: 1, end: 2, thread: 2)]),
        ]
        let threads = [
            RuntimeTrace.ThreadLife(id: 10, slices: [RuntimeTrace.Slice(start: 0, end: 0.01, task: 0, onMain: true)]),
            RuntimeTrace.ThreadLife(id: 11, slices: [RuntimeTrace.Slice(start: 0.01, end: 1, task: 1, onMain: false),
                                                     RuntimeTrace.Slice(start: 1, end: 2, task: 3, onMain: false)]),
            RuntimeTrace.ThreadLife(id: 12, slices: [RuntimeTrace.Slice(start: 0.01, end: 1, task: 2, onMain: false),
                                                     RuntimeTrace.Slice(start: 1, end: 2, task: 4, onMain: false)]),
        ]
        var report = RunReport(ending: .exited(code: 0), lanes: ["main", "task 1", "task 2", "task 3", "task 4"].map {
            Lane(label: $0, first: 0, last: 2)
        }, wall: 2)
        report.trace = RuntimeTrace(tasks: tasks, threads: threads)
        return report
    }

    @Test func runningWaitingAndSuspendedLookDifferent() {
        let lines = TraceTimelineRenderer(style: .plain).render(Self.starvedPool())
        let lane = { (label: String) in lines.first { $0.hasPrefix(label + " ") } ?? "" }
        #expect(lane("main").contains("-"), "suspended")
        #expect(lane("task 1").contains("#") && !lane("task 1").contains(":"))
        #expect(lane("task 3").contains(":") && lane("task 3").contains("#"), "waits for a thread, then runs")
        #expect(lines.contains { $0.contains("# running") && $0.contains(": ready, waiting to run") })
        #expect(lines.allSatisfy { $0.allSatisfy(\.isASCII) }, "ASCII style uses ASCII glyphs only")
        #expect(lines.allSatisfy { displayWidth($0) <= 80 })
    }

    /// In a Chinese session the label column, the legend, the thread view
    /// and its key, and the counts are Chinese, aligned by display width.
    @Test(arguments: [60, 80])
    func theTimelineSpeaksChinese(width: Int) throws {
        var report = Self.starvedPool()
        report.lanes = ["main", "下载 1", "下载 2", "下载 3", "下载 4"].map { Lane(label: $0, first: 0, last: 2) }
        report.trace?.outcomesKnown = true
        for index in 1..<5 { report.trace?.tasks[index].completionSeen = true }
        report.trace?.tasks[1].ending = .threw
        report.trace?.tasks[2].ending = .cancelled
        report.trace?.tasks[2].segments = [Segment(state: .running, start: 0.01, end: 1, thread: 2, custom: true)]
        report.trace?.threads[2].slices[0].custom = true
        report.trace?.threads[2].slices[1].custom = true
        let style = TerminalStyle(width: width, color: false, unicode: true)
        let trace = try #require(report.trace)
        let (lines, few, threads, counts) = Language.$scoped.withValue(.simplifiedChinese) {
            var renderer = TraceTimelineRenderer(style: style)
            let lines = renderer.render(report), threads = renderer.renderThreads(report)
            renderer.maxLanes = 3
            return (lines, renderer.render(report), threads, TraceTimelineRenderer.countParts(trace))
        }
        let text = (lines + few + threads + counts).joined(separator: "\n")
        for expected in ["时间线", "█ 运行中", "▓ 在主 actor 上", "░ 就绪，等待运行", "─ 已挂起", "┤ 已返回", "! 抛出错误", "× 已取消",
                         "另有 2 个任务未画出（只画出运行最久的 3 个）", "线程 1*", "线程 3 自定", "b=\"下载 1\"", "* 运行过主 actor 的作业",
                         "自定：为程序自己的执行器运行过作业", "5 个任务", "个池线程运行过作业", "同时最多 ", " 个作业", "最多 2 个任务在等待运行",
                         "1 个任务抛出错误", "1 个任务已取消"] {
            #expect(text.contains(expected), "\(expected) in:\n\(text)")
        }
        // The thread lanes draw each task's jobs by its letter: `bbbb` is no word.
        let words = ChineseReportCheck.englishWords(in: text, allowed: ["main", "actor"]).filter { Set($0).count > 1 }
        #expect(words == [], "\(text)")
        #expect((lines + few + threads).allSatisfy { displayWidth($0) <= width }, "\(text)")
        // Every lane, and every thread, starts in the column under the ruler's start.
        for (drawn, glyphs) in [(lines, "█▓░─┈"), (threads, "▓abcde·+")] {
            let indent = drawn[1].prefix { $0 == " " }.count
            #expect(drawn[0].hasPrefix(drawn == lines ? "时间线" : "线程"))
            let rows = drawn.dropFirst(2).filter { $0.hasPrefix("main") || $0.hasPrefix("下载") || $0.hasPrefix("线程 ") }
            #expect(rows.count >= 3)
            for row in rows {
                let label = row.prefix { !glyphs.contains($0) }
                #expect(displayWidth(String(label)) == indent, "\(row)\n\(drawn.joined(separator: "\n"))")
            }
        }
    }

    @Test func theThreadViewShowsEveryPoolThreadHeld() {
        let lines = TraceTimelineRenderer(style: .plain).renderThreads(Self.starvedPool())
        let thread2 = lines.first { $0.hasPrefix("thread 2 ") } ?? ""
        let thread3 = lines.first { $0.hasPrefix("thread 3 ") } ?? ""
        #expect(thread2.contains("bbbb") && thread2.contains("dddd"))
        #expect(thread3.contains("cccc") && thread3.contains("eeee"))
        #expect(lines.contains { $0.hasPrefix("thread 1*") }, "the main actor's thread is starred")
        #expect(lines.contains { $0.contains("b=\"task 1\"") })
    }

    /// An actor's job (no task of its own) with a task's part inside it:
    /// the part shows through as the task's letter, the rest of the job as
    /// an actor's, and neither reads as two tasks at once.
    @Test func aPartInsideAnActorsJobShowsAsItsTask() {
        var report = Self.starvedPool()
        report.trace?.threads[1].slices = [RuntimeTrace.Slice(start: 0.01, end: 1.99, task: nil, onMain: false),
                                           RuntimeTrace.Slice(start: 1, end: 1.99, task: 3, onMain: false, inside: true)]
        let threads = TraceTimelineRenderer(style: .plain).renderThreads(report)
        let thread2 = threads.first { $0.hasPrefix("thread 2 ") } ?? ""
        #expect(thread2.contains("~~~~") && thread2.contains("dddd"), "\(thread2)")
        #expect(!thread2.contains("+"), "a part and the job it runs in are not several tasks: \(thread2)")
        #expect(report.trace?.mostJobsAtOnce == 2, "the part counts with its actor's job")
    }

    @Test func aCancelledTaskEndsWithItsOwnMarkAndTheOwnExecutorsThreadIsMarked() {
        var report = Self.starvedPool()
        report.trace?.tasks[1].ending = .cancelled
        report.trace?.tasks[2].segments = [Segment(state: .running, start: 0.01, end: 1, thread: 2, custom: true)]
        report.trace?.threads[2].slices[0].custom = true
        report.trace?.threads[2].slices[1].custom = true
        let renderer = TraceTimelineRenderer(style: .plain)
        let lines = renderer.render(report)
        let lane = { (label: String) in lines.first { $0.hasPrefix(label + " ") } ?? "" }
        #expect(lane("task 1").hasSuffix("X"), "cancelled: \(lane("task 1"))")
        #expect(lane("task 2").hasSuffix("]"), "done")
        #expect(lines.contains { $0.contains("X cancelled") })
        let threads = renderer.renderThreads(report)
        #expect(threads.contains { $0.hasPrefix("thread 3 own") })
        #expect(threads.contains { $0.contains("own: ran jobs for the program's own executor") })
        let counts = TraceTimelineRenderer.counts(report.trace!, unicode: false)
        #expect(counts.contains("1 thread ran the program's own executor") && counts.contains("1 task cancelled"))
        #expect(counts.contains("1 pool thread ran jobs"), "a thread that ran only the own executor's jobs is not the pool's: \(counts)")
    }

    @Test func aTaskThatThrewHasItsOwnMarkWhereOutcomesAreKnown() {
        var report = Self.starvedPool()
        report.trace?.tasks[1].ending = .threw
        report.trace?.outcomesKnown = true
        for index in 1..<5 { report.trace?.tasks[index].completionSeen = true }
        let lines = TraceTimelineRenderer(style: .plain).render(report)
        let lane = { (label: String) in lines.first { $0.hasPrefix(label + " ") } ?? "" }
        #expect(lane("task 1").hasSuffix("!"), "threw: \(lane("task 1"))")
        #expect(lane("task 2").hasSuffix("]"), "returned")
        #expect(lines.contains { $0.contains("] returned") && $0.contains("! threw") })
        #expect(TraceTimelineRenderer.counts(report.trace!, unicode: false).contains("1 task threw"))
        report.trace?.outcomesKnown = false
        report.trace?.tasks[1].ending = .finished
        let unknown = TraceTimelineRenderer(style: .plain).render(report)
        #expect(unknown.contains { $0.contains("] done") } && !unknown.contains { $0.contains("threw") },
                "without outcomes, one mark means returned or threw")
    }

    @Test func aTaskStillGoingIsMarkedWhereTheProgramEndedNotAfterAGap() {
        var report = Self.starvedPool()
        // The axis runs to 2 s; task 4 was still waiting when the trace ended at 1.2 s.
        report.trace?.tasks[3].segments = [Segment(state: .waiting, start: 0.01, end: 1.2)]
        report.trace?.tasks[3].ending = .unfinished
        let lines = TraceTimelineRenderer(style: .plain).render(report)
        let lane = lines.first { $0.hasPrefix("task 3 ") } ?? ""
        #expect(lane.hasSuffix(":>"), "the mark follows the lane: \(lane)")
    }

    @Test func aTaskWhoseEndWasNotSeenIsNotSaidToHaveReturned() {
        var report = Self.starvedPool()
        report.trace?.outcomesKnown = true
        for index in 1..<5 { report.trace?.tasks[index].completionSeen = true }
        report.trace?.tasks[2].completionSeen = false
        let lines = TraceTimelineRenderer(style: .plain).render(report)
        let lane = { (label: String) in lines.first { $0.hasPrefix(label + " ") } ?? "" }
        #expect(lane("task 2").hasSuffix("?"), "\(lane("task 2"))")
        #expect(lane("task 1").hasSuffix("]"))
        #expect(lines.contains { $0.contains("? end not seen") })
        report.trace?.tasks[2].completionSeen = true
        #expect(!TraceTimelineRenderer(style: .plain).render(report).contains { $0.contains("end not seen") })
    }

    @Test func anEmptyThreadViewSaysSo() {
        var report = Self.starvedPool()
        report.trace?.threads = [RuntimeTrace.ThreadLife(id: 1, slices: [])]
        let lines = TraceTimelineRenderer(style: .plain).renderThreads(report)
        #expect(lines.contains { $0.contains("no thread ran a job") })
    }

    @Test func theThreadKeyNamesTheTasksDrawn() {
        var report = Self.starvedPool()
        // Only task 2's and task 4's jobs are drawn on the pool.
        report.trace?.threads[1].slices = [RuntimeTrace.Slice(start: 0.01, end: 1, task: 2, onMain: false)]
        report.trace?.threads[2].slices = [RuntimeTrace.Slice(start: 1, end: 2, task: 4, onMain: false)]
        let lines = TraceTimelineRenderer(style: .plain).renderThreads(report)
        let key = lines.filter { $0.contains("=") }.joined(separator: " ")
        #expect(key.contains("c=\"task 2\"") && key.contains("e=\"task 4\""))
        #expect(!key.contains("b=") && !key.contains("d="), "tasks with no job drawn are not in the key: \(key)")
    }

    @Test func countsSayWhatTheyCount() {
        let counts = TraceTimelineRenderer.counts(Self.starvedPool().trace!, unicode: false)
        #expect(counts == "5 tasks | 2 pool threads ran jobs | at most 2 jobs at once | up to 2 waiting to run")
    }

    @Test func tenThousandTasksDrawTheBusiestLanesFast() {
        var tasks: [RuntimeTrace.TaskLife] = []
        for id in 0..<10_000 {
            let start = Double(id) / 10_000
            tasks.append(RuntimeTrace.TaskLife(id: UInt64(id + 1), created: start,
                                               segments: [Segment(state: .running, start: start, end: start + (id == 7_777 ? 0.5 : 0.0001), thread: 0)],
                                               ending: .finished))
        }
        var report = RunReport(ending: .exited(code: 0), lanes: tasks.indices.map { Lane(label: $0 == 0 ? "main" : "task \($0)", first: 0, last: 1) },
                               wall: 1.5)
        report.trace = RuntimeTrace(tasks: tasks, threads: [])
        let started = Date()
        let lines = TraceTimelineRenderer(style: .plain).render(report)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(lines.count < 40)
        #expect(lines.contains { $0.hasPrefix("task 7777") }, "the busiest task is among the lanes drawn")
        #expect(lines.contains { $0.contains("9976 more tasks not drawn") })
    }

    @Test func aFarFutureEndKeepsTheAxisBounded() {
        var report = Self.starvedPool()
        report.trace!.tasks[1].segments[0].end = 1e12
        report.wall = 1e12
        let started = Date()
        let lines = TraceTimelineRenderer(style: .plain).render(report)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(lines.allSatisfy { displayWidth($0) <= 80 })
    }
}

extension TraceTimelineRendererTests {
    @Test func jobsOfTwoTasksInOneColumnShowAsSeveral() {
        var report = Self.starvedPool()
        // Task 4 (lane d) also runs a moment on thread 2 in task 1's first column.
        report.trace!.threads[1].slices.append(RuntimeTrace.Slice(start: 0.011, end: 0.012, task: 3, onMain: false))
        let lines = TraceTimelineRenderer(style: .plain).renderThreads(report)
        let thread2 = lines.first { $0.hasPrefix("thread 2 ") } ?? ""
        #expect(thread2.contains("+"), "\(thread2)")
    }

    @Test func aLaneThatEndsAtTheEdgeStillShowsItsEndMark() {
        let lines = TraceTimelineRenderer(style: .plain).render(Self.starvedPool())
        let lane = lines.first { $0.hasPrefix("task 3 ") } ?? ""
        #expect(lane.hasSuffix("]"), "\(lane)")
    }
}
