#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A variable the REPL's host keeps between entries.
public struct ReplVariable: Sendable, Equatable {
    public var name: String
    public var mutable: Bool
    /// The static type's name as `_typeName` spells it, module-qualified.
    public var type: String
    /// `String(reflecting:)` of the value, when asked for.
    public var value: String?

    public init(name: String, mutable: Bool, type: String, value: String? = nil) {
        (self.name, self.mutable, self.type, self.value) = (name, mutable, type, value)
    }
}

/// How one entry ran in the host.
public struct ReplRun: Sendable {
    public enum Status: Sendable, Equatable {
        /// The body returned (`threw` false) or threw an error (printed).
        case finished(threw: Bool)
        /// It was cancelled (Ctrl-C, time limit) and stopped by itself.
        case cancelled
        /// The host died or had to be killed: every value is gone.
        case hostLost
        /// The library could not be loaded.
        case loadFailed(String)
    }

    public var status: Status
    public var report: RunReport
    /// The values the entry kept, in order.
    public var kept: [ReplVariable]
}

/// The result of compiling one entry.
public enum ReplCompileResult: Sendable, Equatable {
    case compiled(warnings: String, seconds: Double)
    case failed(diagnostics: String)
    case unavailable(String)
}

/// The REPL's long-lived process: the host program loads each entry,
/// compiled as a shared library, with `dlopen` and runs it on its main
/// actor, so values, running tasks and actors outlive the entry.
///
/// The host and its runtime library (`AsyncTourRepl`: the value store, the
/// timed `print`, the entry runner) are compiled once per toolchain into
/// the cache. The host runs through ``ChildProcess`` like every snippet (its
/// own session, the run's mark, the sweep when it ends), with a pipe to its
/// standard input for commands; its prints come back as the harness's
/// timed events, with control lines (`R…`) of its own among them.
public final class ReplHost: Sendable {
    public let toolchain: Toolchain
    public let runtimeDirectory: String
    public let sessionDirectory: String
    private let environment: [String: String]
    private let shared = Shared()
    private let messages = MessageBox()

    private final class Shared: Sendable {
        let state = Mutex(HostState())
    }

    /// The host's messages. Only one caller reads at a time: the engine
    /// runs one entry or command after another.
    private final class MessageBox: @unchecked Sendable {
        var iterator: AsyncStream<Message>.Iterator?
    }

    private struct HostState {
        var pid: pid_t = 0
        var stdin: Int32 = -1
        var control: ChildControl?
        var running: Task<Void, Never>?
        var interruptRequested: UInt64?
        var traceFile: TraceFile?
    }

    enum Message: Sendable {
        case output(ChildChunk)
        case control([String])
        case exited(ChildResult)
    }

    /// Whether the host has the runtime trace's recording executors linked in.
    public let tracing: Bool

