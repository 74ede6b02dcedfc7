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
/// an actor's), thread (`pthread_self`), a 32-bit extra and the kind:
/// - `E` enqueued (extra 1: on the main actor)
/// - `D` enqueued to run after a delay (extra: the delay in µs): the timer
///   of a `Task.sleep`
/// - `B` and `F`: the job began and finished running (extra 1: on the main
///   actor)
/// Record 0 is the header: "ATTRACE1", then 1 once the executors are in.
enum HarnessTracer {
    static let fileName = "AsyncTourTracer.swift"
    static let moduleName = "AsyncTourTracer"

    static let source = #"""
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
                  let mainQueue = dlsym(_atLib, "_dispatch_main_q"),
                  let concurrent = dlsym(_atLib, "_dispatch_queue_attr_concurrent") else { return nil }
            (self.create, self.setWidth, self.setTarget, self.global, self.async, self.after, self.time) =
                (create, setWidth, setTarget, global, async, after, time)
            self.main = { main() }
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
    @inline(__always) private func _atRecord(_ kind: UInt8, _ task: UInt64, _ extra: UInt32) {
        guard let base = _atTrace else { return }
        let index = _atNext.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < _atCapacity else { return }
        let record = base + 32 * (index + 1)
        record.storeBytes(of: _atNow(), toByteOffset: 0, as: UInt64.self)
        record.storeBytes(of: task, toByteOffset: 8, as: UInt64.self)
        record.storeBytes(of: UInt64(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self()))))), toByteOffset: 16, as: UInt64.self)
        record.storeBytes(of: extra, toByteOffset: 24, as: UInt32.self)
        record.storeBytes(of: kind, toByteOffset: 28, as: UInt8.self)
    }

    @_silgen_name("swift_job_run") private func _atJobRun(_ job: UnownedJob, _ executor: UnownedSerialExecutor)
    @_silgen_name("swift_task_getJobTaskId") private func _atJobTaskId(_ job: UnownedJob) -> UInt64
    private let _atGeneric = unsafeBitCast((UnsafeRawPointer?.none, UInt(0)), to: UnownedSerialExecutor.self)

    private func _atRunGlobal(_ context: UnsafeMutableRawPointer?) {
        let job = unsafeBitCast(context, to: UnownedJob.self)
        let task = _atJobTaskId(job)
        _atRecord(66 /* B */, task, 0)
        _atJobRun(job, _atGeneric)
        _atRecord(70 /* F */, task, 0)
    }
    private func _atRunMain(_ context: UnsafeMutableRawPointer?) {
        let job = unsafeBitCast(context, to: UnownedJob.self)
        let task = _atJobTaskId(job)
        _atRecord(66, task, 1)
        job.runSynchronously(on: MainActor.sharedUnownedExecutor)
        _atRecord(70, task, 1)
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
            _atRecord(69 /* E */, _atJobTaskId(unowned), 0)
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
            _atRecord(69, _atJobTaskId(unowned), 1)
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
        func checkIsolated() {}
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
        _createExecutors(factory: _AsyncTourExecutorFactory.self)
        for (offset, byte) in Array("ATTRACE1".utf8).enumerated() { base.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self) }
        base.storeBytes(of: UInt8(1), toByteOffset: 8, as: UInt8.self)
    }
    """#
}
