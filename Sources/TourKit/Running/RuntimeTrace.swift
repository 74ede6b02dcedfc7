/// What the concurrency runtime did during a run, from the recording
/// executors of ``HarnessTracer``: every task from its first job to its
/// last, told apart as running, ready but waiting for a thread, suspended
/// and sleeping, and every thread with the jobs it ran.
public struct RuntimeTrace: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// A job of the task ran on a thread.
        case running
        /// Enqueued, waiting for a thread to run it.
        case waiting
        /// Suspended at an `await`.
        case suspended
        /// Suspended in `Task.sleep`, until its timer fired.
        case sleeping
    }

    public struct Segment: Sendable, Equatable {
        public var state: State
        /// Seconds since the program started.
        public var start: Double
        public var end: Double
        /// Index into ``threads`` while running.
        public var thread: Int?
        /// The job ran on the main actor.
        public var onMain: Bool

        public init(state: State, start: Double, end: Double, thread: Int? = nil, onMain: Bool = false) {
            self.state = state
            self.start = start
            self.end = end
            self.thread = thread
            self.onMain = onMain
        }
    }

    /// How a task's lane ends.
    public enum Ending: Sendable, Equatable {
        /// Its last job finished and it never ran again: it returned (or
        /// threw; the trace cannot tell which).
        case finished
        /// Still running, waiting or suspended when the program ended.
        case unfinished
    }

    public struct TaskLife: Sendable, Equatable {
        /// The runtime's task id, the one print events carry.
        public var id: UInt64
        public var created: Double
        public var segments: [Segment]
        public var ending: Ending

        public init(id: UInt64, created: Double, segments: [Segment], ending: Ending) {
            self.id = id
            self.created = created
            self.segments = segments
            self.ending = ending
        }

        public var end: Double { segments.last?.end ?? created }
    }

    public struct Slice: Sendable, Equatable {
        public var start: Double
        public var end: Double
        /// Index into ``tasks``; nil for a job that is not a visible
        /// task's (an actor draining its queue, a sleep's timer).
        public var task: Int?
        public var onMain: Bool

        public init(start: Double, end: Double, task: Int?, onMain: Bool) {
            self.start = start
            self.end = end
            self.task = task
            self.onMain = onMain
        }
    }

    public struct ThreadLife: Sendable, Equatable {
        public var id: UInt64
        public var slices: [Slice]

        public init(id: UInt64, slices: [Slice]) {
            self.id = id
            self.slices = slices
        }
        /// Whether it ran main-actor jobs.
        public var ranMain: Bool { slices.contains { $0.onMain } }
    }

    /// Tasks in the order they were created; a sleep's timer is not one.
    public var tasks: [TaskLife]
    /// Threads that ran jobs, in the order they first did.
    public var threads: [ThreadLife]

    public init(tasks: [TaskLife], threads: [ThreadLife]) {
        self.tasks = tasks
        self.threads = threads
    }

    /// Most jobs running at the same moment on the pool (off the main
    /// actor): what the pool's width bounds.
    public var mostJobsAtOnce: Int {
        Self.mostAtOnce(threads.flatMap { $0.slices.filter { !$0.onMain }.map { ($0.start, $0.end) } })
    }

    /// Most tasks suspended or sleeping at the same moment.
    public var mostSuspendedAtOnce: Int {
        Self.mostAtOnce(tasks.flatMap { task in
            task.segments.filter { $0.state == .suspended || $0.state == .sleeping }.map { ($0.start, $0.end) }
        })
    }

    /// Most tasks ready but waiting for a thread at the same moment, for
    /// longer than a millisecond (every job waits a few microseconds for
    /// the queue to hand it over; those waits say nothing).
    public var mostWaitingAtOnce: Int {
        Self.mostAtOnce(tasks.flatMap { task in
            task.segments.filter { $0.state == .waiting && $0.end - $0.start > 0.001 }.map { ($0.start, $0.end) }
        })
    }

    /// Threads that ran at least one job off the main actor.
    public var poolThreads: Int {
        threads.filter { $0.slices.contains { !$0.onMain } }.count
    }

    /// The largest number of the intervals that overlap at one instant;
    /// an interval that ends where another starts does not overlap it.
    static func mostAtOnce(_ intervals: [(Double, Double)]) -> Int {
        var edges: [(time: Double, delta: Int)] = []
        edges.reserveCapacity(intervals.count * 2)
        for (start, end) in intervals where end > start {
            edges.append((start, 1))
            edges.append((end, -1))
        }
        edges.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var current = 0, most = 0
        for edge in edges {
            current += edge.delta
            most = max(most, current)
        }
        return most
    }
}