    init(toolchain: Toolchain, runtimeDirectory: String, sessionDirectory: String, environment: [String: String], tracing: Bool) {
        self.tracing = tracing
        self.toolchain = toolchain
        self.runtimeDirectory = runtimeDirectory
        self.sessionDirectory = sessionDirectory
        self.environment = environment
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: sessionDirectory)
    }

    // MARK: Building the host once per toolchain

    /// Builds (or finds in the cache) the host and its runtime library, and
    /// makes a session folder for the entries' libraries.
    public static func prepare(toolchain: Toolchain, cacheDirectory: String,
                               environment: [String: String]) async -> Result<ReplHost, ReplHostError> {
        // The runtime trace's executors, the object every snippet links, go
        // into the host too (Linux; elsewhere the print timeline is drawn).
        let compiler = SnippetCompiler(toolchain: toolchain, cacheDirectory: cacheDirectory, environment: environment)
        await compiler.prepareTracer()
        let tracer = compiler.tracerObject()
        // The host exports the tracer's wrappers, so an entry's library,
        // linked with the same `--wrap`s, reaches them when it is loaded:
        // its tasks' names and its hops onto actors are recorded too.
        let exports = tracer == nil ? [] : HarnessTracer.wrappedSymbols.flatMap { ["-Xlinker", "--export-dynamic-symbol=__wrap_" + $0] }
        let key = StableHash.hex([ReplHostSource.runtime, ReplHostSource.host, toolchain.swiftc, toolchain.version,
                                  tracer ?? "no tracer", exports.joined(separator: " ")].joined(separator: "\n"))
        let directory = cacheDirectory + "/repl/" + key
        let manager = FileManager.default
        if !manager.fileExists(atPath: directory + "/host") {
            let work = cacheDirectory + "/tmp/repl-" + UUID().uuidString
            do {
                try manager.createDirectory(atPath: work, withIntermediateDirectories: true)
                try ReplHostSource.runtime.write(toFile: work + "/AsyncTourRepl.swift", atomically: true, encoding: .utf8)
                try ReplHostSource.host.write(toFile: work + "/main.swift", atomically: true, encoding: .utf8)
            } catch {
                let reason = error.localizedDescription
                return .failure(ReplHostError(message: localized("cannot write to \(work): \(reason)")))
            }
            defer { try? manager.removeItem(atPath: work) }
            let module = ReplHostSource.runtimeModule
            let steps: [[String]] = [
                ["-O", "-parse-as-library", "-emit-library", "-emit-module", "-module-name", module, "-swift-version", "6",
                 "AsyncTourRepl.swift", "-o", "lib\(module).so"],
                // The host reads C's stdin on a thread of its own: mode 5.
                ["-O", "-swift-version", "5", "main.swift", "-I", ".", "-L", ".", "-l\(module)",
                 "-Xlinker", "-rpath", "-Xlinker", "$ORIGIN", "-o", "host"] + (tracer.map { [$0] + HarnessTracer.linkerFlags } ?? [])
                    + exports,
            ]
            for arguments in steps {
                let child = ChildProcess(executable: toolchain.swiftc, arguments: arguments, environment: environment,
                                         timeout: 300, directory: work)
                let result = await child.run()
                let output = String(decoding: result.chunks.flatMap(\.bytes), as: UTF8.self)
                guard result.ending == .exited(0) else {
                    let ending = result.ending
                    return .failure(ReplHostError(message: localized("the REPL's host did not build (\(ending)): \(output)")))
                }
            }
            try? manager.createDirectory(atPath: cacheDirectory + "/repl", withIntermediateDirectories: true)
            // Another tour may have built it meanwhile: either copy will do.
            if (try? manager.moveItem(atPath: work, toPath: directory)) == nil, !manager.fileExists(atPath: directory + "/host") {
                return .failure(ReplHostError(message: localized("cannot store the REPL's host in \(directory)")))
            }
        }
        let session = NSTemporaryDirectory() + "async-tour-repl-" + UUID().uuidString
        do {
            try manager.createDirectory(atPath: session, withIntermediateDirectories: true)
        } catch {
            let reason = error.localizedDescription
            return .failure(ReplHostError(message: localized("cannot make \(session): \(reason)")))
        }
        return .success(ReplHost(toolchain: toolchain, runtimeDirectory: directory, sessionDirectory: session, environment: environment,
                                  tracing: tracer != nil))
    }

    // MARK: Compiling entries

    /// The library an entry is compiled into.
    public func libraryPath(_ number: Int) -> String { sessionDirectory + "/libEntry\(number).so" }

    /// Compiles one entry's source as a library, with a module for later
    /// entries when it declares something. Diagnostics name the entry
    /// (`entry 3:1:5`), since the source maps its lines there.
    public func compile(_ source: String, number: Int, emitsModule: Bool, languageMode: LanguageMode = .swift6) async -> ReplCompileResult {
        let file = sessionDirectory + "/entry\(number).swift"
        do {
            try source.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            let reason = error.localizedDescription
            return .unavailable(localized("cannot write \(file): \(reason)"))
        }
        let steps = Self.directSteps(toolchain: toolchain, file: file, number: number, emitsModule: emitsModule, languageMode: languageMode,
                                     runtimeDirectory: runtimeDirectory, sessionDirectory: sessionDirectory, library: libraryPath(number),
                                     wrapping: tracing)
            ?? [driverStep(file: file, number: number, emitsModule: emitsModule, languageMode: languageMode)]
        let start = Clock.now()
        var output = ""
        for (executable, arguments) in steps {
            let child = ChildProcess(executable: executable, arguments: arguments, environment: environment, timeout: 120,
                                     directory: sessionDirectory)
            let result = await child.run()
            output += String(decoding: result.chunks.flatMap(\.bytes), as: UTF8.self)
            let cleaned = Self.clean(output, file: file)
            switch result.ending {
            case .exited(0):
                if executable.hasSuffix("/swift-autolink-extract"), let path = arguments.last {
                    Self.keepToolchainLibraries(path, toolchain: toolchain)
                }
                continue
            case .exited: return .failed(diagnostics: cleaned)
            case .cancelled: return .unavailable(localized("the compile was cancelled"))
            default:
                let ending = result.ending
                return .unavailable(localized("swiftc did not finish (\(ending)): \(cleaned)"))
            }
        }
        return .compiled(warnings: Self.clean(output, file: file), seconds: Double(Clock.now() - start) / 1e9)
    }

    private func driverStep(file: String, number: Int, emitsModule: Bool, languageMode: LanguageMode) -> (String, [String]) {
        var arguments = ["-Onone", "-swift-version", languageMode.rawValue, "-diagnostic-style", "llvm", "-parse-as-library",
                         "-emit-library", "-module-name", "Entry\(number)", "-I", runtimeDirectory, "-I", sessionDirectory,
                         file, "-o", libraryPath(number)]
        if emitsModule {
            arguments += ["-enable-testing", "-emit-module", "-emit-module-path", sessionDirectory + "/Entry\(number).swiftmodule"]
        }
        if tracing { arguments += HarnessTracer.linkerFlags }
        return (toolchain.swiftc, arguments)
    }

    /// The compiler's frontend and lld called directly, without the driver:
    /// 0.12 s of CPU for a small entry where `swiftc -emit-library` takes
    /// 0.35 s (measured on this machine). The library links nothing: its
    /// symbols are resolved by `dlopen` against the host, which has loaded
    /// the runtime and the earlier entries; `swiftrt.o` registers its
    /// metadata. Nil where the pieces are not found (the driver is used).
    static func directSteps(toolchain: Toolchain, file: String, number: Int, emitsModule: Bool, languageMode: LanguageMode,
                            runtimeDirectory: String, sessionDirectory: String, library: String,
                            wrapping: Bool = false) -> [(String, [String])]? {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        #if arch(x86_64)
        let arch = "x86_64"
        #else
        let arch = "aarch64"
        #endif
        let bin = (toolchain.swiftc as NSString).deletingLastPathComponent
        let usr = (bin as NSString).deletingLastPathComponent
        let frontend = bin + "/swift-frontend", lld = bin + "/ld.lld", swiftrt = usr + "/lib/swift/linux/\(arch)/swiftrt.o"
        let manager = FileManager.default
        guard manager.isExecutableFile(atPath: frontend), manager.isExecutableFile(atPath: lld), manager.fileExists(atPath: swiftrt),
              manager.isExecutableFile(atPath: bin + "/swift-autolink-extract") else {
            return nil
        }
        let object = sessionDirectory + "/entry\(number).o"
        var compile = ["-frontend", "-c", "-primary-file", file, "-I", runtimeDirectory, "-I", sessionDirectory, "-Onone",
                       "-swift-version", languageMode.rawValue, "-parse-as-library", "-module-name", "Entry\(number)",
                       "-diagnostic-style", "llvm", "-no-color-diagnostics",
                       "-in-process-plugin-server-path", usr + "/lib/swift/host/libSwiftInProcPluginServer.so",
                       "-plugin-path", usr + "/lib/swift/host/plugins", "-plugin-path", usr + "/local/lib/swift/host/plugins",
                       "-o", object]
        if emitsModule { compile += ["-enable-testing", "-emit-module-path", sessionDirectory + "/Entry\(number).swiftmodule"] }
        // The libraries the entry's imports need (SwiftOnoneSupport at -Onone,
        // Foundation when imported), as the driver finds them.
        let autolink = sessionDirectory + "/entry\(number).autolink"
        let libraries = usr + "/lib/swift/linux"
        return [(frontend, compile), (bin + "/swift-autolink-extract", [object, "-o", autolink]),
                (lld, ["-shared", "-o", library, "-L", libraries, "-rpath", libraries, swiftrt, object, "@" + autolink]
                    + (wrapping ? HarnessTracer.wrappedSymbols.map { "--wrap=" + $0 } : []))]
        #else
        return nil
        #endif
    }
    /// The system's own libraries (libm, libdl…) are loaded in the host
    /// already and lld would not find them by name: only the toolchain's stay.
    static func keepToolchainLibraries(_ path: String, toolchain: Toolchain) {
        let libraries = ((toolchain.swiftc as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent + "/lib/swift/linux"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let kept = text.split(whereSeparator: \.isNewline).filter { flag in
            flag.hasPrefix("-l") && FileManager.default.fileExists(atPath: libraries + "/lib" + flag.dropFirst(2) + ".so")
        }
        try? kept.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Lines of the generated wrapper have no entry name: they are shown as
    /// `<repl>`, and the driver's closing line is dropped.
    static func clean(_ text: String, file: String) -> String {
        text.replacingOccurrences(of: file, with: "<repl>")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("error: fatalError") && !$0.contains("error: compile command failed") }
            .joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: The process

    /// Starts the host unless it runs; loads `libraries` (the declarations
    /// of earlier entries, after a restart). Returns an error to show.
    public func start(loading libraries: [String] = []) async -> String? {
        if shared.state.withLock({ $0.running != nil }) { return nil }
        var child = ChildProcess(executable: runtimeDirectory + "/host", arguments: [], environment: hostEnvironment(),
                                 timeout: 315_360_000, eventsPipe: true)
        child.eventsOnStdout = true
        child.stdinPipe = true
        child.outputLimit = .max
        child.keepsChunks = false
        child.directory = sessionDirectory
        let traceFile = tracing ? TraceFile() : nil
        child.traceDescriptor = traceFile?.descriptor
        if traceFile != nil { child.environment["ASYNC_TOUR_TRACE_FD"] = "4" }
        let control = ChildControl()
        let (messages, post) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .unbounded)
        let splitter = LineSplitter(post: post)
        child.onSpawn = { [shared] pid, stdin in
            let own = dup(stdin)
            _ = fcntl(own, F_SETFD, FD_CLOEXEC)
            shared.state.withLock { ($0.pid, $0.stdin) = (pid, own) }
        }
        let running = Task.detached {
            let result = await child.run(control: control) { chunk in splitter.feed(chunk) }
            splitter.flush()
            post.yield(.exited(result))
            post.finish()
        }
        shared.state.withLock {
            $0.control = control
            $0.running = running
            $0.traceFile = traceFile
        }
        self.messages.iterator = messages.makeAsyncIterator()
        // The host says hello once it is ready; one that does not within
        // 20 s is killed rather than waited for.
        let watchdog = Task.detached {
            try? await Task.sleep(for: .seconds(20))
            if !Task.isCancelled { control.stop(.kill) }
        }
        let hello = await nextMessage(skippingOutput: true)
        watchdog.cancel()
        guard case .control(let fields)? = hello, fields.first == "H" else {
            return localized("the REPL's host did not start")
        }
        for library in libraries {
            send(["load", library])
            guard case .control(let fields)? = await nextMessage(skippingOutput: true) else { return localized("the REPL's host stopped") }
            if fields.first == "F" {
                let reason = fields.dropFirst().joined(separator: " ")
                return localized("could not load \(library): \(reason)")
            }
        }
        return nil
    }

    private func hostEnvironment() -> [String: String] {
        var environment = environment
        environment["ASYNC_TOUR_EVENT_FD"] = "3"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        return environment
    }

    /// Ends the host (closing its input, then killing it) and waits for it.
    public func stop() {
        let (control, stdin) = shared.state.withLock { state -> (ChildControl?, Int32) in
            defer { state = HostState() }
            return (state.control, state.stdin)
        }
        if stdin >= 0 { close(stdin) }
        control?.stop(.kill)
    }

    /// Stops the host and waits until it is gone.
    public func shutdown() async {
        let running = shared.state.withLock { $0.running }
        stop()
        await running?.value
    }

    /// Removes the entries' libraries: the session is over.
    public func removeSession() {
        try? FileManager.default.removeItem(atPath: sessionDirectory)
    }

    /// The host's pid, for the memory figure of the benchmark (0 when none).
    public var pid: Int32 { shared.state.withLock { $0.pid } }

    /// Ctrl-C or a time limit: cancels the running entry (SIGINT to the
    /// host), and kills the host after `grace` seconds if the entry has not
    /// stopped by then.
    public func interrupt(grace: Double) {
        let (pid, control) = shared.state.withLock { state -> (pid_t, ChildControl?) in
            state.interruptRequested = Clock.now()
            return (state.pid, state.control)
        }
        guard pid > 0 else { return }
        kill(pid, SIGINT)
        let requested = shared.state.withLock { $0.interruptRequested }
        Task.detached { [shared] in
            try? await Task.sleep(for: .seconds(grace))
            // Still the same request, and the entry still running: kill.
            let still = shared.state.withLock { $0.interruptRequested == requested && $0.interruptRequested != nil }
            if still { control?.stop(.kill, because: .cancelled) }
        }
    }

    private func send(_ fields: [String]) {
        let line = Array((fields.joined(separator: "\t") + "\n").utf8)
        let fd = shared.state.withLock { $0.stdin }
        guard fd >= 0 else { return }
        // A host that died leaves a pipe without reader: EPIPE, not SIGPIPE.
        var block = sigset_t(), old = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &block, &old)
        var offset = 0
        while offset < line.count {
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var info = siginfo_t()
            var zero = timespec()
            _ = sigtimedwait(&block, &info, &zero)
        }
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }

    private func nextMessage(skippingOutput: Bool) async -> Message? {
        guard var iterator = messages.iterator else { return nil }
        messages.iterator = nil
        defer { messages.iterator = iterator }
        while let message = await iterator.next() {
            if skippingOutput, case .output = message { continue }
            return message
        }
        return nil
    }

    private func hostGone() {
        shared.state.withLock { state in
            if state.stdin >= 0 { close(state.stdin) }
            state = HostState()
        }
    }

    // MARK: Entries

    /// Loads entry `number`'s library and runs it; `onLine` sees each line
    /// as it is printed. A time limit cancels the entry, then kills.
    public func run(_ number: Int, timeout: Double, grace: Double = 1,
                    onLine: (@Sendable (OutputLine) -> Void)? = nil) async -> ReplRun {
        var builder = TranscriptBuilder(origin: Clock.now())
        var kept: [ReplVariable] = []
        shared.state.withLock { $0.interruptRequested = nil }
        send(["run", String(number), libraryPath(number)])
        let timer = Task.detached { [weak self] in
            try? await Task.sleep(for: .seconds(timeout))
            if !Task.isCancelled { self?.interrupt(grace: grace) }
        }
        defer { timer.cancel() }
        let started = Clock.now()
        var status: ReplRun.Status = .hostLost
        var cpu: Double = 0
        var childResult: ChildResult?
        loop: while let message = await nextMessage(skippingOutput: false) {
            switch message {
            case .output(let chunk):
                let lines = builder.feed(chunk)
                if let onLine { lines.forEach(onLine) }
            case .control(let fields):
                switch fields.first {
                case "V" where fields.count >= 4:
                    kept.append(ReplVariable(name: TranscriptBuilder.unescape(fields[1]), mutable: fields[2] == "var",
                                             type: TranscriptBuilder.unescape(fields[3])))
                case "D" where fields.count >= 4:
                    status = fields[2] == "cancelled" ? .cancelled : .finished(threw: fields[2] == "threw")
                    cpu = Double(UInt64(fields[3]) ?? 0) / 1e9
                    break loop
                case "F":
                    status = .loadFailed(TranscriptBuilder.unescape(fields.dropFirst().joined(separator: "\t")))
                    break loop
                default: continue
                }
            case .exited(let result):
                childResult = result
                break loop
            }
        }
        let ended = Clock.now()
        let rest = builder.finish(at: ended)
        if let onLine { rest.forEach(onLine) }
        let origin = builder.startSeen ? builder.origin : started
        let end = builder.endTime ?? ended
        var report = RunReport(ending: .exited(code: 0), lines: builder.lines, lanes: builder.lanes,
                               wall: end > origin ? Double(end - origin) / 1e9 : 0, cpu: cpu,
                               peakMemoryBytes: builder.peakMemoryBytes ?? 0, threads: builder.threadCount, peakThreads: 0)
        if builder.startSeen, !report.lanes.isEmpty, report.lanes[0].label == "main" {
            report.lanes[0].last = max(report.lanes[0].last, report.wall)
        }
        let traceFile = shared.state.withLock { $0.traceFile }
        if let traceFile, builder.startSeen {
            let contents = traceFile.read()
            if contents.installed, !contents.replaced {
                let mainTask = builder.mainTask.flatMap { UInt64($0) }
                var trace = RuntimeTrace.build(contents.records, origin: origin, end: max(end, origin), mainTask: mainTask,
                                               mainThread: builder.mainThread.flatMap { UInt64($0) },
                                               ranToCompletion: childResult == nil, earliest: started)
                trace.outcomesKnown = contents.outcomesKnown
                report.relabel(by: trace, mainTask: trace.mainTask ?? mainTask)
            } else {
                report.traceNote = localized("""
                    the runtime timeline is not available here (this toolchain's runtime did not take the \
                    recording executors); the lanes below come from the entry's prints
                    """)
            }
        }
        let interrupted = shared.state.withLock { $0.interruptRequested != nil }
        if let childResult {
            hostGone()
            report.cpu = childResult.cpuSeconds
            switch childResult.ending {
            case .signalled(let signal): report.ending = .crashed(signal: signal)
            case .cancelled: report.ending = .cancelled
            case .exited(let code): report.ending = .exited(code: code == 0 ? 1 : code)
            default: report.ending = .crashed(signal: SIGKILL)
            }
            if interrupted, Double(ended - started) / 1e9 >= timeout { report.ending = .timedOut(limit: timeout) }
        } else if interrupted, case .finished = status {
            // Cancelled, and its catch handled it: it stopped by itself.
            status = .cancelled
        }
        if childResult == nil, status == .cancelled {
            report.ending = Double(ended - started) / 1e9 >= timeout ? .timedOut(limit: timeout) : .cancelled
            report.stoppedByItself = true
        }
        shared.state.withLock { $0.interruptRequested = nil }
        return ReplRun(status: childResult == nil ? status : .hostLost, report: report, kept: kept)
    }

    /// The kept values with their descriptions.
    public func variables() async -> [ReplVariable] {
        send(["vars"])
        var found: [ReplVariable] = []
        while let message = await nextMessage(skippingOutput: true) {
            guard case .control(let fields) = message else { break }
            if fields.first == "l" { break }
            if fields.first == "L", fields.count >= 5 {
                found.append(ReplVariable(name: TranscriptBuilder.unescape(fields[1]), mutable: fields[2] == "var",
                                          type: TranscriptBuilder.unescape(fields[3]),
                                          value: TranscriptBuilder.unescape(fields[4...].joined(separator: "\t"))))
            }
        }
        return found
    }

    /// Drops a kept value (a later entry declared something of that name).
    public func forget(_ name: String) { send(["forget", name]) }

    /// Drops every kept value.
    public func resetValues() { send(["reset"]) }
}

