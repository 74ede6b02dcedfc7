/// The Swift file compiled beside every snippet.
///
/// It shadows `print` for the snippet's module: each call becomes one event
/// on fd 3 with the monotonic time, the current task (and its name) and the
/// thread. Without `ASYNC_TOUR_EVENT_FD` (the program run by hand) `print`
/// behaves as usual.
///
/// Event lines, on standard output's pipe, each marked by a leading 0x1F,
/// tab-separated, text escaped (`\\`, `\n`, `\t`):
/// - `S <ns> <task> <thread>`: the clock starts (first line of main.swift)
/// - `P <ns> <task> <thread> <task name> <text>`: one print
/// - `E <ns> <peak kB>`: the program is exiting normally, with its VmHWM
///
/// The part that does the work (``runtime``) is compiled, optimised, into
/// the tracer's object when there is one: a print costs a third of what it
/// costs compiled unoptimised beside the snippet, and the snippet's compiler
/// flags (default isolation, language mode) cannot change it. The snippet's
/// module gets only ``shim``, which shadows `print` and calls it. Without
/// the tracer, both are compiled beside the snippet.
enum Harness {
    static let fileName = "AsyncTourHarness.swift"

    /// The call inserted as the first line of every snippet's main.swift.
    static let startCall = "_asyncTourStart()"

    /// The runtime's `write` must be the one the shared libraries bind to
    /// (Foundation's FileHandle calls it), so it goes into the program's
    /// dynamic symbol table.
    static let linkerFlags = ["-Xlinker", "--export-dynamic-symbol=write"]

    /// An `@main` program's entry point, renamed (`-entry-point-function-name`).
    static let userMainSymbol = "_asyncTourUserMain"
    static let entryFileName = "AsyncTourEntry.swift"

    /// The entry point of an `@main` program: starts the clock, then calls
    /// the program's own `main`.
    static let entrySource = """
    @_silgen_name("\(userMainSymbol)")
    nonisolated func _asyncTourUserMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32

    @_cdecl("main")
    nonisolated func _asyncTourEntry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
        _asyncTourStart()
        return _asyncTourUserMain(argc, argv)
    }

    """

    /// The file compiled beside the snippet: the shim, plus the runtime
    /// where the tracer's object does not carry it.
    static func source(runtimeInTracer: Bool) -> String {
        runtimeInTracer ? declarations + shim : runtime + shim
    }

    /// What the snippet's module sees of a runtime compiled elsewhere.
    static let declarations = #"""
    @_silgen_name("_asyncTourPrintEvent")
    nonisolated func _asyncTourPrintEvent(_ items: [Any], _ separator: String, _ terminator: String)
    @_silgen_name("_asyncTourStartEvents")
    nonisolated func _asyncTourStartEvents()

    """#

    /// `print` for the snippet's module: `nonisolated`, so that a snippet
    /// compiled with the main actor as its default isolation can still
    /// print from any task.
    static let shim = #"""
    nonisolated func _asyncTourStart() { _asyncTourStartEvents() }