/// One record of the trace file.
public struct TraceRecord: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case enqueued = 69   // E
        case delayed = 68    // D
        case began = 66      // B
        case finished = 70   // F
    }

    public var kind: Kind
    /// Monotonic nanoseconds.
    public var time: UInt64
    public var task: UInt64
    public var thread: UInt64
    public var extra: UInt32

    public init(kind: Kind, time: UInt64, task: UInt64, thread: UInt64, extra: UInt32 = 0) {
        self.kind = kind
        self.time = time
        self.task = task
        self.thread = thread
        self.extra = extra
    }
}

extension RuntimeTrace {
    /// Builds the picture from raw records.
    ///
    /// - `origin`: monotonic ns of the program's start; `end`: of its end.
    /// - `mainTask`: the main task's id, whose lane starts at 0 (its first
    ///   job began before the recording executors were installed).
    /// - `earliest`: when the program was started; records between it and
    ///   `origin` (jobs that ran before the first line started the clock)
    ///   count from 0, earlier ones are dropped.
    /// - `ranToCompletion`: the program exited by itself; otherwise a task
    ///   whose last job finished is drawn suspended to the end, since it
    ///   never got to finish.
    ///
    /// Records outside the run, of an unknown kind, or inconsistent (a
    /// finish without a begin) are dropped: the program could have written
    /// anything into its trace.
    public static func build(_ records: [TraceRecord], origin: UInt64, end: UInt64, mainTask: UInt64?,
                             mainThread: UInt64? = nil, ranToCompletion: Bool, earliest: UInt64? = nil) -> RuntimeTrace {
        let endTime = end > origin ? Double(end - origin) / 1e9 : 0
        func seconds(_ time: UInt64) -> Double { time >= origin ? min(Double(time - origin) / 1e9, endTime) : 0 }
        // The program's first jobs (the main task's first among them) run
        // before its first line starts the clock: they count from 0.
        let ordered = records.filter { $0.time <= end && $0.time >= min(earliest ?? origin, origin) }
            .map { record -> TraceRecord in
                var moved = record
                moved.time = max(record.time, origin)
                return moved
            }
            .enumerated()
            .sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }
            .map(\.element)

        // A task whose first record is a delayed enqueue is a sleep's timer.
        var firstKind: [UInt64: TraceRecord.Kind] = [:]
        for record in ordered where record.task != 0 && firstKind[record.task] == nil { firstKind[record.task] = record.kind }
        func isTimer(_ task: UInt64) -> Bool { firstKind[task] == .delayed }

        enum Phase { case running(since: Double, thread: Int, main: Bool), waiting(since: Double), suspended(since: Double, sleeping: Bool) }
        var taskIndex: [UInt64: Int] = [:]
        var tasks: [RuntimeTrace.TaskLife] = []
        var phase: [Int: Phase] = [:]
        var threadIndex: [UInt64: Int] = [:]
        var threads: [RuntimeTrace.ThreadLife] = []
        /// Per thread, the jobs running on it (a job can run another inline).
        var runningOn: [Int: [(task: UInt64, start: Double, main: Bool)]] = [:]
        /// Tasks enqueued again while one of their jobs still ran (`Task.yield`).
        var enqueuedWhileRunning: Set<Int> = []
        /// Tasks that made a sleep's timer in their current job: their next
        /// suspension is a sleep, however it ends (a cancelled sleep too).
        var goingToSleep: Set<Int> = []

