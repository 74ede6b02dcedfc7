import Foundation

/// A snippet's program, ready to run.
public struct CompiledProgram: Sendable, Equatable {
    public var executable: String
    /// Seconds swiftc took; 0 when it came from the cache.
    public var compileSeconds: Double
    public var fromCache: Bool
    /// What the compiler warned about, located in the markdown file; empty
    /// when it built without a word.
    public var warnings: String = ""
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
    private var inFlight: [String: Task<CompileOutcome, Never>] = [:]
    private let environment: [String: String]

    public init(toolchain: Toolchain, cacheDirectory: String, environment: [String: String]) {
        self.toolchain = toolchain
        self.cacheDirectory = cacheDirectory
        self.environment = environment
    }

    /// The `main.swift` compiled for a snippet: one line to start the clock,
    /// then the snippet unchanged, mapped back to its markdown lines.
    public nonisolated static func mainSource(for snippet: Snippet, lessonPath: String) -> String {
        let escaped = lessonPath.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var code = snippet.code
        if !code.hasSuffix("\n") { code += "\n" }
        return "\(Harness.startCall)\n#sourceLocation(file: \"\(escaped)\", line: \(snippet.firstCodeLine))\n\(code)#sourceLocation()\n"
    }

    nonisolated func flags(for snippet: Snippet) -> [String] {
        ["-Onone", "-swift-version", snippet.attributes.mode.rawValue, "-diagnostic-style", "llvm", "-module-name", "Snippet"]
    }

    nonisolated func keyMaterial(for snippet: Snippet, lessonPath: String) -> String {
        [Self.mainSource(for: snippet, lessonPath: lessonPath), Harness.source,
         flags(for: snippet).joined(separator: " "), toolchain.swiftc, toolchain.version]
            .joined(separator: "\n\u{1E}\n")
    }

    private nonisolated func entryDirectory(for key: String) -> String {
        cacheDirectory + "/snippets/" + StableHash.hex(key)
    }

    /// The cached program for a snippet, without compiling.
    public nonisolated func cached(_ snippet: Snippet, lessonPath: String) -> CompileOutcome? {
        let key = keyMaterial(for: snippet, lessonPath: lessonPath)
        let directory = entryDirectory(for: key)
        guard let stored = try? String(contentsOfFile: directory + "/key", encoding: .utf8), stored == key else { return nil }
        if FileManager.default.isExecutableFile(atPath: directory + "/program") {
            let warnings = (try? String(contentsOfFile: directory + "/warnings", encoding: .utf8)) ?? ""
            return .compiled(CompiledProgram(executable: directory + "/program", compileSeconds: 0, fromCache: true,
                                             warnings: Self.dropHarnessNotes(warnings)))
        }
        if let diagnostics = try? String(contentsOfFile: directory + "/diagnostics", encoding: .utf8) {
            return .failed(diagnostics: Self.dropHarnessNotes(diagnostics), fromCache: true)
        }
        return nil
    }

    /// Compiles a snippet, or returns the cached result. Concurrent requests
    /// for the same snippet share one compile.
    public func compile(_ snippet: Snippet, lessonPath: String) async -> CompileOutcome {
        if let hit = cached(snippet, lessonPath: lessonPath) { return hit }
        let key = keyMaterial(for: snippet, lessonPath: lessonPath)
        if let running = inFlight[key] { return await running.value }
        let task = Task { await self.build(snippet, lessonPath: lessonPath, key: key) }
        inFlight[key] = task
        let outcome = await task.value
        inFlight[key] = nil
        return outcome
    }

    private nonisolated func build(_ snippet: Snippet, lessonPath: String, key: String) async -> CompileOutcome {
        let manager = FileManager.default
        let work = cacheDirectory + "/tmp/" + UUID().uuidString
        do {
            try manager.createDirectory(atPath: work, withIntermediateDirectories: true)
            try Self.mainSource(for: snippet, lessonPath: lessonPath).write(toFile: work + "/main.swift", atomically: false, encoding: .utf8)
            try Harness.source.write(toFile: work + "/" + Harness.fileName, atomically: false, encoding: .utf8)
            try key.write(toFile: work + "/key", atomically: false, encoding: .utf8)
        } catch {
            try? manager.removeItem(atPath: work)
            return .unavailable("cannot write to the cache directory \(cacheDirectory): \(error.localizedDescription)")
        }
        defer { try? manager.removeItem(atPath: work) }
        let started = Date()
        let arguments = flags(for: snippet) + [work + "/main.swift", work + "/" + Harness.fileName, "-o", work + "/program"]
        let child = ChildProcess(executable: toolchain.swiftc, arguments: arguments, environment: environment, timeout: 300)
        let result = await child.run()
        let seconds = Date().timeIntervalSince(started)
        let output = Self.cleanDiagnostics(result.text(of: .stderr) + result.text(of: .stdout), workDirectory: work)
        switch result.ending {
        case .exited(0):
            break
        case .exited:
            try? output.write(toFile: work + "/diagnostics", atomically: false, encoding: .utf8)
            try? manager.removeItem(atPath: work + "/program")
            store(work, as: entryDirectory(for: key))
            return .failed(diagnostics: output, fromCache: false)
        case .cancelled:
            return .unavailable("compilation cancelled")
        default:
            return .unavailable("swiftc did not finish (\(result.ending)): \(output)")
        }
        for file in ["main.swift", Harness.fileName] { try? manager.removeItem(atPath: work + "/" + file) }
        let warnings = output.contains(": warning: ") ? output : ""
        if !warnings.isEmpty { try? warnings.write(toFile: work + "/warnings", atomically: false, encoding: .utf8) }
        let final = entryDirectory(for: key)
        store(work, as: final)
        return .compiled(CompiledProgram(executable: final + "/program", compileSeconds: seconds, fromCache: false,
                                         warnings: warnings))
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

    /// Compiler output mentions the temporary build directory; show the
    /// harness by name and never a temporary path. Notes about the harness's own first line (`@main` is refused
    /// because of it) are dropped with the source and caret lines under
    /// them: the learner did not write that line.
    static func cleanDiagnostics(_ text: String, workDirectory: String) -> String {
        let cleaned = text.replacingOccurrences(of: workDirectory + "/" + Harness.fileName, with: "<async-tour harness>")
            .replacingOccurrences(of: workDirectory + "/main.swift", with: "<snippet>")
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
