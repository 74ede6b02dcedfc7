import Foundation

/// Runs the built `async-tour` binary, the way a learner or CI would.
struct BinaryRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `.build/<triple>/debug/async-tour`, beside the test bundle.
    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("async-tour").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "async-tour"
    }

    /// A private cache, so tests never touch the learner's.
    static let cacheHome = NSTemporaryDirectory() + "async-tour-e2e-cache"

    static func run(_ arguments: [String], environment extra: [String: String] = [:], directory: String = NSTemporaryDirectory(),
                    stdin: String? = nil, timeout: Double = 900) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["XDG_CACHE_HOME"] = cacheHome
        environment["XDG_STATE_HOME"] = NSTemporaryDirectory() + "async-tour-e2e-state-" + UUID().uuidString
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A hung binary fails its test instead of hanging the whole run:
        // SIGTERM lets it stop its snippets; SIGKILL if that did not work.
        let pid = process.processIdentifier
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            guard finished.wait(timeout: .now() + timeout) == .timedOut else { return }
            kill(pid, SIGTERM)
            if finished.wait(timeout: .now() + 5) == .timedOut { kill(pid, SIGKILL) }
        }
        defer { finished.signal() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func fixture(_ files: [String: String]) throws -> String {
        let directory = NSTemporaryDirectory() + "async-tour-e2e-lessons-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        return directory
    }
}

enum LessonDirectory {
    /// The checkout's Lessons directory, found from this file's path.
    static var bundled: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
    }
}
