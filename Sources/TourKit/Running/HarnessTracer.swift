/// The second Swift file compiled beside every snippet: executors that
/// record every job of the program.
///
/// It is compiled once per toolchain, optimised, as the module
/// `AsyncTourTracer`, and its object linked into every snippet. An ELF
/// constructor installs the executors with `_createExecutors(factory:)` (an
/// SPI of Swift 6.2+) before `main`: in 6.3.1 the compiler does not pick up
/// a `DefaultExecutorFactory` of the main module by itself. They hand each job to the same libdispatch queues
/// the runtime's own default executors use (a concurrent queue per
/// priority whose width is the logical CPU count, targeting the global
/// queue of that QoS; the main queue for the main actor), and run it
/// between two timestamps. The records go to a shared memory file the tour
/// hands over as fd 4, so they survive a crash of the program.
///
/// A record is 32 bytes: time (ns, CLOCK_MONOTONIC), task id
/// (`swift_task_getJobTaskId`, 0 for a job that is not a task's, such as
/// an actor's), thread (`pthread_self`), a 32-bit extra, the kind, and 24
/// bits of "other":
/// - `E` enqueued (extra bit 0: on the main actor; other: the low 24 bits
///   of the id of the task that enqueued it, 0 outside any task)
/// - `D` enqueued to run after a delay (extra: the delay in µs): the timer
///   of a `Task.sleep`
/// - `B` and `F`: the job began and finished running (extra bit 0: on the
///   main actor; bit 1: the task was cancelled by then; bit 2: run by an
///   executor of the program's own, through `runSynchronously(on:)`;
///   bit 6: the program's `main` ran it on the main actor's executor, so
///   it is the main task's first job; of
///   `F` only, bit 3: the task completed in this job and returned, bit 4:
///   it completed by throwing, bit 5: written at exit for a thread that
///   had not yet recorded it; bit 7: a part of the task inside another
///   job, an actor's (see `switchSource`); of `F` only, bit 8: it ended at
///   a hop onto an executor that could not take the task at once)
/// - `C` a task was created (extra: the creating task's id, 0 outside any
///   task; other bit 0: a structured child, of a group or `async let`;
///   bit 1: detached; bit 2: it has a name)
/// - `N` twelve bytes of a task's name, in the thread and extra fields
///   (other: the chunk's index, and its length shifted by 8)
/// Record 0 is the header: "ATTRACE1", then 1 once the executors are in,
/// then 1 if the program installed executors of its own afterwards, then
/// 1 if tasks' outcomes can be read (the future layout checked right at a
/// creation) or 2 if that check failed.
///
/// Runtime entry points are wrapped at link time (`--wrap`), so only
/// calls from the program's own code reach the wrappers: task creation
/// (names and creators come from its option records, which are ABI: the
/// caller builds them), running a job (the jobs of a custom executor),
/// installing executors (a program that installs its own ends the trace),
/// and hopping between executors (in C: see `switchSource`).
enum HarnessTracer {
    static let fileName = "AsyncTourTracer.swift"
    static let moduleName = "AsyncTourTracer"
    /// The runtime entry points the tracer wraps, for the linker's `--wrap`.
    static let wrappedSymbols = ["swift_task_create", "swift_job_run", "swift_job_run_on_task_executor",
                                 "swift_job_run_on_serial_and_task_executor", "swift_createExecutors", "swift_task_switch"]
    static var linkerFlags: [String] { wrappedSymbols.flatMap { ["-Xlinker", "--wrap=" + $0] } }

    /// The tracer's file: the recording executors, and the harness's
    /// runtime, compiled with them so that both are optimised.
    static var source: String { executors + Harness.runtime }

    /// The C half of the tracer: the wrapper of `swift_task_switch`, which
    /// is a `swiftasync` function Swift cannot declare, and its trampoline.
    /// Compiled by the toolchain's clang and linked into one object with
    /// the Swift half. Its state is per thread:
    /// - the task whose own job the thread runs (set around every job);
    /// - the task whose part it runs inside another job (an actor's), held
    ///   by the Swift half until the part ends;
    /// - a hop that task made and when: if the task goes on at once on
    ///   this thread it was nothing, otherwise its part ended there;
    /// - a hop the job's own task made: if the job ends before the task
    ///   resumes here, it left the job waiting for another executor.
    /// Every `return` of a swiftasync call is a guaranteed tail call.
    static let switchFileName = "AsyncTourSwitch.c"
    static let switchSource = #"""
    #include <stdbool.h>
    #include <stdint.h>
    #include <stdatomic.h>
    #include <stddef.h>
    #include <time.h>
    #include <pthread.h>

