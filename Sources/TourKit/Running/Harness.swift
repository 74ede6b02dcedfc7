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
enum Harness {
    static let fileName = "AsyncTourHarness.swift"

    /// The call inserted as the first line of every snippet's main.swift.
    static let startCall = "_asyncTourStart()"

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

    /// Every declaration is `nonisolated`, so that the harness means the
    /// same under `-default-isolation MainActor` (`isolation=MainActor`).
    static let source = #"""
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
    @_silgen_name("swift_task_getJobTaskId")
    nonisolated private func _asyncTourJobTaskId(_ job: UnsafeRawPointer) -> UInt64

    nonisolated private func _asyncTourTask() -> String {
        withUnsafeCurrentTask { task in
            task.map { String(_asyncTourJobTaskId(unsafeBitCast($0, to: UnsafeRawPointer.self))) }
        } ?? "-"
    }

    nonisolated private func _asyncTourThread() -> String {
        String(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self())))))
    }

    /// Events share standard output's pipe; a unit separator (0x1F) marks
    /// them. C's buffered stdout is flushed first, so a line written by
    /// `dump` or `print(to:)` before this print arrives before it.
    nonisolated private func _asyncTourEmit(_ line: String) {
        if let out = _asyncTourCStdout { fflush(out) }
        var bytes: [UInt8] = [0x1F]
        bytes += line.utf8
        bytes.append(10)
        _asyncTourWriteLock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(_asyncTourEventFD, $0.baseAddress, $0.count) }
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
    // handler only writes to a pipe; a thread of its own does the cancel.
    nonisolated(unsafe) private var _asyncTourMainTask: UnsafeCurrentTask?
    nonisolated(unsafe) private var _asyncTourInterruptFDs: (read: Int32, write: Int32) = (-1, -1)

    nonisolated private func _asyncTourCancelOnInterrupt() {
        guard let task = withUnsafeCurrentTask(body: { $0 }) else { return }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _asyncTourMainTask = task
        _asyncTourInterruptFDs = (fds[0], fds[1])
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { _ in
            var byte: UInt8 = 0
            while read(_asyncTourInterruptFDs.read, &byte, 1) < 0 && errno == EINTR {}
            _asyncTourMainTask?.cancel()
            return nil
        }, nil) == 0 else { return }
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(_asyncTourInterruptFDs.write, &byte, 1)
        }
    }

    nonisolated func _asyncTourStart() {
        guard _asyncTourEventFD >= 0 else { return }
        _asyncTourCancelOnInterrupt()
        // Line-buffer standard output, so bypassing lines arrive when written.
        if let out = _asyncTourStdout() { setvbuf(out, nil, _IOLBF, 0) }
        _asyncTourEmit("S\t\(_asyncTourNow())\t\(_asyncTourTask())\t\(_asyncTourThread())")
        atexit {
            fflush(nil)
            _asyncTourEmit("E\t\(_asyncTourNow())\t\(_asyncTourPeakKilobytes())")
        }
    }

    nonisolated func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
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