        func thread(_ id: UInt64) -> Int {
            if let index = threadIndex[id] { return index }
            threads.append(RuntimeTrace.ThreadLife(id: id, slices: []))
            threadIndex[id] = threads.count - 1
            return threads.count - 1
        }
        func task(_ id: UInt64, at time: Double) -> Int? {
            guard id != 0, !isTimer(id) else { return nil }
            if let index = taskIndex[id] { return index }
            let created = id == mainTask ? 0 : time
            tasks.append(RuntimeTrace.TaskLife(id: id, created: created, segments: [], ending: .unfinished))
            taskIndex[id] = tasks.count - 1
            return tasks.count - 1
        }
        func close(_ index: Int, at time: Double) {
            guard let current = phase[index] else { return }
            let segment: Segment
            switch current {
            case .running(let since, let thread, let main):
                segment = Segment(state: .running, start: since, end: time, thread: thread, onMain: main)
            case .waiting(let since):
                segment = Segment(state: .waiting, start: since, end: time)
            case .suspended(let since, let sleeping):
                segment = Segment(state: sleeping ? .sleeping : .suspended, start: since, end: time)
            }
            if segment.end > segment.start || segment.state == .running { tasks[index].segments.append(segment) }
        }

        // The main task's first job began before the recording executors
        // were installed, so neither its begin nor its end is recorded: it
        // runs from 0 until the last thing it visibly did on its thread
        // before that thread ran another job or the main task came back.
        var mainFirstJob: (index: Int, thread: Int, lastSeen: Double)?
        if let mainTask, let mainThread, let index = task(mainTask, at: 0) {
            let onThread = thread(mainThread)
            phase[index] = .running(since: 0, thread: onThread, main: true)
            mainFirstJob = (index, onThread, 0)
        }

        for record in ordered {
            let time = seconds(record.time)
            let onThread = thread(record.thread)
            if let first = mainFirstJob {
                if record.task == mainTask || (record.kind == .began && (onThread == first.thread || record.extra == 1)) {
                    // The main thread runs one job at a time: a job that was
                    // already waiting for it starts the moment the main
                    // task's first job ends.
                    // (On Linux the main queue is drained by whichever worker
                    // thread dispatch picks, so any main-actor job counts.)
                    var waitedForTheThread = false
                    if record.kind == .began, record.task != mainTask, record.extra == 1 || onThread == first.thread,
                       let other = taskIndex[record.task], case .waiting? = phase[other] {
                        waitedForTheThread = true
                    }
                    let endOfJob = (record.task == mainTask && record.kind == .finished) || waitedForTheThread ? time : first.lastSeen
                    close(first.index, at: endOfJob)
                    threads[first.thread].slices.append(Slice(start: 0, end: endOfJob, task: first.index, onMain: true))
                    phase[first.index] = .suspended(since: endOfJob, sleeping: false)
                    mainFirstJob = nil
                    if record.kind == .finished { continue }
                } else if onThread == first.thread {
                    mainFirstJob?.lastSeen = time
                }
            }
            switch record.kind {
            case .enqueued, .delayed:
                if record.kind == .delayed, isTimer(record.task), let runner = runningOn[onThread]?.last,
                   let sleeper = taskIndex[runner.task] {
                    goingToSleep.insert(sleeper)
                }
                guard let index = task(record.task, at: time) else { continue }
                // Enqueued from inside a sleep's timer job: it was sleeping.
                let byTimer = runningOn[onThread]?.last.map { isTimer($0.task) } ?? false
                if case .suspended(let since, let sleeping)? = phase[index] {
                    phase[index] = .suspended(since: since, sleeping: sleeping || byTimer)
                }
                if case .running? = phase[index] {
                    enqueuedWhileRunning.insert(index)
                    continue
                }
                close(index, at: time)
                phase[index] = .waiting(since: time)
            case .began:
                let main = record.extra == 1
                runningOn[onThread, default: []].append((record.task, time, main))
                guard let index = task(record.task, at: time) else { continue }
                close(index, at: time)
                phase[index] = .running(since: time, thread: onThread, main: main)
            case .finished:
                guard var stack = runningOn[onThread], let top = stack.last, top.task == record.task else { continue }
                stack.removeLast()
                runningOn[onThread] = stack
                let visible = taskIndex[record.task]
                threads[onThread].slices.append(Slice(start: top.start, end: time, task: visible, onMain: top.main))
                guard let index = visible else { continue }
                close(index, at: time)
                let sleeping = goingToSleep.remove(index) != nil
                phase[index] = enqueuedWhileRunning.remove(index) != nil ? .waiting(since: time) : .suspended(since: time, sleeping: sleeping)
            }
        }
        if let first = mainFirstJob {
            threads[first.thread].slices.append(Slice(start: 0, end: endTime, task: first.index, onMain: true))
        }
        // Jobs still running at the end: blocked, spinning, or the main task's last.
        for (threadNumber, stack) in runningOn {
            for job in stack {
                threads[threadNumber].slices.append(Slice(start: job.start, end: endTime, task: taskIndex[job.task], onMain: job.main))
            }
        }
        for index in tasks.indices {
            // A task asleep when the program ended never finished: the
            // process exited under it.
            if case .suspended(_, let sleeping)? = phase[index], !sleeping, ranToCompletion, tasks[index].id != mainTask {
                tasks[index].ending = .finished
                continue
            }
            close(index, at: endTime)
            // The main task's last job ends the program.
            if ranToCompletion, tasks[index].id == mainTask { tasks[index].ending = .finished }
        }
        for index in threads.indices { threads[index].slices.sort { $0.start < $1.start } }
        // In creation order, which is the order of the runtime's task ids;
        // the main task, there from the start, first.
        let order = tasks.indices.sorted { left, right in
            let (a, b) = (tasks[left], tasks[right])
            if (a.id == mainTask) != (b.id == mainTask) { return a.id == mainTask }
            return a.id < b.id
        }
        let renumber = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
        for thread in threads.indices {
            for slice in threads[thread].slices.indices {
                threads[thread].slices[slice].task = threads[thread].slices[slice].task.flatMap { renumber[$0] }
            }
        }
        return RuntimeTrace(tasks: order.map { tasks[$0] }, threads: threads)
    }
}