    #define AT_ASYNC __attribute__((swiftasynccall))
    #define AT_CONTEXT __attribute__((swift_async_context))
    typedef AT_ASYNC void (*at_resume)(void *AT_CONTEXT);

    extern AT_ASYNC void __real_swift_task_switch(void *AT_CONTEXT context, at_resume resume,
                                                  void *identity, uintptr_t implementation);
    /* No arguments and a pointer back: the Swift and C conventions agree. */
    extern void *swift_task_getCurrent(void);
    extern void *malloc(size_t);
    extern void free(void *);
    extern bool _at_switch_tracing(void);
    extern void _at_part_begin(void *task);
    extern void _at_part_end(void *task, uint64_t time, bool at_hop, bool release);

    /* The trampoline's context: shaped as an async context whose parent is
       the hopping function's and whose resume function is the one it
       passed, so whatever walks contexts still finds the real frame. */
    struct at_context {
        void *parent;
        at_resume resume_parent;
    };

    /* Each thread's open part, where the exit hook can claim it: whoever
       takes the task out of the slot writes the part's end. */
    #define AT_SLOTS 512
    static _Atomic(void *) at_slots[AT_SLOTS];
    static uint64_t at_slot_threads[AT_SLOTS];
    static atomic_int at_slot_count;
    static _Thread_local int at_slot = -1;
    static _Atomic(void *) *at_my_slot(void) {
        if (at_slot == -1) {
            int next = atomic_fetch_add_explicit(&at_slot_count, 1, memory_order_relaxed);
            at_slot = next < AT_SLOTS ? next : -2;
            if (at_slot >= 0) at_slot_threads[at_slot] = (uint64_t)pthread_self();
        }
        return at_slot >= 0 ? &at_slots[at_slot] : NULL;
    }
    /* Called at exit: the tasks of the parts still open, claimed. */
    int _at_claim_open_parts(void **tasks, uint64_t *threads, int capacity) {
        int count = 0;
        int slots = atomic_load_explicit(&at_slot_count, memory_order_relaxed);
        for (int index = 0; index < slots && index < AT_SLOTS && count < capacity; index++) {
            void *task = atomic_exchange_explicit(&at_slots[index], NULL, memory_order_acq_rel);
            if (task) {
                threads[count] = at_slot_threads[index];
                tasks[count++] = task;
            }
        }
        return count;
    }

    static _Thread_local void *at_job_task;
    static _Thread_local void *at_part;
    static _Thread_local void *at_hop;
    static _Thread_local uint64_t at_hop_time;
    static _Thread_local void *at_job_hop;
    static atomic_int at_tracing = -1;

    static uint64_t at_now(void) {
        struct timespec spec;
        clock_gettime(CLOCK_MONOTONIC, &spec);
        return (uint64_t)spec.tv_sec * 1000000000u + (uint64_t)spec.tv_nsec;
    }
    static bool at_on(void) {
        int on = atomic_load_explicit(&at_tracing, memory_order_relaxed);
        if (on < 0) {
            on = _at_switch_tracing() ? 1 : 0;
            atomic_store_explicit(&at_tracing, on, memory_order_relaxed);
        }
        return on == 1;
    }
    /* The part this thread was running ends, before anything else it does.
       If the exit hook claimed it first, the hook writes the end, and the
       task is left held: the hook may still be reading it. */
    static void at_settle(void) {
        if (at_part) {
            _Atomic(void *) *slot = at_my_slot();
            bool mine = slot == NULL || atomic_exchange_explicit(slot, NULL, memory_order_acq_rel) != NULL;
            if (mine) _at_part_end(at_part, at_hop ? at_hop_time : 0, at_hop != NULL, true);
        }
        at_hop = NULL;
        at_part = NULL;
    }
    static void at_begin_part(void *task) {
        at_settle();
        at_part = task;
        _at_part_begin(task);
        _Atomic(void *) *slot = at_my_slot();
        if (slot) atomic_store_explicit(slot, task, memory_order_release);
    }

    /* Around every job the recording executors run. */
    void *_at_switch_job_begin(void *task) {
        at_settle();
        void *outer = at_job_task;
        at_job_task = task;
        at_job_hop = NULL;
        return outer;
    }
    bool _at_switch_job_end(void *task, void *outer) {
        at_settle();
        bool left = task != NULL && at_job_hop == task;
        at_job_hop = NULL;
        at_job_task = outer;
        return left;
    }

    static AT_ASYNC void at_resumed(void *AT_CONTEXT context) {
        struct at_context *hop = context;
        void *parent = hop->parent;
        at_resume resume = hop->resume_parent;
        free(hop);
        void *task = swift_task_getCurrent();
        if (task == at_job_task) {
            at_job_hop = NULL;             /* on in its own job */
        } else if (task == at_hop) {
            at_hop = NULL;                 /* on at once, in the part it ran */
        } else {
            at_begin_part(task);           /* inside another job: an actor's */
        }
        return resume(parent);
    }

