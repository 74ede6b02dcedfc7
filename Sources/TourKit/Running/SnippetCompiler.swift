internal import CTourSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A snippet's program, ready to run.
public struct CompiledProgram: Sendable, Equatable {
    public var executable: String
    /// Seconds swiftc took; 0 when it came from the cache.
    public var compileSeconds: Double
    public var fromCache: Bool
    /// What the compiler warned about, located in the markdown file; empty
    /// when it built without a word.
    public var warnings: String = ""
    /// Why the program was built again although it was cached (the cached
    /// copy was damaged), for the learner; nil otherwise.
    public var notice: String?
}

public enum CompileOutcome: Sendable, Equatable {
    case compiled(CompiledProgram)
    /// The compiler's diagnostics, located in the markdown file.
    case failed(diagnostics: String, fromCache: Bool)
    /// No program could be built for a reason other than the code.
    case unavailable(String)
}

/// Compiles snippets as `main.swift` plus the harness, caching the result by
/// the content of everything that goes into the build.
public actor SnippetCompiler {
    public nonisolated let toolchain: Toolchain
    public nonisolated let cacheDirectory: String
    /// Compiles under way, with how many callers still wait for each: a
    /// compile nobody waits for any more is cancelled, and swiftc stopped.
    private var inFlight: [String: (task: Task<CompileOutcome, Never>, waiters: Int)] = [:]
    private let environment: [String: String]

    public init(toolchain: Toolchain, cacheDirectory: String, environment: [String: String]) {
        self.toolchain = toolchain
        self.cacheDirectory = cacheDirectory
        self.environment = environment
        Self.removeStaleWorkDirectories(in: cacheDirectory + "/tmp")
    }

    /// Build folders left by a tour that crashed or was killed mid-compile.
    /// A compile in progress holds an flock on its folder's `.lock`, so the
    /// folders of another tour compiling right now are left alone.
    static func removeStaleWorkDirectories(in directory: String) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            let folder = directory + "/" + name
            let fd = open(folder + "/.lock", O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                defer { close(fd) }
                guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            } else {
                // No lock file: made before the lock was taken, or by an old
                // version. Leave it a minute, the time a compile could need
                // to get as far as taking its lock.
                let modified = (try? manager.attributesOfItem(atPath: folder)[.modificationDate] as? Date) ?? .distantPast
                guard Date().timeIntervalSince(modified) > 60 else { continue }
            }
            try? manager.removeItem(atPath: folder)
        }
    }

    /// The `main.swift` compiled for a snippet: one line to start the clock
    /// (none for an `@main` program, which the entry file starts), the
    /// prelude, then the snippet unchanged.
    ///
    /// The code is placed under fixed file names from line 1
    /// (``SourceMap``), not at its markdown lines: the source, and so the
    /// cache key, stays the same when prose above the snippet changes.
    /// Diagnostics and runtime messages are mapped back to the markdown
    /// file and line afterwards.
    public nonisolated static func mainSource(for snippet: Snippet, lessonPath: String) -> String {
        var source = snippet.hasMainAttribute ? "" : "\(Harness.startCall)\n"
        if let prelude = snippet.prelude {
            var code = snippet.buildSource(for: prelude.code)
            if !code.hasSuffix("\n") { code += "\n" }
            source += "#sourceLocation(file: \"\(SourceMap.preludeFile)\", line: 1)\n\(code)"
        }
        var code = snippet.buildSource(for: snippet.code)
        if !code.hasSuffix("\n") { code += "\n" }
        return source + "#sourceLocation(file: \"\(SourceMap.codeFile)\", line: 1)\n\(code)#sourceLocation()\n"
    }

    /// The file an `@main` program is compiled as: `main.swift` may not
    /// hold `@main`.
    nonisolated static func snippetFileName(for snippet: Snippet) -> String {
        snippet.hasMainAttribute ? "Snippet.swift" : "main.swift"
    }

    nonisolated func flags(for snippet: Snippet) -> [String] {
        var flags = snippet.attributes.compilerFlags
            + ["-swift-version", snippet.attributes.mode.rawValue, "-diagnostic-style", "llvm", "-module-name", "Snippet"]
        if snippet.hasMainAttribute {
            // The program's own entry point is renamed; the harness's entry
            // file starts the clock and calls it.
            flags += ["-parse-as-library", "-Xfrontend", "-entry-point-function-name", "-Xfrontend", Harness.userMainSymbol]
        }
        return flags
    }

    /// Everything that goes into the build, and nothing about where the
    /// snippet stands in its chapter: moving it, or editing the prose around
    /// it, keeps its cached program. A translated chapter's snippet is
    /// compiled from the original's code (``Snippet/originals``), so it
    /// shares the original's program.
    nonisolated func keyMaterial(for snippet: Snippet, lessonPath: String) -> String {
        [Self.mainSource(for: snippet, lessonPath: lessonPath), Harness.source(runtimeInTracer: tracerObject() != nil),
         snippet.hasMainAttribute ? Harness.entrySource : "", Harness.linkerFlags.joined(separator: " "),
         tracerObject() ?? "no tracer", flags(for: snippet).joined(separator: " "), toolchain.swiftc, toolchain.version]
            .joined(separator: "\n\u{1E}\n")
    }

    private nonisolated func entryDirectory(for key: String) -> String {
        cacheDirectory + "/snippets/" + StableHash.hex(key)
    }

    /// The cached program for a snippet, without compiling.
    public nonisolated func cached(_ snippet: Snippet, lessonPath: String) -> CompileOutcome? {
        let key = keyMaterial(for: snippet, lessonPath: lessonPath)
        let map = SourceMap(snippet: snippet, lessonPath: lessonPath)
        let directory = entryDirectory(for: key)
        guard let stored = try? String(contentsOfFile: directory + "/key", encoding: .utf8), stored == key else { return nil }
        if FileManager.default.fileExists(atPath: directory + "/program") {
            // A program truncated or overwritten since it was built is not
            // used: the caller builds it again.
            guard Self.digestMatches(directory) else { return nil }
            let warnings = (try? String(contentsOfFile: directory + "/warnings", encoding: .utf8)) ?? ""
            return .compiled(CompiledProgram(executable: directory + "/program", compileSeconds: 0, fromCache: true,
                                             warnings: map.remap(Self.dropHarnessNotes(warnings))))
        }
        if let diagnostics = try? String(contentsOfFile: directory + "/diagnostics", encoding: .utf8) {
            return .failed(diagnostics: map.remap(Self.dropHarnessNotes(diagnostics)), fromCache: true)
        }
        return nil
    }

    // MARK: The tracer, built once per toolchain

    /// The tracer's build under way, and how many compiles wait for it: the
    /// last one to be cancelled cancels the build (and swiftc with it).
    private var tracerBuild: (task: Task<Void, Never>, waiters: Int)?
    /// The build ran to its end without an object: not tried again.
    private var tracerUnavailable = false

    nonisolated var tracerDirectory: String {
        cacheDirectory + "/tracer/" + StableHash.hex([HarnessTracer.source, HarnessTracer.switchSource, toolchain.swiftc, toolchain.version]
            .joined(separator: "\n"))
    }

    /// The recording executors' object, linked into every snippet, once built.
    nonisolated func tracerObject() -> String? {
        let path = tracerDirectory + "/" + HarnessTracer.moduleName + ".o"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Builds the tracer's object if it is not there yet; concurrent
    /// callers share one build, and a failed build is not tried again by
    /// this process (snippets are then built without it, and drawn from
    /// their prints).
    func prepareTracer() async {
        #if os(Linux)
        if tracerUnavailable || tracerObject() != nil { return }
        let build: Task<Void, Never>
        if let running = tracerBuild {
            build = running.task
            tracerBuild?.waiters += 1
        } else {
            build = Task { await self.buildTracer() }
            tracerBuild = (build, 1)
        }
        let waiting = Waiting()
        _ = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting.hold(continuation)
                Task {
                    await build.value
                    waiting.resume(.unavailable(""))
                }
            }
        } onCancel: {
            Task { await self.leaveTracerBuild(waiting) }
        }
        if tracerBuild?.task == build, !Task.isCancelled {
            tracerBuild = nil
            tracerUnavailable = tracerObject() == nil
        }
        #endif
    }

    /// Like ``leave(_:_:)`` for the tracer's build.
    private func leaveTracerBuild(_ waiting: Waiting) {
        guard var entry = tracerBuild else { return }
        entry.waiters -= 1
        if entry.waiters <= 0 {
            entry.task.cancel()
            tracerBuild = nil
        } else {
            tracerBuild = entry
            waiting.resume(.unavailable(localized("compilation cancelled")))
        }
    }

    private nonisolated func buildTracer() async {
        let manager = FileManager.default
        let work = cacheDirectory + "/tmp/" + UUID().uuidString
        guard (try? manager.createDirectory(atPath: work, withIntermediateDirectories: true)) != nil else { return }
        defer { try? manager.removeItem(atPath: work) }
        let lock = open(work + "/.lock", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { close(lock) } }
        let source = work + "/" + HarnessTracer.fileName
        let switchSource = work + "/" + HarnessTracer.switchFileName
        let swiftObject = work + "/swift.o", switchObject = work + "/switch.o"
        let object = work + "/" + HarnessTracer.moduleName + ".o"
        guard (try? HarnessTracer.source.write(toFile: source, atomically: false, encoding: .utf8)) != nil,
              (try? HarnessTracer.switchSource.write(toFile: switchSource, atomically: false, encoding: .utf8)) != nil,
              let clang = Self.clang(besides: toolchain.swiftc, environment: environment) else { return }
        // The Swift half, the C half (the swiftasync wrapper Swift cannot
        // declare), and one relocatable object of both: every place that
        // links the tracer names one file.
        let steps: [(String, [String])] = [
            (toolchain.swiftc, ["-O", "-parse-as-library", "-module-name", HarnessTracer.moduleName, "-c", source, "-o", swiftObject]),
            (clang, ["-O2", "-fPIC", "-c", switchSource, "-o", switchObject]),
            (clang, ["-r", swiftObject, switchObject, "-o", object]),
        ]
        for (executable, arguments) in steps {
            let child = ChildProcess(executable: executable, arguments: arguments, environment: environment, timeout: 300)
            guard await child.run().ending == .exited(0) else { return }
        }
        guard manager.fileExists(atPath: object) else { return }
        for leftover in [source, switchSource, swiftObject, switchObject, work + "/.lock"] { try? manager.removeItem(atPath: leftover) }
        try? manager.createDirectory(atPath: cacheDirectory + "/tracer", withIntermediateDirectories: true)
        // Another tour may have stored it first; either copy is the same.
        if (try? manager.moveItem(atPath: work, toPath: tracerDirectory)) == nil, tracerObject() == nil {
            try? manager.removeItem(atPath: tracerDirectory)
            try? manager.moveItem(atPath: work, toPath: tracerDirectory)
        }
    }

    /// The toolchain's clang, beside its swiftc (every Swift toolchain for
    /// Linux has one: swiftc links through it), else the first on `PATH`.
    nonisolated static func clang(besides swiftc: String, environment: [String: String]) -> String? {
        let manager = FileManager.default
        let resolved = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath().deletingLastPathComponent().path
        for directory in [resolved, URL(fileURLWithPath: swiftc).deletingLastPathComponent().path]
            + (environment["PATH"] ?? "").split(separator: ":").map(String.init) where !directory.isEmpty {
            if manager.isExecutableFile(atPath: directory + "/clang") { return directory + "/clang" }
        }
        return nil
    }

    /// `size digest` of a program, as stored beside it.
    nonisolated static func digestLine(of program: String) -> String? {
        var size: Int64 = 0
        let digest = tour_file_digest(program, &size)
        return digest == 0 ? nil : "\(size) \(String(digest, radix: 16))"
    }

    nonisolated static func digestMatches(_ directory: String) -> Bool {
        guard let recorded = try? String(contentsOfFile: directory + "/digest", encoding: .utf8),
              let actual = digestLine(of: directory + "/program") else { return false }
        return recorded == actual
    }

    /// Compiles a snippet, or returns the cached result. Concurrent requests
    /// for the same snippet share one compile. A cached entry that is
    /// there but damaged is built again, and the outcome says so.
    /// Cancelling the caller stops the compile once no one else waits for it.
    public func compile(_ snippet: Snippet, lessonPath: String) async -> CompileOutcome {
        // A Python snippet runs as it is, with python3.
        if snippet.language == .python { return .unavailable(localized("a python snippet is not compiled")) }
        await prepareTracer()
        if Task.isCancelled { return .unavailable(localized("compilation cancelled")) }
        if let hit = cached(snippet, lessonPath: lessonPath) { return hit }
        let key = keyMaterial(for: snippet, lessonPath: lessonPath)
        let damaged = FileManager.default.fileExists(atPath: entryDirectory(for: key) + "/program")
        return await compile(snippet, lessonPath: lessonPath, key: key,
                             notice: damaged ? localized("the cached program was damaged, so it was built again") : nil)
    }

    /// Builds a snippet again although it is cached: its cached program
    /// could not start. The outcome carries `notice`.
    public func rebuild(_ snippet: Snippet, lessonPath: String, notice: String) async -> CompileOutcome {
        let key = keyMaterial(for: snippet, lessonPath: lessonPath)
        try? FileManager.default.removeItem(atPath: entryDirectory(for: key))
        return await compile(snippet, lessonPath: lessonPath, key: key, notice: notice)
    }

    private func compile(_ snippet: Snippet, lessonPath: String, key: String, notice: String?) async -> CompileOutcome {
        let task: Task<CompileOutcome, Never>
        if let running = inFlight[key] {
            task = running.task
            inFlight[key]?.waiters += 1
        } else {
            task = Task { await self.build(snippet, lessonPath: lessonPath, key: key) }
            inFlight[key] = (task, 1)
        }
        let waiting = Waiting()
        var outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting.hold(continuation)
                Task { waiting.resume(await task.value) }
            }
        } onCancel: {
            Task { await self.leave(key, waiting) }
        }
        // A cancelled caller may have stopped waiting while the compile goes
        // on for others; only a caller that saw it end clears the entry.
        if !Task.isCancelled, inFlight[key]?.task == task { inFlight[key] = nil }
        if let notice, case .compiled(var program) = outcome {
            program.notice = notice
            outcome = .compiled(program)
        }
        return outcome
    }

    /// A continuation resumed by whichever comes first, exactly once.
    private final class Waiting: Sendable {
        private let slot = Mutex<CheckedContinuation<CompileOutcome, Never>?>(nil)

        func hold(_ continuation: CheckedContinuation<CompileOutcome, Never>) {
            slot.withLock { $0 = continuation }
        }

        func resume(_ outcome: CompileOutcome) {
            slot.withLock { held in
                held?.resume(returning: outcome)
                held = nil
            }
        }
    }

    /// A waiter was cancelled. While another caller still wants the
    /// compile, this one stops waiting at once. The last one to go cancels
    /// the compile and waits for it to end, so that once it returns swiftc
    /// has been stopped and its build folder removed.
    private func leave(_ key: String, _ waiting: Waiting) {
        guard var entry = inFlight[key] else { return }
        entry.waiters -= 1
        if entry.waiters <= 0 {
            entry.task.cancel()
            inFlight[key] = nil
        } else {
            inFlight[key] = entry
            waiting.resume(.unavailable(localized("compilation cancelled")))
        }
    }

    private nonisolated func build(_ snippet: Snippet, lessonPath: String, key: String) async -> CompileOutcome {
        let manager = FileManager.default
        // Looked at once: the harness file and the link must agree on where
        // the harness's runtime is.
        let tracer = tracerObject()
        let work = cacheDirectory + "/tmp/" + UUID().uuidString
        var lock: Int32 = -1
        defer { if lock >= 0 { close(lock) } }
        do {
            try manager.createDirectory(atPath: work, withIntermediateDirectories: true)
            // Held for the whole compile: the folder is in use, not stale.
            lock = open(work + "/.lock", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            if lock >= 0 { flock(lock, LOCK_EX) }
            try Self.mainSource(for: snippet, lessonPath: lessonPath)
                .write(toFile: work + "/" + Self.snippetFileName(for: snippet), atomically: false, encoding: .utf8)
            try Harness.source(runtimeInTracer: tracer != nil).write(toFile: work + "/" + Harness.fileName, atomically: false, encoding: .utf8)
            if snippet.hasMainAttribute {
                try Harness.entrySource.write(toFile: work + "/" + Harness.entryFileName, atomically: false, encoding: .utf8)
            }
            try key.write(toFile: work + "/key", atomically: false, encoding: .utf8)
        } catch {
            try? manager.removeItem(atPath: work)
            let reason = Self.reason(error)
            return .unavailable(localized("""
                cannot write to the cache directory \(cacheDirectory): \(reason); \
                make it writable, or point XDG_CACHE_HOME elsewhere
                """))
        }
        defer { try? manager.removeItem(atPath: work) }
        if Task.isCancelled { return .unavailable(localized("compilation cancelled")) }
        let started = Date()
        let sources = [work + "/" + Self.snippetFileName(for: snippet), work + "/" + Harness.fileName]
            + (snippet.hasMainAttribute ? [work + "/" + Harness.entryFileName] : [])
        let arguments = flags(for: snippet) + sources + (tracer.map { [$0] + HarnessTracer.linkerFlags } ?? [])
            + Harness.linkerFlags + ["-o", work + "/program"]
        var child = ChildProcess(executable: toolchain.swiftc, arguments: arguments, environment: environment, timeout: 300)
        child.cancelTeardown = .interrupt(grace: 0.2)
        let result = await child.run()
        let seconds = Date().timeIntervalSince(started)
        // Stored as the compiler wrote them, at the snippet's own lines, and
        // mapped to the markdown lines each time they are read.
        let output = Self.cleanDiagnostics(result.text(of: .stderr) + result.text(of: .stdout), workDirectory: work)
        let map = SourceMap(snippet: snippet, lessonPath: lessonPath)
        switch result.ending {
        case .exited(0):
            break
        case .exited:
            try? output.write(toFile: work + "/diagnostics", atomically: false, encoding: .utf8)
            try? manager.removeItem(atPath: work + "/program")
            try? manager.removeItem(atPath: work + "/.lock")
            store(work, as: entryDirectory(for: key))
            return .failed(diagnostics: map.remap(output), fromCache: false)
        case .cancelled:
            return .unavailable(localized("compilation cancelled"))
        default:
            return .unavailable(localized("swiftc did not finish (\(result.ending)): \(output)"))
        }
        for file in [Self.snippetFileName(for: snippet), Harness.fileName, Harness.entryFileName, ".lock"] {
            try? manager.removeItem(atPath: work + "/" + file)
        }
        guard let digest = Self.digestLine(of: work + "/program"),
              (try? digest.write(toFile: work + "/digest", atomically: false, encoding: .utf8)) != nil else {
            return .unavailable(localized("swiftc reported success but \(work)/program cannot be read"))
        }
        let warnings = output.contains(": warning: ") ? output : ""
        if !warnings.isEmpty { try? warnings.write(toFile: work + "/warnings", atomically: false, encoding: .utf8) }
        let final = entryDirectory(for: key)
        store(work, as: final)
        return .compiled(CompiledProgram(executable: final + "/program", compileSeconds: seconds, fromCache: false,
                                         warnings: map.remap(warnings)))
    }

    /// Moves a finished entry into place. If another process stored the same
    /// entry first, theirs is kept.
    private nonisolated func store(_ work: String, as final: String) {
        let manager = FileManager.default
        try? manager.createDirectory(atPath: cacheDirectory + "/snippets", withIntermediateDirectories: true)
        if manager.fileExists(atPath: final) {
            let stale = final + ".stale-" + UUID().uuidString
            if (try? manager.moveItem(atPath: final, toPath: stale)) != nil { try? manager.removeItem(atPath: stale) }
        }
        try? manager.moveItem(atPath: work, toPath: final)
    }

    /// A file system error in words, not "NSCocoaErrorDomain error 512".
    static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if (error as NSError).domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32((error as NSError).code))) }
        return error.localizedDescription
    }

    /// Compiler output mentions the temporary build directory; show the
    /// harness by name and never a temporary path. Notes about the harness's own first line (`@main` is refused
    /// because of it) are dropped with the source and caret lines under
    /// them: the learner did not write that line.
    static func cleanDiagnostics(_ text: String, workDirectory: String) -> String {
        let cleaned = text.replacingOccurrences(of: workDirectory + "/" + Harness.fileName, with: "<async-tour harness>")
            .replacingOccurrences(of: workDirectory + "/main.swift", with: "<snippet>")
            .replacingOccurrences(of: workDirectory + "/Snippet.swift", with: "<snippet>")
            .replacingOccurrences(of: workDirectory + "/" + Harness.entryFileName, with: "<async-tour harness>")
            .replacingOccurrences(of: workDirectory + "/", with: "")
            .replacingOccurrences(of: workDirectory, with: "<build>")
        return dropHarnessNotes(cleaned)
    }

    /// Also applied to diagnostics read from the cache, which an older
    /// version may have stored with the notes.
    static func dropHarnessNotes(_ cleaned: String) -> String {
        var kept: [Substring] = []
        var skipping = false
        for line in cleaned.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("<snippet>:1:") && line.contains(": note: ") {
                skipping = true
                continue
            }
            // A message line of any file ends what was being skipped.
            if skipping, line.contains(": error: ") || line.contains(": warning: ") || line.contains(": note: ") {
                skipping = false
            }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }
}
