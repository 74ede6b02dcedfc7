public import TourKit

/// What became of one entry, for the terminal side to show.
public struct ReplOutcome: Sendable {
    public enum Result: Sendable {
        /// Refused before compiling: the reasons.
        case refused([String])
        case compileFailed(String)
        case unavailable(String)
        case ran(ReplRun)
    }

    public var label: String
    public var result: Result
    /// One-line notes: what the entry replaces.
    public var notes: [String] = []
    public var warnings = ""
    public var compileSeconds: Double = 0
    /// Values the host lost when it had to be restarted.
    public var lost: [ReplVariable] = []
    /// Values whose type cannot be named in Swift, kept but not visible later.
    public var unnameable: [ReplVariable] = []
    /// The host could not be started again (the session cannot go on).
    public var restartProblem: String?
}

/// The REPL without a terminal: compiles each entry against the earlier
/// ones, runs it in the host, keeps what it declared and the values it left.
public actor ReplEngine {
    public let host: ReplHost
    public private(set) var program = ReplProgram()
    /// Entries shown to the learner (`entry 3`); failed compiles count too.
    public private(set) var entryCount = 0
    public let timeout: Double
    public let languageMode: LanguageMode
    public static let sizeLimit = 512 * 1024

    public init(host: ReplHost, timeout: Double = 30, languageMode: LanguageMode = .swift6) {
        self.host = host
        self.timeout = timeout
        self.languageMode = languageMode
    }

    /// Builds the host if needed and starts it.
    public static func make(toolchain: Toolchain, cacheDirectory: String, environment: [String: String],
                            timeout: Double = 30) async -> Result<ReplEngine, ReplHostError> {
        switch await ReplHost.prepare(toolchain: toolchain, cacheDirectory: cacheDirectory, environment: environment) {
        case .failure(let error): return .failure(error)
        case .success(let host):
            if let problem = await host.start() { return .failure(ReplHostError(message: problem)) }
            return .success(ReplEngine(host: host, timeout: timeout))
        }
    }

    /// Runs one complete entry. `onLine` sees its output as it is printed;
    /// `beforeRun` gets the notes and warnings, to be shown before it.
    public func evaluate(_ text: String, onLine: (@Sendable (OutputLine) -> Void)? = nil,
                         beforeRun: (@Sendable (_ notes: [String], _ warnings: String) -> Void)? = nil) async -> ReplOutcome {
        entryCount += 1
        let label = "entry \(entryCount)"
        guard text.utf8.count <= Self.sizeLimit else {
            let size = text.utf8.count / 1024, limit = Self.sizeLimit / 1024
            return ReplOutcome(label: label, result: .refused([localized("""
                this entry is \(size) KiB; an entry may be at most \(limit) KiB. \
                Nothing ran and nothing changed: put large data in a file and read it from an entry
                """)]))
        }
        let entry = ReplEntry(text)
        if !entry.problems.isEmpty { return ReplOutcome(label: label, result: .refused(entry.problems)) }
        var outcome = ReplOutcome(label: label, result: .unavailable(""))
        outcome.notes = program.replacements(in: entry)
        let number = program.takeNumber()
        let source = program.source(for: entry, number: number, label: label)
        switch await host.compile(source, number: number, emitsModule: !entry.declarations.isEmpty, languageMode: languageMode) {
        case .failed(let diagnostics):
            outcome.notes = []
            // The echo's wrapper is not the learner's: blanked, columns kept.
            outcome.result = .compileFailed(diagnostics.replacingOccurrences(of: "_replEcho(", with: "          "))
            return outcome
        case .unavailable(let reason):
            outcome.result = .unavailable(reason)
            return outcome
        case .compiled(let warnings, let seconds):
            outcome.warnings = warnings
            outcome.compileSeconds = seconds
        }
        beforeRun?(outcome.notes, outcome.warnings)
        let run = await host.run(number, timeout: timeout, onLine: onLine)
        outcome.result = .ran(run)
        switch run.status {
        case .loadFailed:
            return outcome
        case .hostLost:
            // The declarations are in the libraries; only the values are gone.
            program.record(entry, number: number, kept: [])
            outcome.lost = program.loseValues()
            outcome.restartProblem = await restart()
        case .finished, .cancelled:
            let forgotten = program.record(entry, number: number, kept: run.kept)
            for name in forgotten { host.forget(name) }
            outcome.unnameable = run.kept.filter { !ReplProgram.isNameable($0.type) }
        }
        return outcome
    }

    /// A new host with every declaration loaded again.
    private func restart() async -> String? {
        await host.shutdown()
        return await host.start(loading: program.declaringEntries.map(host.libraryPath))
    }

    /// Ctrl-C: cancel the running entry, kill the host if it does not stop.
    public nonisolated func interrupt(grace: Double = 1) {
        host.interrupt(grace: grace)
    }

    public func variables() async -> [ReplVariable] {
        await host.variables()
    }

    /// Forgets every declaration and value: a fresh host.
    public func reset() async -> String? {
        program.reset()
        await host.shutdown()
        return await host.start()
    }

    /// Ends the session: the host, then its folder of libraries.
    public func shutdown() async {
        await host.shutdown()
        host.removeSession()
    }
}