    AT_ASYNC void __wrap_swift_task_switch(void *AT_CONTEXT context, at_resume resume,
                                           void *identity, uintptr_t implementation) {
        if (!at_on()) return __real_swift_task_switch(context, resume, identity, implementation);
        void *task = swift_task_getCurrent();
        if (task != NULL && task == at_job_task) {
            at_job_hop = task;
        } else if (task != NULL) {
            /* A part whose start was not seen (a job queued on the actor
               directly): it is running now. */
            if (task != at_part) at_begin_part(task);
            at_hop = task;
            at_hop_time = at_now();
        }
        struct at_context *hop = task ? malloc(sizeof *hop) : NULL;
        if (hop == NULL) return __real_swift_task_switch(context, resume, identity, implementation);
        hop->parent = context;
        hop->resume_parent = resume;
        return __real_swift_task_switch(hop, at_resumed, identity, implementation);
    }
    """#

    static let executors = #"""
    @_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency
    #if canImport(Glibc)
    import Glibc
    #elseif canImport(Darwin)
    import Darwin
    #endif
    import Synchronization

    // ---- dispatch through dlsym: no Dispatch overlay types cross here
    private typealias _ATQueue = OpaquePointer
    private typealias _ATWork = @convention(c) (UnsafeMutableRawPointer?) -> Void
    nonisolated(unsafe) private let _atLib = dlopen(nil, RTLD_NOW)
    private func _atSym<T>(_ name: String, _ type: T.Type) -> T? {
        guard let pointer = dlsym(_atLib, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }
    private struct _ATDispatch {
        let create: @convention(c) (UnsafePointer<CChar>?, UnsafeRawPointer?) -> _ATQueue?
        let setWidth: @convention(c) (_ATQueue, Int) -> Void
        let setTarget: @convention(c) (_ATQueue, _ATQueue?) -> Void
        let global: @convention(c) (Int, UInt) -> _ATQueue?
        let async: @convention(c) (_ATQueue, UnsafeMutableRawPointer?, _ATWork) -> Void
        let after: @convention(c) (UInt64, _ATQueue, UnsafeMutableRawPointer?, _ATWork) -> Void
        let time: @convention(c) (UInt64, Int64) -> UInt64
        let main: () -> Void
        let assertQueue: @convention(c) (_ATQueue) -> Void
        let mainQueue: _ATQueue
        let concurrent: UnsafeRawPointer

        init?() {
            guard let create = _atSym("dispatch_queue_create", (@convention(c) (UnsafePointer<CChar>?, UnsafeRawPointer?) -> _ATQueue?).self),
                  let setWidth = _atSym("dispatch_queue_set_width", (@convention(c) (_ATQueue, Int) -> Void).self),
                  let setTarget = _atSym("dispatch_set_target_queue", (@convention(c) (_ATQueue, _ATQueue?) -> Void).self),
                  let global = _atSym("dispatch_get_global_queue", (@convention(c) (Int, UInt) -> _ATQueue?).self),
                  let async = _atSym("dispatch_async_f", (@convention(c) (_ATQueue, UnsafeMutableRawPointer?, _ATWork) -> Void).self),
                  let after = _atSym("dispatch_after_f", (@convention(c) (UInt64, _ATQueue, UnsafeMutableRawPointer?, _ATWork) -> Void).self),
                  let time = _atSym("dispatch_time", (@convention(c) (UInt64, Int64) -> UInt64).self),
                  let main = _atSym("dispatch_main", (@convention(c) () -> Void).self),
                  let assertQueue = _atSym("dispatch_assert_queue", (@convention(c) (_ATQueue) -> Void).self),
                  let mainQueue = dlsym(_atLib, "_dispatch_main_q"),
                  let concurrent = dlsym(_atLib, "_dispatch_queue_attr_concurrent") else { return nil }
            (self.create, self.setWidth, self.setTarget, self.global, self.async, self.after, self.time) =
                (create, setWidth, setTarget, global, async, after, time)
            self.main = { main() }
            self.assertQueue = assertQueue
            self.mainQueue = OpaquePointer(mainQueue)
            self.concurrent = UnsafeRawPointer(concurrent)
        }
    }
    nonisolated(unsafe) private let _atDispatch = _ATDispatch()

    // ---- the trace file
    // The tour hands a memory file over as the descriptor named by
    // ASYNC_TOUR_TRACE_FD. Mapped shared, what is written survives a crash.
    nonisolated(unsafe) private let _atMapping: (base: UnsafeMutableRawPointer, capacity: Int)? = {
        guard let raw = getenv("ASYNC_TOUR_TRACE_FD"), let fd = Int32(String(cString: raw)) else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 4096 else { return nil }
        let map = mmap(nil, Int(info.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        close(fd)
        guard let map, map != MAP_FAILED else { return nil }
        return (map, Int(info.st_size) / 32 - 1)
    }()
    nonisolated(unsafe) private let _atTrace = _atMapping?.base
    private let _atCapacity = _atMapping?.capacity ?? 0
    private let _atNext = Atomic<Int>(0)
    @inline(__always) private func _atNow() -> UInt64 {
        var spec = timespec(); clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
    @inline(__always) private func _atThread() -> UInt64 {
        UInt64(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self())))))
    }
    /// The kind goes in last, with the 24 bits of "other", in one store: a
    /// record whose kind is set is whole.
    @inline(__always) private func _atRecord(_ kind: UInt8, _ task: UInt64, _ extra: UInt32, other: UInt32 = 0,
                                             thread: UInt64 = _atThread(), time: UInt64 = 0) {
        guard let base = _atTrace else { return }
        let index = _atNext.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < _atCapacity else { return }
        let record = base + 32 * (index + 1)
        record.storeBytes(of: time == 0 ? _atNow() : time, toByteOffset: 0, as: UInt64.self)
        record.storeBytes(of: task, toByteOffset: 8, as: UInt64.self)
        record.storeBytes(of: thread, toByteOffset: 16, as: UInt64.self)
        record.storeBytes(of: extra, toByteOffset: 24, as: UInt32.self)
        record.storeBytes(of: UInt32(kind) | (other & 0xFF_FFFF) << 8, toByteOffset: 28, as: UInt32.self)
    }