    nonisolated func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
        _asyncTourPrintEvent(items, separator, terminator)
    }

    """#

    /// Every declaration is `nonisolated`, so that the runtime means the
    /// same compiled beside a snippet under `-default-isolation MainActor`
    /// (`isolation=MainActor`) as in the tracer's object.
    static let runtime = #"""
    // Async Tour harness: timestamps every print of the snippet.
    #if canImport(Glibc)
    import Glibc
    #elseif canImport(Darwin)
    import Darwin
    #endif
    import Synchronization

    nonisolated private let _asyncTourEventFD: Int32 = {
        guard let raw = getenv("ASYNC_TOUR_EVENT_FD"), let fd = Int32(String(cString: raw)) else { return -1 }
        return fd
    }()
    nonisolated private let _asyncTourWriteLock = Mutex(())

    nonisolated private func _asyncTourNow() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    nonisolated private func _asyncTourEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    // The runtime's own task id: unique for the life of the process, where a
    // task's address (and so UnsafeCurrentTask's hash) is reused once a
    // task ends. The runtime exports it for executors (UnownedJob's
    // description uses it); an UnsafeCurrentTask is a pointer to that job.
    // Declared as the tracer declares it: the two may share a module.
    @_silgen_name("swift_task_getJobTaskId")
    nonisolated private func _asyncTourJobTaskId(_ job: UnownedJob) -> UInt64

    nonisolated private func _asyncTourTask() -> String {
        withUnsafeCurrentTask { task in
            task.map { String(_asyncTourJobTaskId(unsafeBitCast($0, to: UnownedJob.self))) }
        } ?? "-"
    }

    nonisolated private func _asyncTourThread() -> String {
        String(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self())))))
    }

    // ---- output in the order written, at a fraction of a write per print
    //
    // Events share standard output's pipe; a unit separator (0x1F) marks
    // them. They go into C's stdout buffer, which `dump`, `print(to:)` and
    // the standard library's own print write into too, so all of these stay
    // in the order they were written. The buffer is written out when it is
    // full, 2 ms after the first line put in it (by the service thread), at
    // exit, when the program crashes (a signal handler writes what is in
    // it), and before any other write to standard output or error: `write`
    // is interposed, which is how FileHandle writes, so a line written that
    // way after a print arrives after it.

    /// libc's own `write`, past the one this file defines.
    nonisolated(unsafe) private let _asyncTourRealWrite: @convention(c) (Int32, UnsafeRawPointer?, Int) -> Int =
        unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: -1), "write"), to: (@convention(c) (Int32, UnsafeRawPointer?, Int) -> Int).self)
    /// Events go through stdout's buffer when their descriptor is a copy
    /// of standard output's (the tour passes the same pipe as both).
    nonisolated private let _asyncTourBuffered: Bool = {
        guard _asyncTourEventFD >= 0 else { return false }
        var events = stat(), out = stat()
        guard fstat(_asyncTourEventFD, &events) == 0, fstat(1, &out) == 0 else { return false }
        return events.st_dev == out.st_dev && events.st_ino == out.st_ino
    }()
    nonisolated private let _asyncTourFlushScheduled = Atomic<Bool>(false)
    nonisolated(unsafe) private var _asyncTourWakeFD: Int32 = -1

    @_cdecl("write")
    nonisolated public func _asyncTourInterposedWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        if fd == 1 || fd == 2, _asyncTourBuffered, let out = _asyncTourCStdout { fflush(out) }
        return _asyncTourRealWrite(fd, buffer, count)
    }

    /// The first line into an empty buffer asks the service thread to
    /// write it out soon: one wake-up per batch, not per line.
    @inline(__always) nonisolated private func _asyncTourScheduleFlush() {
        guard _asyncTourWakeFD >= 0, _asyncTourFlushScheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        var byte: UInt8 = 2
        _ = _asyncTourRealWrite(_asyncTourWakeFD, &byte, 1)
    }

    /// What is still in stdout's buffer, written out from a crash's signal
    /// handler without the stream's lock (the crashed thread may hold it).
    nonisolated private func _asyncTourWritePendingRaw() {
        guard let out = _asyncTourCStdout, let base = out.pointee._IO_write_base, let end = out.pointee._IO_write_ptr, end > base else { return }
        var offset = 0
        let total = end - base
        while offset < total {
            let written = _asyncTourRealWrite(1, base + offset, total - offset)
            if written <= 0 { if errno == EINTR { continue }; return }
            offset += written
        }
    }

    nonisolated private func _asyncTourFlushOnCrash() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                _asyncTourWritePendingRaw()
                signal(sig, SIG_DFL)
                raise(sig)
            }
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND) | Int32(truncatingIfNeeded: SA_NODEFER)
            sigaction(sig, &action, nil)
        }
    }

    nonisolated private func _asyncTourEmit(_ line: String) {
        var bytes: [UInt8] = [0x1F]
        bytes += line.utf8
        bytes.append(10)
        if _asyncTourBuffered, let out = _asyncTourCStdout {
            bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, out) }
            _asyncTourScheduleFlush()
            return
        }
        if let out = _asyncTourCStdout { fflush(out) }
        _asyncTourWriteLock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { _asyncTourRealWrite(_asyncTourEventFD, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// C's `stdout`, found without touching the imported global, which
    /// Swift 6 rejects as shared mutable state.
    nonisolated private func _asyncTourStdout() -> UnsafeMutablePointer<FILE>? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return nil }
        return symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }

    nonisolated(unsafe) private let _asyncTourCStdout = _asyncTourStdout()

    /// VmHWM from /proc/self/status: the peak resident memory of this program.
    nonisolated private func _asyncTourPeakKilobytes() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                let fields = text.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" })
                return Int(fields.first ?? "") ?? 0
            }
        }
        return 0
    }

    // Ctrl-C in the tour sends SIGINT to the program: it cancels the main
    // task, so `catch` blocks and cancellation handlers run, and the tour
    // kills the program only if it has not ended after a grace period. The
    // handler only writes a byte to a pipe; the service thread, which also
    // writes out the output buffer, does the cancel.
    nonisolated(unsafe) private var _asyncTourMainTask: UnsafeCurrentTask?
    nonisolated(unsafe) private var _asyncTourServiceFDs: (read: Int32, write: Int32) = (-1, -1)

    nonisolated private func _asyncTourStartService() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _asyncTourMainTask = withUnsafeCurrentTask(body: { $0 })
        _asyncTourServiceFDs = (fds[0], fds[1])
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { _ in
            var byte: UInt8 = 0
            while true {
                let count = read(_asyncTourServiceFDs.read, &byte, 1)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return nil }
                if byte == 2 {
                    // A batch started: let it fill for 2 ms, then write it.
                    usleep(2000)
                    _asyncTourFlushScheduled.store(false, ordering: .releasing)
                    if let out = _asyncTourCStdout { fflush(out) }
                } else {
                    _asyncTourMainTask?.cancel()
                }
            }
        }, nil) == 0 else { return }
        _asyncTourWakeFD = fds[1]
        if _asyncTourMainTask != nil {
            signal(SIGINT) { _ in
                var byte: UInt8 = 1
                _ = _asyncTourRealWrite(_asyncTourServiceFDs.write, &byte, 1)
            }
        }
    }

    @_silgen_name("_asyncTourStartEvents")
    nonisolated public func _asyncTourStartEvents() {
        guard _asyncTourEventFD >= 0 else { return }
        _ = _asyncTourRealWrite
        _asyncTourStartService()
        if _asyncTourBuffered, let out = _asyncTourCStdout {
            setvbuf(out, nil, _IOFBF, 1 << 16)
            _asyncTourFlushOnCrash()
        } else if let out = _asyncTourCStdout {
            // Line-buffered, so bypassing lines arrive when written.
            setvbuf(out, nil, _IOLBF, 0)
        }
        _asyncTourEmit("S\t\(_asyncTourNow())\t\(_asyncTourTask())\t\(_asyncTourThread())")
        atexit {
            fflush(nil)
            _asyncTourEmit("E\t\(_asyncTourNow())\t\(_asyncTourPeakKilobytes())")
        }
    }

    /// The tracer's job-run wrapper names the task whose first job the
    /// program's `main` runs: an `@main` program's main task, which the
    /// start event (written before that task exists) cannot name. Written
    /// whether or not the trace is recorded, so `--no-trace` tags it too.
    @_silgen_name("_asyncTourMainTaskEvent")
    nonisolated public func _asyncTourMainTaskEvent(_ task: UInt64) {
        guard _asyncTourEventFD >= 0 else { return }
        _asyncTourEmit("M\t\(_asyncTourNow())\t\(task)")
    }

    @_silgen_name("_asyncTourPrintEvent")
    nonisolated public func _asyncTourPrintEvent(_ items: [Any], _ separator: String, _ terminator: String) {
        let text = items.map { String(describing: $0) }.joined(separator: separator)
        guard _asyncTourEventFD >= 0 else {
            Swift.print(text, terminator: terminator)
            return
        }
        let name = Task.name.map(_asyncTourEscape) ?? ""
        let now = _asyncTourNow()
        let task = _asyncTourTask()
        let thread = _asyncTourThread()
        // A terminator without a newline continues the line; the event keeps it.
        _asyncTourEmit("P\t\(now)\t\(task)\t\(thread)\t\(name)\t\(_asyncTourEscape(text + terminator))")
    }

    """#
}
