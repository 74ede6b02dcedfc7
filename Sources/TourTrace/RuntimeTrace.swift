/// What the concurrency runtime did during a run, from the recording
/// executors of ``HarnessTracer``: every task from its first job to its
/// last, told apart as running, ready but waiting for a thread, suspended
/// and sleeping, and every thread with the jobs it ran.
public struct RuntimeTrace: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// A job of the task ran on a thread.
        case running
        /// Ready, waiting to run: for a thread, the main actor, or an actor
        /// busy with another task (its job ended at a hop it could not take).
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
        /// The job was run by an executor of the program's own.
        public var custom: Bool

        public init(state: State, start: Double, end: Double, thread: Int? = nil, onMain: Bool = false, custom: Bool = false) {
            self.state = state
            self.start = start
            self.end = end
            self.thread = thread
            self.onMain = onMain
            self.custom = custom
        }
    }

    /// How a task's lane ends.
    public enum Ending: Sendable, Equatable {
        /// Its last job finished and it never ran again: it returned (or,
        /// where ``outcomesKnown`` is false, returned or threw).
        case finished
        /// It completed by throwing an error, not cancelled.
        case threw
        /// It had been cancelled when its last job ran, and finished.
        case cancelled
        /// Still running, waiting or suspended when the program ended.
        case unfinished
    }

    public struct TaskLife: Sendable, Equatable {
        /// The runtime's task id, the one print events carry.
        public var id: UInt64
        public var created: Double
        public var segments: [Segment]
        public var ending: Ending
        /// `Task(name:)` or `addTask(name:)`, whether or not it printed.
        public var name: String?
        /// The id of the task that created it, where one did.
        public var creator: UInt64?
        /// A child of a task group or an `async let`: its creator is its
        /// parent, which cannot end before it.
        public var structured: Bool
        /// The tracer read the task's completion (returned or threw) from
        /// its future; otherwise a `finished` ending is inferred from its
        /// never running again before the program ended.
        public var completionSeen = false

        public init(id: UInt64, created: Double, segments: [Segment], ending: Ending,
                    name: String? = nil, creator: UInt64? = nil, structured: Bool = false) {
            self.id = id
            self.created = created
            self.segments = segments
            self.ending = ending
            self.name = name
            self.creator = creator
            self.structured = structured
        }

        public var end: Double { segments.last?.end ?? created }

        /// Seconds its jobs and parts ran.
        public var runningSeconds: Double {
            segments.reduce(0) { $0 + ($1.state == .running ? $1.end - $1.start : 0) }
        }
    }

    public struct Slice: Sendable, Equatable {
        public var start: Double
        public var end: Double
        /// Index into ``tasks``; nil for a job that is not a visible
        /// task's (an actor draining its queue, a sleep's timer).
        public var task: Int?
        public var onMain: Bool
        /// Run by an executor of the program's own.
        public var custom: Bool
        /// A task's part inside another job: an actor's, which runs the
        /// jobs queued on it within a job of its own.
        public var inside: Bool

        public init(start: Double, end: Double, task: Int?, onMain: Bool, custom: Bool = false, inside: Bool = false) {
            self.start = start
            self.end = end
            self.task = task
            self.onMain = onMain
            self.custom = custom
            self.inside = inside
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
        /// Whether it ran jobs for an executor of the program's own.
        public var ranCustom: Bool { slices.contains { $0.custom } }
    }

    /// Tasks in the order they were created; a sleep's timer is not one.
    public var tasks: [TaskLife]
    /// Threads that ran jobs, in the order they first did.
    public var threads: [ThreadLife]
    /// Whether a finished task's ending tells returning from throwing: the
    /// tracer read each task's result status (its layout checked at every
    /// creation). Otherwise ``Ending/finished`` covers both.
    public var outcomesKnown = false
    /// The main task's id: the start event's, or, for an `@main` program,
    /// the task whose first job the program's `main` ran.
    public var mainTask: UInt64?

    public init(tasks: [TaskLife], threads: [ThreadLife]) {
        self.tasks = tasks
        self.threads = threads
    }

    /// Most jobs running at the same moment on the pool (off the main
    /// actor): what the pool's width bounds.
    public var mostJobsAtOnce: Int {
        // A part inside an actor's job is counted with that job.
        Self.mostAtOnce(threads.flatMap { $0.slices.filter { !$0.onMain && !$0.custom && !$0.inside }.map { ($0.start, $0.end) } })
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

    /// Seconds during which at least `count` threads were running jobs at
    /// the same moment: any thread, the main actor's, the pool's and the
    /// program's own executors' alike. A thread descheduled by a busy
    /// machine is still inside its job, so this measures what the program
    /// did, not how much CPU it got; sleeping tasks run jobs of
    /// microseconds, and work kept on one actor keeps one thread busy.
    public func secondsWithThreadsBusy(atLeast count: Int) -> Double {
        guard count > 0 else { return threads.isEmpty ? 0 : .infinity }
        var edges: [(time: Double, delta: Int)] = []
        for thread in threads {
            // A thread's own slices may nest (a job run inside a job):
            // each thread counts once, over the union of its slices.
            let slices = thread.slices.filter { $0.end > $0.start }.sorted { $0.start < $1.start }
            var current: (start: Double, end: Double)?
            for slice in slices {
                if let open = current, slice.start <= open.end {
                    current = (open.start, max(open.end, slice.end))
                } else {
                    if let open = current { edges += [(open.start, 1), (open.end, -1)] }
                    current = (slice.start, slice.end)
                }
            }
            if let open = current { edges += [(open.start, 1), (open.end, -1)] }
        }
        edges.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var busy = 0, total = 0.0, since = 0.0
        for edge in edges {
            if busy >= count { total += edge.time - since }
            busy += edge.delta
            since = edge.time
        }
        return total
    }

    /// Threads that ran at least one job off the main actor.
    public var poolThreads: Int {
        threads.filter { $0.slices.contains { !$0.onMain && !$0.custom } }.count
    }

    /// Threads that ran jobs for executors of the program's own.
    public var customExecutorThreads: Int {
        threads.filter(\.ranCustom).count
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

/// Sorts records by time, keeping the written order of equal times.
/// Writers take a slot before they read the clock, so records arrive
/// nearly in order: each is moved back past the few written before it
/// with a later time. A file a program scrambled would make that
/// quadratic, so past a bound of moves a full stable sort takes over.
func sortByTime(_ records: inout [TraceRecord]) {
    var moves = 0
    let bound = 16 * records.count + 1024
    for index in records.indices.dropFirst() {
        let current = records[index]
        var place = index
        while place > 0, records[place - 1].time > current.time {
            records[place] = records[place - 1]
            place -= 1
            moves += 1
        }
        records[place] = current
        if moves > bound {
            records = records.enumerated()
                .sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }
                .map(\.element)
            return
        }
    }
}

/// One record of the trace file.
public struct TraceRecord: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case enqueued = 69   // E
        case delayed = 68    // D
        case began = 66      // B
        case finished = 70   // F
        case created = 67    // C
        case name = 78       // N
    }

    public var kind: Kind
    /// Monotonic nanoseconds.
    public var time: UInt64
    public var task: UInt64
    public var thread: UInt64
    public var extra: UInt32
    /// 24 bits: the enqueuing task of `E`, the flags of `C`, the chunk of `N`.
    public var other: UInt32

    public init(kind: Kind, time: UInt64, task: UInt64, thread: UInt64, extra: UInt32 = 0, other: UInt32 = 0) {
        self.kind = kind
        self.time = time
        self.task = task
        self.thread = thread
        self.extra = extra
        self.other = other
    }

    /// Decodes whole 32-byte records as the tracer writes them (time, task,
    /// thread, extra, then the kind in the low byte of the last word and
    /// 24 bits of "other" above it), appending them; a slot of no known
    /// kind (not yet written, or torn) is skipped and counted in
    /// `emptyRun`, which a decoded record resets.
    public static func decode(_ bytes: UnsafeRawBufferPointer, into records: inout [TraceRecord], emptyRun: inout Int) {
        for base in stride(from: 0, to: bytes.count - 31, by: 32) {
            guard let kind = Kind(rawValue: bytes[base + 28]) else {
                emptyRun += 1
                continue
            }
            emptyRun = 0
            records.append(TraceRecord(kind: kind,
                                       time: bytes.loadUnaligned(fromByteOffset: base, as: UInt64.self),
                                       task: bytes.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self),
                                       thread: bytes.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self),
                                       extra: bytes.loadUnaligned(fromByteOffset: base + 24, as: UInt32.self),
                                       other: bytes.loadUnaligned(fromByteOffset: base + 28, as: UInt32.self) >> 8))
        }
    }

    /// Flags of `B`, `F` and `E`.
    var onMain: Bool { extra & 1 != 0 }
    var cancelled: Bool { extra & 2 != 0 }
    var custom: Bool { extra & 4 != 0 }
    /// Of `F`: the task completed in this job and returned, or threw.
    var returned: Bool { extra & 8 != 0 }
    var threw: Bool { extra & 16 != 0 }
    /// Of `F`: written at the program's exit for a thread that had not yet
    /// recorded it; the job ended earlier, by the last wake it caused.
    var writtenAtExit: Bool { extra & 32 != 0 }
    /// Of `B` and `F`: the program's `main` ran this job: the main task's first.
    var startedByMain: Bool { extra & 64 != 0 }
    /// Of `B` and `F`: a part of the task inside another job (an actor's),
    /// begun where the task resumed after a hop.
    var inside: Bool { extra & 128 != 0 }
    /// Of `F`: the job or part ended at a hop onto an executor that could
    /// not take the task at once (a busy actor): it is ready, waiting.
    var leftAtHop: Bool { extra & 256 != 0 }
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
    /// - `latest`: when the process was gone. Records between `end` (the
    ///   program's last event) and it are kept at `end`: a child's last job
    ///   can record its finish after the parent it woke has already exited
    ///   (a loaded machine descheduled that thread), and dropping the record
    ///   would draw the child still going.
    ///
    /// Records outside the run, of an unknown kind, or inconsistent (a
    /// finish without a begin) are dropped: the program could have written
    /// anything into its trace.
    public static func build(_ records: [TraceRecord], origin: UInt64, end: UInt64, mainTask knownMainTask: UInt64?,
                             mainThread: UInt64? = nil, ranToCompletion: Bool, earliest: UInt64? = nil,
                             latest: UInt64? = nil) -> RuntimeTrace {
        let endTime = end > origin ? Double(end - origin) / 1e9 : 0
        func seconds(_ time: UInt64) -> Double { time >= origin ? min(Double(time - origin) / 1e9, endTime) : 0 }
        // The program's first jobs (the main task's first among them) run
        // before its first line starts the clock: they count from 0.
        let last = max(end, latest ?? end), lowest = min(earliest ?? origin, origin)
        var ordered: [TraceRecord] = []
        ordered.reserveCapacity(records.count)
        for record in records where record.time <= last && record.time >= lowest {
            var moved = record
            moved.time = min(max(record.time, origin), end)
            ordered.append(moved)
        }
        sortByTime(&ordered)

        // An `@main` program starts the clock before its main task exists;
        // that task is the one whose first job the program's `main` ran.
        let mainTask = knownMainTask ?? ordered.first { $0.kind == .began && $0.startedByMain }?.task

        // A task whose first job record is a delayed enqueue is a sleep's timer.
        var firstKind: [UInt64: TraceRecord.Kind] = [:]
        var about = TaskFacts()
        for record in ordered {
            switch record.kind {
            case .created, .name: about.note(record)
            default:
                if record.task != 0, firstKind[record.task] == nil {
                    firstKind[record.task] = record.kind
                    // Enqueued first by another task: that one made it.
                    if record.kind == .enqueued, record.other != 0 { about.firstEnqueuer[record.task] = record.other }
                }
            }
        }
        func isTimer(_ task: UInt64) -> Bool { firstKind[task] == .delayed }
        /// Tasks whose last job to begin began after they were cancelled.
        var cancelledAtLastRun = TaskMarks()
        /// Tasks whose last finished job completed them by throwing.
        var threwAtLastFinish = TaskMarks()
        /// Tasks whose future says they completed: they ended, whether or
        /// not the program did (a crash or a timeout later).
        var completed = TaskMarks()

        enum Phase { case running(since: Double, thread: Int, main: Bool, custom: Bool), waiting(since: Double), suspended(since: Double, sleeping: Bool) }
        var taskIndex: [UInt64: Int] = [:]
        var tasks: [RuntimeTrace.TaskLife] = []
        /// By task index, what each task is doing now.
        var phase: [Phase?] = []
        /// By task index, the thread its latest job or part began on.
        var lastBegan: [Int?] = []
        var threadIndex: [UInt64: Int] = [:]
        var threads: [RuntimeTrace.ThreadLife] = []
        /// Per thread, the jobs running on it (a job can run another inline).
        /// By thread index.
        var runningOn: [[(task: UInt64, start: Double, main: Bool, custom: Bool, inside: Bool)]] = []
        /// Tasks enqueued again while one of their jobs still ran (`Task.yield`).
        var enqueuedWhileRunning = TaskMarks()
        /// Tasks that made a sleep's timer in their current job: their next
        /// suspension is a sleep, however it ends (a cancelled sleep too).
        var goingToSleep = TaskMarks()
        /// Each sleep's timer, with the task that sleeps on it.
        var timerOwner: [UInt64: Int] = [:]

        func thread(_ id: UInt64) -> Int {
            if let index = threadIndex[id] { return index }
            threads.append(RuntimeTrace.ThreadLife(id: id, slices: []))
            runningOn.append([])
            threadIndex[id] = threads.count - 1
            return threads.count - 1
        }
        func task(_ id: UInt64, at time: Double) -> Int? {
            guard id != 0, !isTimer(id) else { return nil }
            if let index = taskIndex[id] { return index }
            let created = id == mainTask ? 0 : time
            let creator = about.creator[id] ?? about.firstEnqueuer[id].flatMap { low in
                // The enqueuing task's id is kept to 24 bits; the creator is
                // the one task seen so far whose id ends in them.
                taskIndex.keys.filter { $0 & 0xFF_FFFF == UInt64(low) && $0 != id }.max()
            }
            tasks.append(RuntimeTrace.TaskLife(id: id, created: created, segments: [], ending: .unfinished,
                                               name: about.name(of: id), creator: creator, structured: about.structured.contains(id)))
            taskIndex[id] = tasks.count - 1
            phase.append(nil)
            lastBegan.append(nil)
            return tasks.count - 1
        }
        func close(_ index: Int, at time: Double) {
            guard let current = phase[index] else { return }
            let segment: Segment
            switch current {
            case .running(let since, let thread, let main, let custom):
                segment = Segment(state: .running, start: since, end: time, thread: thread, onMain: main, custom: custom)
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
        // Where the program's `main` ran that job through `swift_job_run`,
        // its begin and end were recorded and nothing needs guessing.
        let firstJobRecorded = ordered.first { $0.task == mainTask && $0.kind != .created && $0.kind != .name }?.kind == .began
        var mainFirstJob: (index: Int, thread: Int, lastSeen: Double)?
        if !firstJobRecorded, let mainTask, let mainThread, let index = task(mainTask, at: 0) {
            let onThread = thread(mainThread)
            phase[index] = .running(since: 0, thread: onThread, main: true, custom: false)
            mainFirstJob = (index, onThread, 0)
        }

        /// When each task (by the low 24 bits of its id) last enqueued
        /// another: a completing task wakes its waiters.
        var lastWake: [UInt32: Double] = [:]
        for record in ordered where record.kind != .name {
            var time = seconds(record.time)
            if record.kind == .enqueued, record.other != 0 { lastWake[record.other] = time }
            // A task made for an executor of the program's own has no
            // enqueue record: from its creation it waits for that executor.
            if record.kind == .created {
                if taskIndex[record.task] == nil, let index = task(record.task, at: time) { phase[index] = .waiting(since: time) }
                continue
            }
            let onThread = thread(record.thread)
            if let first = mainFirstJob {
                if record.task == mainTask || (record.kind == .began && (onThread == first.thread || record.onMain)) {
                    // The main thread runs one job at a time: a job that was
                    // already waiting for it starts the moment the main
                    // task's first job ends.
                    // (On Linux the main queue is drained by whichever worker
                    // thread dispatch picks, so any main-actor job counts.)
                    var waitedForTheThread = false
                    if record.kind == .began, record.task != mainTask, record.onMain || onThread == first.thread,
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
                if record.kind == .delayed, isTimer(record.task), let runner = runningOn[onThread].last,
                   let sleeper = taskIndex[runner.task] {
                    goingToSleep.insert(sleeper)
                    timerOwner[record.task] = sleeper
                }
                guard let index = task(record.task, at: time) else { continue }
                // Enqueued from inside a sleep's timer job: it was sleeping.
                let byTimer = runningOn[onThread].last.map { isTimer($0.task) } ?? false
                if case .suspended(let since, let sleeping)? = phase[index] {
                    phase[index] = .suspended(since: since, sleeping: sleeping || byTimer)
                }
                if case .running? = phase[index] {
                    enqueuedWhileRunning.insert(index)
                    continue
                }
                // Already ready (its timer fired): it waits from then on.
                if case .waiting? = phase[index] { continue }
                close(index, at: time)
                phase[index] = .waiting(since: time)
            case .began:
                let main = record.onMain
                runningOn[onThread].append((record.task, time, main, record.custom, record.inside))
                // A timer that fires makes its sleeper ready, whether or not
                // an enqueue is seen: a task of the program's own executor
                // is enqueued where no record is made, and then waits for
                // that executor's thread (chapter 3's blocked loop).
                if let owner = timerOwner.removeValue(forKey: record.task), case .suspended(_, true)? = phase[owner] {
                    close(owner, at: time)
                    phase[owner] = .waiting(since: time)
                }
                guard let index = task(record.task, at: time) else { continue }
                close(index, at: time)
                phase[index] = .running(since: time, thread: onThread, main: main, custom: record.custom)
                lastBegan[index] = onThread
                // An enqueue made while its last job still ran is this job.
                enqueuedWhileRunning.remove(index)
                if record.cancelled { cancelledAtLastRun.insert(index) } else { cancelledAtLastRun.remove(index) }
            case .created, .name:
                continue
            case .finished:
                guard let top = runningOn[onThread].last, top.task == record.task else { continue }
                // A finish written at exit: the job ended when its task
                // completed, by the last wake it caused, if that came after
                // the job began.
                if record.writtenAtExit, let woke = lastWake[UInt32(truncatingIfNeeded: record.task) & 0xFF_FFFF], woke >= top.start {
                    time = woke
                }
                runningOn[onThread].removeLast()
                let visible = taskIndex[record.task]
                threads[onThread].slices.append(Slice(start: top.start, end: time, task: visible, onMain: top.main,
                                                      custom: top.custom, inside: top.inside))
                guard let index = visible else { continue }
                // The task began again on another thread before this one
                // got to record the end of the job it left there (its hop
                // was taken at once): what it did since stands.
                if lastBegan[index] != onThread { continue }
                // Cancelled while this job ran, and it ended there: the task
                // saw the cancellation and stopped.
                if record.cancelled { cancelledAtLastRun.insert(index) }
                if record.threw { threwAtLastFinish.insert(index) } else if record.returned { threwAtLastFinish.remove(index) }
                if record.threw || record.returned { completed.insert(index) }
                close(index, at: time)
                let sleeping = goingToSleep.remove(index) != nil
                let ready = enqueuedWhileRunning.remove(index) != nil || record.leftAtHop
                phase[index] = ready ? .waiting(since: time) : .suspended(since: time, sleeping: sleeping)
            }
        }
        if let first = mainFirstJob {
            threads[first.thread].slices.append(Slice(start: 0, end: endTime, task: first.index, onMain: true))
        }
        // Jobs still running at the end: blocked, spinning, or the main task's last.
        for (threadNumber, stack) in runningOn.enumerated() {
            for job in stack {
                threads[threadNumber].slices.append(Slice(start: job.start, end: endTime, task: taskIndex[job.task], onMain: job.main,
                                                          custom: job.custom, inside: job.inside))
            }
        }
        for index in tasks.indices {
            // A task asleep when the program ended never finished: the
            // process exited under it.
            if case .suspended(_, let sleeping)? = phase[index], completed.contains(index) || !sleeping && ranToCompletion,
               tasks[index].id != mainTask {
                tasks[index].ending = cancelledAtLastRun.contains(index) ? .cancelled
                    : threwAtLastFinish.contains(index) ? .threw : .finished
                tasks[index].completionSeen = completed.contains(index)
                continue
            }
            close(index, at: endTime)
            // The main task's last job ends the program.
            // (Cancelled by Ctrl-C, it still ends the program when it stops.)
            if ranToCompletion, tasks[index].id == mainTask {
                tasks[index].ending = cancelledAtLastRun.contains(index) ? .cancelled : .finished
            }
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
        var trace = RuntimeTrace(tasks: order.map { tasks[$0] }, threads: threads)
        trace.mainTask = mainTask
        return trace
    }
}

/// What creation and name records say about tasks, gathered before the
/// job records are walked (a task's creation record follows its first
/// enqueue: the wrapper records it once the runtime has made the task).
public struct TaskFacts: Sendable {
    var creator: [UInt64: UInt64] = [:]
    var structured: Set<UInt64> = []
    var firstEnqueuer: [UInt64: UInt32] = [:]
    private var chunks: [UInt64: [Int: [UInt8]]] = [:]
    private var named: Set<UInt64> = []

    public init() {}

    public mutating func note(_ record: TraceRecord) {
        guard record.task != 0 else { return }
        switch record.kind {
        case .created:
            if record.extra != 0, UInt64(record.extra) != record.task & 0xFFFF_FFFF {
                creator[record.task] = UInt64(record.extra)
            }
            if record.other & 1 != 0 { structured.insert(record.task) }
            if record.other & 4 != 0 { named.insert(record.task) }
        case .name:
            let index = Int(record.other & 0xFF), count = min(12, Int(record.other >> 8 & 0xFF))
            guard index < 8 else { return }
            var bytes = withUnsafeBytes(of: record.thread.littleEndian) { Array($0) }
            bytes += withUnsafeBytes(of: record.extra.littleEndian) { Array($0) }
            chunks[record.task, default: [:]][index] = Array(bytes.prefix(count))
        default:
            break
        }
    }

    /// A name whose chunks came whole, in order; a program writing records
    /// of its own gets at most 96 bytes of whatever it wrote, shown safely
    /// by the renderer like any name.
    public func name(of task: UInt64) -> String? {
        guard named.contains(task), let parts = chunks[task], !parts.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for index in 0..<8 {
            guard let part = parts[index] else { break }
            bytes += part
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.isEmpty ? nil : text
    }
}

/// What the trace says so far of tasks' creation order and names, read
/// while the program runs: the runtime gives task ids in the order it
/// creates tasks, and a sleep's timer (first seen as a delayed enqueue) is
/// not a task of the picture, nor is a named task numbered.
public struct LiveTraceIndex: Sendable {
    private var firstKind: [UInt64: TraceRecord.Kind] = [:]
    private var named: Set<UInt64> = []
    private var facts = TaskFacts()
    /// The task whose first job the program's `main` ran: an `@main`
    /// program's main task, which its start event cannot name.
    public private(set) var mainTask: UInt64?

    public init() {}

    /// Notes whole records up to the first slot of no known kind (not yet
    /// written); returns how many bytes it used.
    public mutating func note(_ bytes: UnsafeRawBufferPointer) -> Int {
        var base = 0
        while base + 32 <= bytes.count, TraceRecord.Kind(rawValue: bytes[base + 28]) != nil { base += 32 }
        var records: [TraceRecord] = [], empty = 0
        TraceRecord.decode(UnsafeRawBufferPointer(rebasing: bytes[0..<base]), into: &records, emptyRun: &empty)
        for record in records {
            switch record.kind {
            case .created, .name:
                if record.kind == .created, record.other & 4 != 0 { named.insert(record.task) }
                facts.note(record)
            default:
                if record.task != 0, firstKind[record.task] == nil { firstKind[record.task] = record.kind }
                if record.kind == .began, mainTask == nil, record.startedByMain { mainTask = record.task }
            }
        }
        return base
    }

    /// The label the report will give named task `id`: "fetcher #2" for
    /// the second task named "fetcher" to be created, whichever printed
    /// first. Nil when the trace has not (yet) recorded that name.
    public func label(ofNamed id: UInt64, name: String) -> String? {
        guard facts.name(of: id) == name else { return nil }
        let rank = named.filter { $0 <= id && facts.name(of: $0) == name }.count
        return rank <= 1 ? name : "\(name) #\(rank)"
    }

    /// The creation-order number of unnamed task `id` ("task 2" is 2):
    /// tasks of the picture, the main task aside, up to and including it.
    public func number(of id: UInt64, mainTask: UInt64?) -> Int {
        let main = mainTask ?? self.mainTask
        var count = firstKind[id] == nil ? 1 : 0
        for (task, kind) in firstKind where task <= id && kind != .delayed && task != main && !named.contains(task) { count += 1 }
        return count
    }
}

/// A set of task indices as one flag per index: the trace reader asks it
/// once or twice per record, of up to millions.
struct TaskMarks {
    private var marked: [Bool] = []

    mutating func insert(_ index: Int) {
        if index >= marked.count { marked += [Bool](repeating: false, count: index - marked.count + 1) }
        marked[index] = true
    }

    /// The index if it was marked, as `Set.remove` says.
    @discardableResult mutating func remove(_ index: Int) -> Int? {
        guard contains(index) else { return nil }
        marked[index] = false
        return index
    }

    func contains(_ index: Int) -> Bool { index < marked.count && marked[index] }
}

extension RuntimeTrace.State {
    /// How telling a state is where several share a column of the
    /// picture: running over waiting over sleeping over suspended.
    public var rank: Int {
        switch self {
        case .running: 3
        case .waiting: 2
        case .sleeping: 1
        case .suspended: 0
        }
    }
}

extension RuntimeTrace {
    /// For each of `width` columns spanning 0 to `span` seconds, the index
    /// of the segment drawn there: the first of the highest rank among the
    /// segments covering it (a short job still shows), -1 where none does.
    /// A time maps to the nearest column; NaN to the first, anything past
    /// the span to the last. Here, optimised, rather than in the renderer:
    /// a busy actor's benchmark gives a lane 200,000 segments.
    public static func columnWinners(_ segments: [Segment], span: Double, width: Int) -> [Int] {
        guard width > 0 else { return [] }
        let column = columnOf(span: span, width: width)
        var winner = [Int](repeating: -1, count: width)
        var rank = [Int](repeating: -1, count: width)
        for (index, segment) in segments.enumerated() {
            let level = segment.state.rank
            let from = column(segment.start), to = column(max(segment.start, segment.end))
            for position in from...max(from, to) where level > rank[position] {
                winner[position] = index
                rank[position] = level
            }
        }
        return winner
    }

    /// The column of a time: the nearest of `width` over 0 to `span`; NaN
    /// the first, anything past the span the last. The one mapping every
    /// part of the picture uses (the renderer's axis too).
    public static func column(of time: Double, span: Double, width: Int) -> Int {
        guard !time.isNaN, span > 0, width > 0 else { return 0 }
        let fraction = min(1, max(0, time / span))
        return min(width - 1, max(0, Int((fraction * Double(width - 1)).rounded())))
    }

    static func columnOf(span: Double, width: Int) -> (Double) -> Int {
        { column(of: $0, span: span, width: width) }
    }

    /// What a thread's lane shows in a column of the thread view.
    public enum ThreadColumn: Sendable, Equatable {
        case idle
        /// A job of no visible task: an actor's, a sleep's timer.
        case otherJob
        case mainActor
        /// The task at this index of ``tasks``.
        case task(Int)
        /// Jobs of several tasks.
        case several
    }

    /// The thread view's columns for one thread: a column holds one task's
    /// jobs, a main-actor job, another job, or several; a task's part
    /// inside an actor's job shows through that job.
    public static func threadColumns(_ slices: [Slice], span: Double, width: Int) -> [ThreadColumn] {
        guard width > 0 else { return [] }
        let column = columnOf(span: span, width: width)
        var cells = [ThreadColumn](repeating: .idle, count: width)
        for slice in slices {
            let mark: ThreadColumn = slice.onMain ? .mainActor : slice.task.map { .task($0) } ?? .otherJob
            let from = column(slice.start)
            for position in from...max(from, column(max(slice.start, slice.end))) {
                let cell = cells[position]
                if cell == .idle || cell == mark || cell == .otherJob { cells[position] = mark }
                else if mark != .otherJob { cells[position] = .several }
            }
        }
        return cells
    }
}