    @_silgen_name("__real_swift_job_run") private func _atJobRun(_ job: UnownedJob, _ executor: UnownedSerialExecutor)
    @_silgen_name("swift_task_getJobTaskId") private func _atJobTaskId(_ job: UnownedJob) -> UInt64
    // Through dlsym: the standard library declares these under other types.
    // Both take at most one pointer and return a word, where the Swift and
    // C calling conventions agree.
    private let _atCurrentTask = _atSym("swift_task_getCurrent", (@convention(c) () -> UnsafeMutableRawPointer?).self)
    private let _atIsCancelledFunction = _atSym("swift_task_isCancelled", (@convention(c) (UnsafeMutableRawPointer) -> Bool).self)
    @inline(__always) private func _atIsCancelled(_ job: UnownedJob) -> Bool {
        _atIsCancelledFunction?(unsafeBitCast(job, to: UnsafeMutableRawPointer.self)) ?? false
    }
    private let _atGeneric = unsafeBitCast((UnsafeRawPointer?.none, UInt(0)), to: UnownedSerialExecutor.self)

    @inline(__always) private func _atCurrentTaskId() -> UInt64 {
        _atCurrentTask?().map { _atJobTaskId(unsafeBitCast($0, to: UnownedJob.self)) } ?? 0
    }
    /// A task's job carries its task, alive while the job is: whether it
    /// was cancelled can be asked before it runs.
    @inline(__always) private func _atCancelledFlag(_ job: UnownedJob, _ task: UInt64) -> UInt32 {
        task != 0 && _atIsCancelled(job) ? 2 : 0
    }