extension RunReport {
    /// Whether the run has a runtime trace with tasks in it to draw.
    public var hasTaskTrace: Bool { !(trace?.tasks.isEmpty ?? true) }

    /// Lanes from the trace: one per task, in the order the tasks were
    /// created, named by their prints (`Task(name:)`) or numbered "task 1",
    /// "task 2"… in creation order, so the `[task 2]` of an output line and
    /// its lane agree. Lanes of output from outside any task follow.
    mutating func relabel(by trace: RuntimeTrace, mainTask mainID: UInt64?) {
        var namesByTask: [UInt64: String] = [:]
        for lane in lanes {
            guard let id = lane.taskID, lane.label != "main", !lane.label.hasPrefix("task ") else { continue }
            namesByTask[id] = lane.label
        }
        var fresh: [Lane] = []
        var indexOfTask: [UInt64: Int] = [:]
        var unnamed = 0
        var trace = trace
        var lastPrint: [UInt64: Double] = [:]
        for line in lines where line.source == .print {
            guard let lane = line.lane, lanes.indices.contains(lane) else { continue }
            let id = lanes[lane].label == "main" ? mainID : lanes[lane].taskID
            if let id { lastPrint[id] = max(lastPrint[id] ?? 0, line.time) }
        }
        // A task that printed after its last recorded job ran inside a job
        // of an actor (which runs its callers' code inline): its lane goes
        // on to that print.
        for index in trace.tasks.indices {
            guard let printed = lastPrint[trace.tasks[index].id], printed > trace.tasks[index].end else { continue }
            let end = trace.tasks[index].end
            trace.tasks[index].segments.append(RuntimeTrace.Segment(state: .suspended, start: end, end: printed))
            trace.tasks[index].segments.append(RuntimeTrace.Segment(state: .running, start: printed, end: printed))
        }
        self.trace = trace
        for task in trace.tasks {
            let label: String
            if task.id == mainID {
                label = "main"
            } else if let name = namesByTask[task.id] {
                label = name
            } else {
                unnamed += 1
                label = "task \(unnamed)"
            }
            var lane = Lane(label: label, first: task.created, last: task.end)
            lane.taskID = task.id
            indexOfTask[task.id] = fresh.count
            fresh.append(lane)
        }
        // Output from threads outside any task keeps a lane of its own.
        var moved: [Int: Int] = [:]
        for (index, lane) in lanes.enumerated() {
            if let id = lane.label == "main" ? mainID : lane.taskID, let target = indexOfTask[id] {
                moved[index] = target
            } else {
                moved[index] = fresh.count
                fresh.append(lane)
            }
        }
        for index in lines.indices {
            guard let old = lines[index].lane, let target = moved[old] else { continue }
            lines[index].lane = target
            lines[index].laneLabel = fresh[target].label
        }
        lanes = fresh
    }
}
