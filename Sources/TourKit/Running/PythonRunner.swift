import Foundation
import Synchronization

/// The `python3` a Python snippet runs with: where it is, its version, and
/// which of the modules asked about it lacks.
struct PythonInterpreter: Sendable, Equatable {
    var path: String
    var version: (major: Int, minor: Int)
    var missingModules: [String]

    static func == (a: PythonInterpreter, b: PythonInterpreter) -> Bool {
        a.path == b.path && a.version == b.version && a.missingModules == b.missingModules
    }

    /// Task names (`Task-1`) and `asyncio.timeout` arrived in 3.11.
    static let minimumVersion = (major: 3, minor: 11)

    /// `ASYNC_TOUR_PYTHON` (a path, or a name looked up on `PATH`), else the
    /// first `python3` on `PATH`; nil when there is none.
    static func locate(environment: [String: String]) -> String? {
        let name = environment["ASYNC_TOUR_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Answers of earlier probes, by interpreter and modules: one probe per
    /// interpreter and set of modules per tour.
    private static let probes = Mutex<[String: PythonInterpreter]>([:])

    static let probeScript = "import sys, importlib.util as u\n"
        + "sys.stdout.write('%d.%d\\n' % sys.version_info[:2])\n"
        + "sys.stdout.write(','.join(m for m in sys.argv[1:] if u.find_spec(m) is None) + '\\n')\n"

    /// Asks the interpreter its version and which modules it cannot import.
    /// Nil with a reason when it does not answer as a Python would.
    static func probe(_ path: String, modules: [String], environment: [String: String]) async -> Result<PythonInterpreter, PythonUnavailable> {
        let key = ([path] + modules).joined(separator: "\u{0}")
        if let known = probes.withLock({ $0[key] }) { return .success(known) }
        let child = ChildProcess(executable: path, arguments: ["-c", probeScript] + modules, environment: environment, timeout: 10)
        let result = await child.run()
        let lines = result.text(of: .stdout).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let numbers = (lines.first ?? "").split(separator: ".").compactMap { Int($0) }
        guard result.ending == .exited(0), numbers.count == 2 else {
            return .failure(.broken(path: path, detail: result.text(of: .stderr).split(separator: "\n").last.map(String.init) ?? "\(result.ending)"))
        }
        let missing = lines.count > 1 ? lines[1].split(separator: ",").map(String.init) : []
        let interpreter = PythonInterpreter(path: path, version: (numbers[0], numbers[1]), missingModules: missing)
        probes.withLock { $0[key] = interpreter }
        return .success(interpreter)
    }
}

/// Why a Python snippet cannot run here: a one-line note, and the snippet
/// counts as skipped, never failed.
enum PythonUnavailable: Error, Equatable {
    case missing
    case broken(path: String, detail: String)
    case tooOld(path: String, version: String)
    case missingModules([String])

    var note: String {
        switch self {
        case .missing:
            return localized("""
                python3 is not installed, so this Python program is skipped: install the package python3 \
                (apt-get install python3), or set ASYNC_TOUR_PYTHON to a python3
                """)
        case .broken(let path, let detail):
            let (program, answer) = (path.quotedForMessage(), detail.quotedForMessage())
            return localized("\(program) did not answer as a python3 would (\(answer)), so this Python program is skipped")
        case .tooOld(let path, let version):
            let needed = "\(PythonInterpreter.minimumVersion.major).\(PythonInterpreter.minimumVersion.minor)"
            let program = path.quotedForMessage()
            return localized("""
                this Python program needs Python \(needed) or later, and \(program) is \(version), so it is skipped: \
                install a newer python3, or set ASYNC_TOUR_PYTHON to one
                """)
        case .missingModules(let modules):
            let packages = modules.map { module in
                module == "aiohttp" ? localized("python3-aiohttp (apt-get install python3-aiohttp, or pip install aiohttp)")
                                    : "\(module) (pip install \(module))"
            }
            let (names, installs) = (modules.joined(separator: ", "), packages.joined(separator: "; "))
            return localized("""
                this Python program needs the module\(modules.count == 1 ? "" : "s") \(names), \
                which python3 cannot import, so it is skipped: install \(installs)
                """)
        }
    }
}

extension Snippet {
    /// The modules a Python snippet needs: its `requires=`, and aiohttp when
    /// it imports it.
    var pythonModules: [String] {
        var modules = attributes.requiredModules
        let importsAiohttp = code.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return trimmed.hasPrefix("import aiohttp") || trimmed.hasPrefix("from aiohttp")
        }
        if importsAiohttp, !modules.contains("aiohttp") { modules.append("aiohttp") }
        return modules
    }
}

extension SnippetRunner {
    /// Runs a Python snippet under the Python harness, through the same
    /// process layer as a Swift program (own session, limits, sweep).
    func runPython(_ snippet: Snippet, in lesson: Lesson, onLine: (@Sendable (OutputLine) -> Void)?) async -> RunReport {
        if Task.isCancelled { return RunReport(ending: .cancelled) }
        guard let path = PythonInterpreter.locate(environment: environment) else { return Self.skipped(.missing) }
        let interpreter: PythonInterpreter
        switch await PythonInterpreter.probe(path, modules: snippet.pythonModules, environment: environment) {
        case .success(let found): interpreter = found
        case .failure(let reason):
            // Ctrl-C while the probe runs reaches the probe too: that is a
            // cancelled run, not a python3 that cannot answer.
            if Task.isCancelled { return RunReport(ending: .cancelled) }
            return Self.skipped(reason)
        }
        if interpreter.version < PythonInterpreter.minimumVersion {
            return Self.skipped(.tooOld(path: path, version: "\(interpreter.version.major).\(interpreter.version.minor)"))
        }
        if !interpreter.missingModules.isEmpty { return Self.skipped(.missingModules(interpreter.missingModules)) }

        let directory = FileManager.default.temporaryDirectory.path + "/async-tour-python-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try PythonHarness.source.write(toFile: directory + "/harness.py", atomically: false, encoding: .utf8)
            try snippet.code.write(toFile: directory + "/program.py", atomically: false, encoding: .utf8)
        } catch {
            return RunReport(ending: .unavailable(localized("cannot write the Python program to \(directory): \(error.localizedDescription)")))
        }
        var childEnvironment = environment
        childEnvironment["ASYNC_TOUR_EVENT_FD"] = "3"
        // No __pycache__ beside the temporary files, and tracebacks on
        // standard error as they happen.
        childEnvironment["PYTHONDONTWRITEBYTECODE"] = "1"
        childEnvironment["PYTHONUNBUFFERED"] = "1"
        if snippet.attributes.needsServer {
            guard let serverProvider else {
                return RunReport(ending: .unavailable(localized("this snippet needs the local HTTP server, which this runner cannot start")))
            }
            do {
                childEnvironment["ASYNC_TOUR_SERVER"] = try await serverProvider()
            } catch {
                return RunReport(ending: .unavailable(localized("cannot start the local HTTP server: \(error)")))
            }
        }
        let program = CompiledProgram(executable: interpreter.path, compileSeconds: 0, fromCache: false)
        var (report, _) = await execute(program, arguments: [directory + "/harness.py", directory + "/program.py", lesson.path,
                                                            String(snippet.firstCodeLine)],
                                        tracing: false, timeout: snippet.attributes.timeout,
                                        memoryLimit: snippet.attributes.memoryLimit ?? memoryLimit,
                                        environment: childEnvironment, input: snippet.stdin.map { Array($0.utf8) }, onLine: onLine)
        report.compile = nil
        return report
    }

    static func skipped(_ reason: PythonUnavailable) -> RunReport {
        var report = RunReport(ending: .unavailable(reason.note))
        report.skipped = reason.note
        return report
    }
}
