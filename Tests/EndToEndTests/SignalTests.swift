import Foundation
import Testing

/// The binary started in the background, so a test can signal it mid-run.
/// Its output goes to files; it is reaped by pid with a deadline (not with
/// Foundation's Process, whose exit socket a daemon could keep open).
final class BackgroundBinary {
    let pid: pid_t
    let stdoutPath = NSTemporaryDirectory() + "async-tour-bg-out-" + UUID().uuidString
    let stderrPath = NSTemporaryDirectory() + "async-tour-bg-err-" + UUID().uuidString
    private var reaped: Int32?

    init(_ arguments: [String], environment extra: [String: String] = [:], stdin: String = "/dev/null",
         executable: String = BinaryRunner.executable) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["XDG_CACHE_HOME"] = BinaryRunner.cacheHome
        environment["XDG_STATE_HOME"] = NSTemporaryDirectory() + "async-tour-e2e-state-" + UUID().uuidString
        for (key, value) in extra { environment[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw BackgroundBinaryError("cannot start: \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    deinit {
        if reaped == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        unlink(stdoutPath)
        unlink(stderrPath)
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits until standard output contains `text`.
    func waitFor(_ text: String, timeout: Double = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !stdout.contains(text) {
            guard Date() < deadline else { throw BackgroundBinaryError("no '\(text)' within \(timeout) s; printed:\n\(stdout)\n\(stderr)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The exit status (128 + N for signal N), or nil if it did not end in time.
    func exitStatus(timeout: Double = 15) -> Int32? {
        if let reaped { return reaped }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { return nil }
            usleep(10_000)
        }
        reaped = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return reaped
    }
}

struct BackgroundBinaryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Processes alive whose command line is exactly `sleep SECONDS`.
func sleepers(_ seconds: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), !stat.contains(") Z "),
              let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return words.count == 2 && words[0].hasSuffix("sleep") && words[1] == seconds
    }
}

/// Whether a process is still alive (not gone, not a zombie).
func isAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    return !stat.contains(") Z ")
}

/// A snippet that starts a `setsid` daemon and a child in its own group
/// (Foundation's Process), prints its pid, then spins at full CPU.
func hostileChapter(daemon seconds: String) -> String {
    """
    # Hostile

    ```swift timeout=60
    import Foundation
    let daemon = Process()
    daemon.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
    daemon.arguments = ["/bin/sleep", "\(seconds)"]
    try daemon.run()
    print("pid", getpid(), "snippet" + " is up")
    var spins = 0
    while true { spins &+= 1 }
    ```

    """
}

@Suite(.serialized) struct SignalTests {
    func expectNothingLeft(_ binary: BackgroundBinary, daemon: String) throws {
        let pidText = binary.stdout.components(separatedBy: "pid ").dropFirst().first?.split(separator: " ").first
        let snippetPID = try #require(pidText.flatMap { Int32($0) }, "the snippet printed no pid:\n\(binary.stdout)")
        #expect(!isAlive(snippetPID), "the snippet's program outlived the tour")
        #expect(sleepers(daemon).isEmpty, "the snippet's daemon outlived the tour")
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func runStopsItsSnippetOnASignal(_ signal: Int32) throws {
        let daemon = "42\(signal)"
        let lessons = try BinaryRunner.fixture(["01-hostile.md": hostileChapter(daemon: daemon)])
        let binary = try BackgroundBinary(["run", "1", "--lessons", lessons])
        try binary.waitFor("snippet is up")
        // setsid may still be on its way to exec sleep.
        let daemonDeadline = Date().addingTimeInterval(3)
        while sleepers(daemon).isEmpty, Date() < daemonDeadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!sleepers(daemon).isEmpty)
        kill(binary.pid, signal)
        let status = binary.exitStatus()
        #expect(status == 128 + signal, "exit status \(String(describing: status)); stderr: \(binary.stderr)")
        #expect(binary.stderr.contains("no snippet is left running"))
        try expectNothingLeft(binary, daemon: daemon)
    }

    @Test func testStopsEverySnippetOnSIGTERM() throws {
        let lessons = try BinaryRunner.fixture(["01-hostile.md": hostileChapter(daemon: "431")])
        let binary = try BackgroundBinary(["test", "--lessons", lessons])
        // `test` prints nothing until the end; wait for the daemon instead.
        let deadline = Date().addingTimeInterval(120)
        while sleepers("431").isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!sleepers("431").isEmpty, "the snippet never started")
        kill(binary.pid, SIGTERM)
        #expect(binary.exitStatus() == 143, "\(binary.stderr)")
        let deadlineGone = Date().addingTimeInterval(2)
        while !sleepers("431").isEmpty, Date() < deadlineGone { Thread.sleep(forTimeInterval: 0.05) }
        #expect(sleepers("431").isEmpty, "the snippet's daemon outlived async-tour test")
    }

    /// Compile-ahead starts swiftc while the learner reads; leaving the shell
    /// must stop it and remove its build folder.
    @Test func leavingTheShellStopsCompileAhead() throws {
        let fake = NSTemporaryDirectory() + "async-tour-fake-swiftc-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: fake, withIntermediateDirectories: true)
        // Answers --version at once, hangs on a compile.
        try """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "Swift version 0.0 (fake)"; exit 0; fi
            exec sleep 432
            """.write(toFile: fake + "/swiftc", atomically: true, encoding: .utf8)
        chmod(fake + "/swiftc", 0o755)
        let cache = fake + "/cache"
        let lessons = try BinaryRunner.fixture(["01-one.md": "# One\n\n```swift\nprint(1)\n```\n"])
        // The pipe stays open while the compile starts: `goto`, a pause,
        // then end of input, which makes the shell leave.
        let binary = try BackgroundBinary(["-c", "(echo 'goto 1'; sleep 2) | '\(BinaryRunner.executable)' --lessons '\(lessons)'"],
                                          environment: ["SWIFTC": fake + "/swiftc", "XDG_CACHE_HOME": cache], executable: "/bin/sh")
        let started = Date().addingTimeInterval(10)
        while sleepers("432").isEmpty, Date() < started { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!sleepers("432").isEmpty, "compile-ahead never started swiftc")
        let status = binary.exitStatus(timeout: 20)
        #expect(status == 0, "\(binary.stderr)")
        #expect(sleepers("432").isEmpty, "compile-ahead's swiftc outlived the shell")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: cache + "/async-tour/tmp")) ?? []
        #expect(left.isEmpty, "build folders left behind: \(left)")
    }
}
