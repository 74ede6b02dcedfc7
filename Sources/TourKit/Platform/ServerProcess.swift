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
            throw ServerProcessError("\(executable) did not start" + (line.map { ": \($0)" } ?? ""))
        }
        // Reap it when it leaves, so that it never lingers as a zombie.
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
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
            throw ServerProcessError("the lesson server is missing: \(candidate) should sit beside async-tour "
                                     + "(swift build makes both; copy both when you install)")
        }
        return candidate
    }

    private static func spawn(_ executable: String) throws -> (pid: pid_t, lifeline: Int32, output: Int32) {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&output) == 0 else { throw ServerProcessError("cannot make a pipe: \(String(cString: strerror(errno)))") }
        // Our ends must not leak into snippets started later, or the
        // server would outlive us in them.
        for fd in [input[1], output[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        // Its own process group: a Ctrl-C for a snippet is not for the server.
        var attributes = SpawnAttributes(newProcessGroup: true)
        defer { attributes.destroy() }
        let argv = [strdup(executable), nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes.value, argv, environ)
        close(input[0])
        close(output[1])
        guard status == 0 else {
            close(input[1])
            close(output[0])
            throw ServerProcessError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return (pid, input[1], output[0])
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