    // ---- how a task ended: its future's status
    // A task's future fragment follows the task object (208 bytes on a
    // 64-bit Linux runtime of 6.2 and 6.3), its child fragment (16) and its
    // group-child fragment (8), as the job flags say (bit 24 child, 25
    // future, 26 group child). Its first word is the status once the task
    // has completed: exactly 1 (returned) or 2 (threw); its second is the
    // result type the creator passed. That layout is private, so it is
    // checked at every creation the program makes, against the result type
    // it passed (the status word may already have moved on: another
    // thread can run a new task to its end before the wrapper looks): one
    // mismatch turns outcomes off for the run (header byte 10: 1 checked
    // and right, 2 wrong).
    private let _atLayout = Atomic<UInt8>(0)
    @inline(__always) private func _atFutureOffset(_ task: UnsafeRawPointer) -> Int? {
        #if os(Linux) && arch(x86_64) || os(Linux) && arch(arm64)
        let flags = task.load(fromByteOffset: 32, as: UInt32.self)
        guard flags & (1 << 25) != 0 else { return nil }
        return 208 + (flags & (1 << 24) != 0 ? 16 : 0) + (flags & (1 << 26) != 0 ? 8 : 0)
        #else
        return nil
        #endif
    }
    @inline(__always) private func _atCheckLayout(_ job: UnownedJob, resultType: UnsafeRawPointer?) {
        guard _atLayout.load(ordering: .relaxed) != 2, let base = _atTrace else { return }
        let task = unsafeBitCast(job, to: UnsafeRawPointer.self)
        guard let offset = _atFutureOffset(task) else { return }
        // Only the result type: the status may already have changed, since
        // the runtime enqueues a new task before returning it, and another
        // thread can run it to its end meanwhile.
        let right = task.load(fromByteOffset: offset + 8, as: UnsafeRawPointer?.self) == resultType
        let verdict: UInt8 = right ? 1 : 2
        if right {
            guard _atLayout.compareExchange(expected: 0, desired: 1, ordering: .relaxed).exchanged else { return }
        } else {
            _atLayout.store(2, ordering: .relaxed)
        }
        base.storeBytes(of: verdict, toByteOffset: 10, as: UInt8.self)
    }
    /// 8 when the task's future says it returned, 16 when it threw, 0 while
    /// it has not completed or when the layout is not known.
    @inline(__always) private func _atOutcomeFlag(_ job: UnownedJob) -> UInt32 {
        guard _atLayout.load(ordering: .relaxed) == 1 else { return 0 }
        let task = unsafeBitCast(job, to: UnsafeRawPointer.self)
        guard let offset = _atFutureOffset(task) else { return 0 }
        switch task.load(fromByteOffset: offset, as: UInt.self) {
        case 1: return 8
        case 2: return 16
        default: return 0
        }
    }

    /// Runs a job between its B and F records. A task's job is held (one
    /// retain) while it runs, so whether the task was cancelled can still
    /// be asked when it ends: a task that stops itself on cancellation does
    /// so in the job that was running when it was cancelled.
    @inline(__always) private func _atRecorded(_ job: UnownedJob, flags: UInt32, _ run: () -> Void) {
        let task = _atJobTaskId(job)
        let pointer = task == 0 ? nil : unsafeBitCast(job, to: UnsafeMutableRawPointer.self)
        // What a task ran inside the job before (an actor's part) ends here.
        let outer = _atSwitchJobBegin(pointer)
        _atRecord(66 /* B */, task, flags | _atCancelledFlag(job, task))
        guard task != 0 else {
            run()
            _ = _atSwitchJobEnd(pointer, outer)
            _atRecord(70 /* F */, task, flags)
            return
        }
        let held = Unmanaged<AnyObject>.fromOpaque(unsafeBitCast(job, to: UnsafeRawPointer.self)).retain()
        let thread = _atThread()
        // By job and thread: a task that suspends can already run again on
        // another thread before this one has returned from its job.
        let key = _ATRunning(job: UInt(bitPattern: unsafeBitCast(job, to: Int.self)), thread: thread)
        // A job can run the same task's next job inside it, on this thread
        // (an executor whose enqueue runs the job at once): the outer one's
        // entry is put back when the inner one ends, so both get their `F`.
        let outerEntry = _atInFlight.withLock { jobs in
            defer { jobs[key] = (task, flags) }
            return jobs[key]
        }
        run()
        // Left at a hop onto an executor that could not take it at once (a
        // busy actor): from here it is ready, waiting for that executor.
        let leftAtHop: UInt32 = _atSwitchJobEnd(pointer, outer) ? 256 : 0
        // Still held: a task that completed in this job is still there to
        // be asked how.
        let finished = _atInFlight.withLock { jobs in
            defer { if let outerEntry { jobs[key] = outerEntry } }
            return jobs.removeValue(forKey: key) != nil
        }
        if finished {
            _atRecord(70 /* F */, task, flags | _atCancelledFlag(job, task) | _atOutcomeFlag(job) | leftAtHop, thread: thread)
        }
        held.release()
    }