public struct ReplHostError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// Cuts the host's standard output into lines, so that its control lines
/// (`0x1F R …`) are taken out and everything else goes on, in order, as it
/// came. Runs on the child's reader thread.
final class LineSplitter: Sendable {
    private let post: AsyncStream<ReplHost.Message>.Continuation
    private let pending = Mutex<[UInt8]>([])

    init(post: AsyncStream<ReplHost.Message>.Continuation) {
        self.post = post
    }

    func feed(_ chunk: ChildChunk) {
        guard chunk.stream == .stdout else {
            post.yield(.output(chunk))
            return
        }
        let messages: [ReplHost.Message] = pending.withLock { pending in
            var out: [ReplHost.Message] = []
            var bytes = pending + chunk.bytes
            pending = []
            var passOn: [UInt8] = []
            var start = 0
            while start < bytes.count {
                guard let newline = bytes[start...].firstIndex(of: 10) else {
                    // An unfinished event line waits for its end; plain text goes on now.
                    if bytes[start] == TranscriptBuilder.eventMarker, bytes.count - start < TranscriptBuilder.eventLineLimit {
                        pending = Array(bytes[start...])
                    } else {
                        passOn += bytes[start...]
                    }
                    break
                }
                let line = bytes[start..<newline]
                if line.count >= 2, line[line.startIndex] == TranscriptBuilder.eventMarker, line[line.startIndex + 1] == UInt8(ascii: "R") {
                    if !passOn.isEmpty {
                        out.append(.output(ChildChunk(stream: .stdout, bytes: passOn, time: chunk.time)))
                        passOn = []
                    }
                    let text = String(decoding: line.dropFirst(2), as: UTF8.self)
                    var fields = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    if fields.first == "" { fields.removeFirst() }
                    out.append(.control(fields))
                } else {
                    passOn += bytes[start...newline]
                }
                start = newline + 1
            }
            if !passOn.isEmpty { out.append(.output(ChildChunk(stream: .stdout, bytes: passOn, time: chunk.time))) }
            bytes = []
            return out
        }
        for message in messages { post.yield(message) }
    }

    func flush() {
        let rest = pending.withLock { pending -> [UInt8] in
            defer { pending = [] }
            return pending
        }
        if !rest.isEmpty { post.yield(.output(ChildChunk(stream: .stdout, bytes: rest, time: Clock.now()))) }
    }
}
