import Foundation
import Synchronization

/// Compiles and runs snippets, one child process per run.
public struct SnippetRunner: Sendable {
    public let compiler: SnippetCompiler
    /// The environment the programs inherit.
    public var environment: [String: String]
    /// Starts the local HTTP server for snippets marked `server`; returns its base URL.
    public var serverProvider: (@Sendable () async throws -> String)?
    /// Resident memory a snippet may use before it is stopped, unless its
    /// chapter gives it more.
    public var memoryLimit = SnippetRunner.defaultMemoryLimit
    public static let defaultMemoryLimit = 1 << 30
    /// Whether programs record what the concurrency runtime does (the
    /// runtime timeline); off with `ASYNC_TOUR_TRACE=0` or `--no-trace`.
    public var tracing = true

    public init(compiler: SnippetCompiler, environment: [String: String],
                serverProvider: (@Sendable () async throws -> String)? = nil) {
        self.compiler = compiler
        self.environment = environment
        self.serverProvider = serverProvider
        tracing = environment["ASYNC_TOUR_TRACE"] != "0"
    }

    /// Compiles (or fetches from the cache) and runs one snippet. Cancelling
    /// the calling task stops the program: SIGINT, then SIGKILL after a grace
    /// period. `onLine` sees each line as soon as it is printed.
    public func run(_ snippet: Snippet, in lesson: Lesson,
                    onLine: (@Sendable (OutputLine) -> Void)? = nil) async -> RunReport {
        if let platform = snippet.attributes.platform, platform != .current {
            return RunReport(ending: .unavailable(platform == .darwin ? localized("this snippet is for Apple platforms only (os=\(platform.rawValue))")
                                                          : localized("this snippet is for Linux only (os=\(platform.rawValue))")))
        }
        if snippet.language == .python { return await runPython(snippet, in: lesson, onLine: onLine) }
        let first = await run(snippet, in: lesson, outcome: compiler.compile(snippet, lessonPath: lesson.path), onLine: onLine)
        // A cached program that cannot start, or that dies before the
        // harness's first event, is suspect: the file may be damaged. It is
        // built again once, and the learner told; a program that fails the
        // same way after a fresh build is the snippet's own doing.
        guard first.cachedProgramFailedToStart, !Task.isCancelled else { return first.report }
        let reason = first.report.endingSummary ?? localized("unknown")
        let notice = localized("the cached program could not start (\(reason)), so it was built again")
        let again = await compiler.rebuild(snippet, lessonPath: lesson.path, notice: notice)
        return await run(snippet, in: lesson, outcome: again, onLine: onLine).report
    }

    private func run(_ snippet: Snippet, in lesson: Lesson, outcome: CompileOutcome,
                     onLine: (@Sendable (OutputLine) -> Void)?) async -> (report: RunReport, cachedProgramFailedToStart: Bool) {
        let program: CompiledProgram
        switch outcome {
        case .compiled(let compiled): program = compiled
        case .failed(let diagnostics, let fromCache):
            return (RunReport(ending: .compileFailed(diagnostics: diagnostics), compile: CompileInfo(seconds: 0, fromCache: fromCache)), false)
        case .unavailable(let reason):
            guard Task.isCancelled else { return (RunReport(ending: .unavailable(reason)), false) }
            return (Self.cancelledBeforeStart, false)
        }
        if Task.isCancelled { return (Self.cancelledBeforeStart, false) }
        var childEnvironment = environment
        childEnvironment["ASYNC_TOUR_EVENT_FD"] = "3"
        childEnvironment["SWIFT_BACKTRACE"] = "enable=no"
        if snippet.attributes.needsServer {
            guard let serverProvider else {
                return (RunReport(ending: .unavailable(localized("this snippet needs the local HTTP server, which this runner cannot start"))), false)
            }
            do {
                childEnvironment["ASYNC_TOUR_SERVER"] = try await serverProvider()
            } catch {
                return (RunReport(ending: .unavailable(localized("cannot start the local HTTP server: \(error)"))), false)
            }
        }
        // Messages that name a line of the snippet (fatalError, precondition)
        // are shown at the chapter's line, as the compiler's are.
        let map = SourceMap(snippet: snippet, lessonPath: lesson.path)
        var mapped: (@Sendable (OutputLine) -> Void)?
        if let onLine {
            mapped = { @Sendable (line: OutputLine) in
                var line = line
                line.text = map.remap(line.text)
                onLine(line)
            }
        }
        var (report, started) = await execute(program, timeout: snippet.attributes.timeout,
                                              memoryLimit: snippet.attributes.memoryLimit ?? memoryLimit,
                                              environment: childEnvironment, input: snippet.stdin.map { Array($0.utf8) },
                                              onLine: mapped)
        for index in report.lines.indices { report.lines[index].text = map.remap(report.lines[index].text) }
        let failedToStart: Bool
        switch report.ending {
        case .unavailable, .crashed: failedToStart = !started
        default: failedToStart = false
        }
        return (report, program.fromCache && failedToStart)
    }