    // ---- a task's parts inside another job: hops onto actors
    // A default actor runs the jobs queued on it inside a job of its own,
    // through the runtime's internal run function, so they never reach
    // these executors. `swift_task_switch` (the hop compiled into the
    // program's code) is wrapped in C, in the swiftasync convention (see
    // `HarnessTracer.switchSource`): the task resumes through a trampoline
    // that says where. A resume inside a job that is not the task's own
    // begins a part (`B` with bit 7), which ends at the next thing its
    // thread does (`F` with bit 7; bit 8 when it ended at a hop that could
    // not go on at once). A hop that goes on at once, inside the job it
    // began in, records nothing.
    @_silgen_name("_at_switch_job_begin") private func _atSwitchJobBegin(_ task: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?
    @_silgen_name("_at_switch_job_end") private func _atSwitchJobEnd(_ task: UnsafeMutableRawPointer?, _ outer: UnsafeMutableRawPointer?) -> Bool

    @_cdecl("_at_switch_tracing") public func _atSwitchTracing() -> Bool { _atTrace != nil }
    @_silgen_name("_at_claim_open_parts")
    private func _atClaimOpenParts(_ tasks: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ threads: UnsafeMutablePointer<UInt64>,
                                   _ capacity: Int32) -> Int32
    /// A part holds its task (one retain) until it ends, so how the task
    /// ended can still be read then.
    @_cdecl("_at_part_begin") public func _atPartBegin(_ task: UnsafeMutableRawPointer) {
        let job = unsafeBitCast(task, to: UnownedJob.self)
        let id = _atJobTaskId(job)
        _ = Unmanaged<AnyObject>.fromOpaque(task).retain()
        _atRecord(66 /* B */, id, 128 | _atCancelledFlag(job, id))
    }
    @_cdecl("_at_part_end") public func _atPartEnd(_ task: UnsafeMutableRawPointer, _ time: UInt64, _ atHop: Bool, _ release: Bool) {
        let job = unsafeBitCast(task, to: UnownedJob.self)
        let id = _atJobTaskId(job)
        _atRecord(70 /* F */, id, 128 | (atHop ? 256 : 0) | _atCancelledFlag(job, id) | _atOutcomeFlag(job), time: time)
        if release { Unmanaged<AnyObject>.fromOpaque(task).release() }
    }

    /// Tasks' jobs running now, by job: a task that completes wakes the
    /// task awaiting it, which may end the program before this thread
    /// records the finish. At exit, the finish of every job whose task has
    /// completed is written on its thread's behalf (extra bit 5: written
    /// at exit, so its time is not the job's end), and the thread, if it
    /// gets that far, writes none.
    private struct _ATRunning: Hashable {
        let job: UInt
        let thread: UInt64
    }
    private let _atInFlight = Mutex<[_ATRunning: (task: UInt64, flags: UInt32)]>([:])
    private func _atFinishAtExit() {
        // Under the lock: a job's thread cannot let go of its task (it
        // takes the lock first) while its state is read here.
        _atInFlight.withLock { jobs in
            for (key, job) in jobs {
                let unowned = unsafeBitCast(Int(bitPattern: key.job), to: UnownedJob.self)
                let outcome = _atOutcomeFlag(unowned)
                guard outcome != 0 else { continue }
                _atRecord(70 /* F */, job.task, job.flags | _atCancelledFlag(unowned, job.task) | outcome | 32, thread: key.thread)
            }
            jobs.removeAll()
        }
        // Parts still open on other threads (an actor's job that completed
        // a task): claimed, so their threads write nothing more of them.
        // Their end is not known, so it is written only for a task that
        // completed, at exit (extra bit 5), and the task stays held.
        var open = [UnsafeMutableRawPointer?](repeating: nil, count: 512)
        var threads = [UInt64](repeating: 0, count: 512)
        let count = Int(_atClaimOpenParts(&open, &threads, 512))
        for (task, thread) in zip(open.prefix(count), threads) {
            guard let task else { continue }
            let job = unsafeBitCast(task, to: UnownedJob.self)
            let outcome = _atOutcomeFlag(job)
            guard outcome != 0 else { continue }
            let id = _atJobTaskId(job)
            _atRecord(70 /* F */, id, 128 | 32 | _atCancelledFlag(job, id) | outcome, thread: thread)
        }
    }

    private func _atRunGlobal(_ context: UnsafeMutableRawPointer?) {
        let job = unsafeBitCast(context, to: UnownedJob.self)
        _atRecorded(job, flags: 0) { _atJobRun(job, _atGeneric) }
    }
    private func _atRunMain(_ context: UnsafeMutableRawPointer?) {
        let job = unsafeBitCast(context, to: UnownedJob.self)
        _atRecorded(job, flags: 1) { _atJobRun(job, MainActor.sharedUnownedExecutor) }
    }

    // ---- wrapped entry points (the linker sends the program's calls here)

    /// A job run by an executor of the program's own.
    /// The program's `main` runs the main task's first job this way too,
    /// on the main actor's executor: that one is marked as the main actor's.
    @_silgen_name("__wrap_swift_job_run")
    public func _atWrappedJobRun(_ job: UnownedJob, _ executor: UnownedSerialExecutor) {
        let identity = unsafeBitCast(executor, to: (UInt, UInt).self).0
        // On the main actor's executor this is the main task's first job,
        // run by the program's `main` (bit 6 marks it: an `@main` program
        // starts the clock before that task exists).
        let where_: UInt32 = identity == unsafeBitCast(MainActor.sharedUnownedExecutor, to: (UInt, UInt).self).0 ? 1 | 64
            : identity == 0 ? 0 : 4
        if where_ & 64 != 0 { _asyncTourMainTaskEvent(_atJobTaskId(job)) }
        _atRecorded(job, flags: where_) { _atJobRun(job, executor) }
    }

    @_silgen_name("__real_swift_job_run_on_task_executor")
    private func _atJobRunOnTaskExecutor(_ job: UnownedJob, _ executor: UnownedTaskExecutor)
    @_silgen_name("__real_swift_job_run_on_serial_and_task_executor")
    private func _atJobRunOnBoth(_ job: UnownedJob, _ serial: UnownedSerialExecutor, _ executor: UnownedTaskExecutor)

    /// A job run by a task executor of the program's own.
    @_silgen_name("__wrap_swift_job_run_on_task_executor")
    public func _atWrappedJobRunOnTaskExecutor(_ job: UnownedJob, _ executor: UnownedTaskExecutor) {
        _atRecorded(job, flags: 4) { _atJobRunOnTaskExecutor(job, executor) }
    }
    @_silgen_name("__wrap_swift_job_run_on_serial_and_task_executor")
    public func _atWrappedJobRunOnBoth(_ job: UnownedJob, _ serial: UnownedSerialExecutor, _ executor: UnownedTaskExecutor) {
        _atRecorded(job, flags: 4) { _atJobRunOnBoth(job, serial, executor) }
    }

    @_silgen_name("__real_swift_task_create")
    private func _atCreate(_ flags: Int, _ options: UnsafeRawPointer?, _ resultType: UnsafeRawPointer?,
                           _ entry: UnsafeRawPointer?, _ context: UnsafeRawPointer?) -> (UnownedJob, UnsafeMutableRawPointer)

    /// Creates the task, then records who made it and its name, read from
    /// the option records the caller built: kind 1 is a task group, 7 a
    /// name (a C string after the record's flags and next pointer).
    @_silgen_name("__wrap_swift_task_create")
    public func _atWrappedCreate(_ flags: Int, _ options: UnsafeRawPointer?, _ resultType: UnsafeRawPointer?,
                                 _ entry: UnsafeRawPointer?, _ context: UnsafeRawPointer?) -> (UnownedJob, UnsafeMutableRawPointer) {
        let made = _atCreate(flags, options, resultType, entry, context)
        guard _atTrace != nil else { return made }
        _atCheckLayout(made.0, resultType: resultType)
        let task = _atJobTaskId(made.0)
        let creator = _atCurrentTaskId()
        var other: UInt32 = creator == 0 ? 2 : 0
        var name: UnsafePointer<CChar>?
        var option = options
        var seen = 0
        while let record = option, seen < 16 {
            switch record.load(as: UInt.self) & 0xFF {
            case 1: other = (other & ~2) | 1
            case 7: name = record.load(fromByteOffset: 16, as: UnsafePointer<CChar>?.self)
            default: break
            }
            option = record.load(fromByteOffset: 8, as: UnsafeRawPointer?.self)
            seen += 1
        }
        if let name {
            other |= 4
            let length = min(strlen(name), 96)
            var chunk = 0
            while chunk * 12 < length {
                var bytes: (UInt64, UInt32) = (0, 0)
                let count = min(12, length - chunk * 12)
                withUnsafeMutableBytes(of: &bytes) { buffer in
                    for offset in 0..<count { buffer[offset] = UInt8(bitPattern: name[chunk * 12 + offset]) }
                }
                _atRecord(78 /* N */, task, bytes.1, other: UInt32(chunk) | UInt32(count) << 8, thread: bytes.0)
                chunk += 1
            }
        }
        _atRecord(67 /* C */, task, UInt32(truncatingIfNeeded: creator), other: other)
        return made
    }

    nonisolated(unsafe) private var _atInstalling = false
    @_silgen_name("__real_swift_createExecutors")
    private func _atCreateExecutors(_ factory: UnsafeRawPointer, _ type: UnsafeRawPointer, _ conformance: UnsafeRawPointer)
    /// A program that installs executors of its own takes the jobs away
    /// from the recording ones: the header says so, and the tour falls back
    /// to the print timeline.
    @_silgen_name("__wrap_swift_createExecutors")
    public func _atWrappedCreateExecutors(_ factory: UnsafeRawPointer, _ type: UnsafeRawPointer, _ conformance: UnsafeRawPointer) {
        if !_atInstalling, let base = _atTrace { base.storeBytes(of: UInt8(1), toByteOffset: 9, as: UInt8.self) }
        _atCreateExecutors(factory, type, conformance)
    }

    private final class _ATQueues: @unchecked Sendable {
        let lock = Mutex<[UInt8: _ATQueue]>([:])
        func queue(_ priority: UInt8) -> _ATQueue {
            lock.withLock { queues in
                if let queue = queues[priority] { return queue }
                let d = _atDispatch!
                let qos: Int = priority >= 0x21 ? 0x21 : priority >= 0x19 ? 0x19 : priority >= 0x15 || priority == 0 ? 0x15 : priority >= 0x11 ? 0x11 : 0x09
                let queue = d.create("Swift global concurrent queue", d.concurrent)!
                d.setTarget(queue, d.global(qos, 0))
                d.setWidth(queue, -3)
                queues[priority] = queue
                return queue
            }
        }
    }
    private let _atQueues = _ATQueues()

    private func _atDelay<C: Clock>(_ instant: C.Instant, _ clock: C) -> Int64 {
        let delay: Duration
        if let at = instant as? ContinuousClock.Instant { delay = ContinuousClock.now.duration(to: at) }
        else if let at = instant as? SuspendingClock.Instant { delay = SuspendingClock.now.duration(to: at) }
        else if let other = clock.now.duration(to: instant) as? Duration { delay = other }
        else { delay = .zero }
        let (seconds, attoseconds) = delay.components
        guard seconds >= 0 else { return 0 }
        return seconds > 1_000_000_000 ? Int64.max / 2 : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    final class _AsyncTourGlobalExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
        func enqueue(_ job: consuming ExecutorJob) {
            let priority = job.priority.rawValue
            let unowned = UnownedJob(job)
            _atRecord(69 /* E */, _atJobTaskId(unowned), 0, other: UInt32(truncatingIfNeeded: _atCurrentTaskId()))
            _atDispatch!.async(_atQueues.queue(priority), unsafeBitCast(unowned, to: UnsafeMutableRawPointer.self), _atRunGlobal)
        }
        var isMainExecutor: Bool { false }
        func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
            let priority = job.priority.rawValue
            let unowned = UnownedJob(job)
            let delay = _atDelay(instant, clock)
            _atRecord(68 /* D */, _atJobTaskId(unowned), UInt32(min(delay / 1000, Int64(UInt32.max))))
            let d = _atDispatch!
            d.after(d.time(0, delay), _atQueues.queue(priority), unsafeBitCast(unowned, to: UnsafeMutableRawPointer.self), _atRunGlobal)
        }
    }
    final class _AsyncTourMainExecutor: MainExecutor, SchedulingExecutor, @unchecked Sendable {
        func run() throws { _atDispatch!.main() }
        func stop() { fatalError("the main executor cannot be stopped") }
        func enqueue(_ job: consuming ExecutorJob) {
            let unowned = UnownedJob(job)
            _atRecord(69, _atJobTaskId(unowned), 1, other: UInt32(truncatingIfNeeded: _atCurrentTaskId()))
            _atDispatch!.async(_atDispatch!.mainQueue, unsafeBitCast(unowned, to: UnsafeMutableRawPointer.self), _atRunMain)
        }
        var isMainExecutor: Bool { true }
        func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
            let unowned = UnownedJob(job)
            let delay = _atDelay(instant, clock)
            _atRecord(68, _atJobTaskId(unowned), UInt32(min(delay / 1000, Int64(UInt32.max))) | 0)
            let d = _atDispatch!
            d.after(d.time(0, delay), d.mainQueue, unsafeBitCast(unowned, to: UnsafeMutableRawPointer.self), _atRunMain)
        }
        /// `MainActor.assumeIsolated` off the main queue must trap, as it
        /// does with the runtime's own main executor.
        func checkIsolated() { _atDispatch!.assertQueue(_atDispatch!.mainQueue) }
    }
    struct _AsyncTourExecutorFactory: ExecutorFactory {
        static let mainExecutor: any MainExecutor = _AsyncTourMainExecutor()
        static let defaultExecutor: any TaskExecutor = _AsyncTourGlobalExecutor()
    }
    /// Installs the recording executors before `main` runs (an ELF
    /// constructor), so the main task's very first job already runs on them
    /// and `Task.immediate` from top-level code finds the main actor's
    /// executor it expects. Without a trace file it does nothing.
    #if os(Linux)
    @used @section(".init_array") let _asyncTourTracerStart: @convention(c) () -> Void = { _asyncTourInstallTracer() }
    #endif

    /// Installs the recording executors; record 0 of the file says it did.
    private func _asyncTourInstallTracer() {
        guard _atDispatch != nil, let base = _atTrace else { return }
        _atInstalling = true
        _createExecutors(factory: _AsyncTourExecutorFactory.self)
        _atInstalling = false
        atexit { _atFinishAtExit() }
        for (offset, byte) in Array("ATTRACE1".utf8).enumerated() { base.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self) }
        base.storeBytes(of: UInt8(1), toByteOffset: 8, as: UInt8.self)
    }
    """#
}
