#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The networking chapter's local HTTP server, `async-tour-server`, run as a
/// child process: started on first use, and gone when this process ends,
/// because it leaves as soon as its stdin (a pipe only we hold) closes.
public actor ServerProcess {
    public static let shared = ServerProcess()

    /// The start in progress or done. Callers that arrive while the server
    /// starts (snippets compiled and run in parallel) wait for the same
    /// start instead of each spawning a server.
    private var start: Task<String, any Error>?
    /// Holds the server's stdin open; closing it (or exiting) stops it.
    private var lifeline: Int32 = -1

    /// The base URL, such as `http://127.0.0.1:49152`, starting the server
    /// the first time.
    public func baseURL() async throws -> String {
        if let start { return try await start.value }
        let start = Task { try await self.launch() }
        self.start = start
        do {
            return try await start.value
        } catch {
            self.start = nil
            throw error
        }
    }

    private func launch() async throws -> String {
        let executable = try Self.locate()
        let (pid, lifeline, output) = try Self.spawn(executable)
        let line = await Self.firstLine(of: output, timeout: 15)
        close(output)
        guard let line, line.hasPrefix("http://") else {
            close(lifeline)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            ProcessTree.registry.release(pid)
            throw ServerProcessError(line.map { localized("\(executable) did not start: \($0); run it by hand to see why") }
                                     ?? localized("\(executable) did not start; run it by hand to see why"))
        }
        // Reap it when it leaves, so that it never lingers as a zombie.
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            ProcessTree.registry.release(pid)
        }
        self.lifeline = lifeline
        return line
    }

    /// `async-tour-server` beside this program's own executable, as both
    /// `swift build` and an installed copy put them.
    static func locate() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                             : CommandLine.arguments[0]
        let candidate = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("async-tour-server").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw ServerProcessError(localized("""
                the lesson server is missing: \(candidate) should sit beside async-tour \
                (swift build makes both; copy both when you install)
                """))
        }
        return candidate
    }

    private static func spawn(_ executable: String) throws -> (pid: pid_t, lifeline: Int32, output: Int32) {
        // Its own session: a Ctrl-C for a snippet is not for the server, and
        // its stderr goes nowhere, so nothing it says reaches the terminal raw.
        var environment = ProcessInfo.processInfo.environment
        let marker = ProcessTree.marker(for: "server-" + UUID().uuidString)
        environment[marker.name] = marker.value
        let request = Spawn.Request(executable: executable, arguments: [], environment: environment,
                                    stdin: .pipe, stdout: .pipe, stderr: .null, group: .newSession)
        switch Spawn.start(request) {
        case .success(let child): return (child.pid, child.stdin, child.stdout)
        case .failure(let failure): throw ServerProcessError(failure.description)
        }
    }

    /// The first line `fd` gives within `timeout` seconds, read on a thread
    /// of its own (the read blocks).
    private static func firstLine(of fd: Int32, timeout: Double) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                let deadline = Date().addingTimeInterval(timeout)
                var byte: UInt8 = 0
                while Date() < deadline {
                    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    guard poll(&poller, 1, 100) >= 0 || errno == EINTR else { break }
                    guard poller.revents != 0 else { continue }
                    guard read(fd, &byte, 1) == 1 else { break }
                    if byte == 10 {
                        continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
                        return
                    }
                    bytes.append(byte)
                }
                continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}

public struct ServerProcessError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