    /// Runs an already compiled program.
    /// Output a report keeps before the program is stopped.
    public static let outputLimit = 4 << 20
    /// Bytes read from the program's pipes before it is stopped, whatever
    /// the transcript keeps of them.
    static let readLimit = 256 << 20

    private static var cancelledBeforeStart: RunReport {
        var report = RunReport(ending: .cancelled)
        report.cancelledBeforeStart = true
        return report
    }

    /// Also says whether the harness's start event arrived.
    func execute(_ program: CompiledProgram, arguments: [String] = [], tracing: Bool? = nil, timeout: Double, memoryLimit: Int = 0, environment: [String: String],
                 input: [UInt8]? = nil, onLine: (@Sendable (OutputLine) -> Void)?) async -> (RunReport, started: Bool) {
        let traceFile = (tracing ?? self.tracing) ? TraceFile() : nil
        var environment = environment
        if traceFile != nil { environment["ASYNC_TOUR_TRACE_FD"] = "4" }
        var child = ChildProcess(executable: program.executable, arguments: arguments, environment: environment,
                                 timeout: timeout, eventsPipe: true)
        child.eventsOnStdout = true
        child.memoryLimit = memoryLimit
        child.input = input
        // The transcript keeps at most 16 KiB of a line, so what is kept,
        // not what is read, is held to the output limit: a learner's
        // print(Array(0..<1_000_000)) is one 7 MB line that runs to its end.
        // The pipes are read up to a far larger bound.
        child.outputLimit = Self.outputLimit
        child.lineCap = TranscriptBuilder.lineLimit
        child.readLimit = Self.readLimit
        child.keepsChunks = false
        let control = ChildControl()
        child.traceDescriptor = traceFile?.descriptor
        // The reader thread only hands chunks over; building lines and
        // showing them happen here, so a program that prints fast is never
        // held up waiting for the tour to draw its output.
        let (chunks, handOver) = AsyncStream.makeStream(of: ChildChunk.self, bufferingPolicy: .unbounded)
        let live = traceFile.map { LiveTraceReader($0) }
        // Made before the child starts: no event may claim an earlier time.
        let initial = TranscriptBuilder(origin: Clock.now())
        let consumer = Task { () -> TranscriptBuilder in
            var builder = initial
            var liveLabels: [Int: String] = [:]
            for await chunk in chunks {
                let fresh = builder.feed(chunk)
                guard let onLine else { continue }
                for var line in fresh {
                    // Unnamed tasks are numbered as the final report numbers
                    // them: in creation order, from the trace read so far.
                    if let live, let lane = line.lane, builder.lanes.indices.contains(lane), let id = builder.lanes[lane].taskID {
                        if let label = liveLabels[lane] {
                            line.laneLabel = label
                        } else if builder.mainTask == nil, { live.poll(); return live.mainTask == id }() {
                            // An `@main` program's main task, as the report will call it.
                            liveLabels[lane] = "main"
                            line.laneLabel = "main"
                        } else if builder.lanes[lane].label.hasPrefix("task ") {
                            let label = "task \(live.number(of: id, mainTask: builder.mainTask.flatMap { UInt64($0) }))"
                            liveLabels[lane] = label
                            line.laneLabel = label
                        } else if let name = builder.lanes[lane].name, let label = live.label(ofNamed: id, name: name) {
                            // Namesakes are told apart in creation order, as the report will.
                            liveLabels[lane] = label
                            line.laneLabel = label
                        }
                    }
                    onLine(line)
                }
            }
            return builder
        }
        let result = await child.run(control: control) { chunk in handOver.yield(chunk) }
        handOver.finish()
        var transcript = await consumer.value
        let rest = transcript.finish(at: result.endedAt)
        if let onLine { rest.forEach(onLine) }
        let origin = transcript.startSeen ? transcript.origin : result.spawnedAt
        let end = transcript.endTime ?? result.endedAt
        var report = RunReport(
            ending: .exited(code: 0),
            lines: transcript.lines,
            lanes: transcript.lanes,
            wall: end > origin ? Double(end - origin) / 1e9 : 0,
            cpu: result.cpuSeconds,
            peakMemoryBytes: transcript.peakMemoryBytes ?? result.peakMemoryBytes,
            threads: transcript.threadCount,
            peakThreads: result.peakThreads,
            compile: CompileInfo(seconds: program.compileSeconds, fromCache: program.fromCache, warnings: program.warnings,
                                 notice: program.notice))
        report.lanesSpanTaskLives = transcript.taskEventsSeen
        // Top-level code runs until the program ends, so the main lane does too.
        if transcript.startSeen, !report.lanes.isEmpty, report.lanes[0].label == "main" {
            report.lanes[0].last = max(report.lanes[0].last, report.wall)
        }
        if let traceFile {
            let contents = traceFile.read()
            if contents.installed, contents.replaced, transcript.startSeen {
                report.traceNote = localized("""
                    the program installed executors of its own, which the runtime timeline cannot follow; \
                    the lanes below come from the program's prints
                    """)
            } else if contents.installed, transcript.startSeen {
                let mainTask = transcript.mainTask.flatMap { UInt64($0) }
                var trace = RuntimeTrace.build(contents.records, origin: origin, end: max(end, origin), mainTask: mainTask,
                                               mainThread: transcript.mainThread.flatMap { UInt64($0) },
                                               ranToCompletion: result.exitedNormally, earliest: result.spawnedAt,
                                               latest: result.endedAt)
                trace.outcomesKnown = contents.outcomesKnown
                report.relabel(by: trace, mainTask: trace.mainTask ?? mainTask)
            } else if transcript.startSeen {
                report.traceNote = localized("""
                    the runtime timeline is not available here (this toolchain's runtime did not take the \
                    recording executors); the lanes below come from the program's prints
                    """)
            }
        }
        switch result.ending {
        case .exited(let code): report.ending = .exited(code: code)
        case .signalled(let signal): report.ending = .crashed(signal: signal)
        case .timedOut:
            report.ending = .timedOut(limit: timeout)
            report.wall = timeout
        case .cancelled:
            report.ending = .cancelled
            report.stoppedByItself = !result.forced && result.exitedNormally
            // Died of a signal the tour did not send: SIGINT is the tour's
            // (a program with no task to cancel dies of it at once).
            report.crashedWhenCancelled = !result.forced && !result.exitedNormally
                && result.deathSignal != nil && result.deathSignal != SIGINT && result.deathSignal != SIGKILL
        case .outputLimit: report.ending = .outputLimit(bytes: Self.outputLimit)
        case .memoryLimit: report.ending = .memoryLimit(bytes: memoryLimit)
        case .launchFailed(let message): report.ending = .unavailable(message)
        }
        return (report, transcript.startSeen)
    }
}
