import Foundation

/// The real binary in a real pseudo-terminal, driven through tmux as a
/// learner would drive it: keys in, screen out.
final class TerminalSession {
    let name = "async-tour-test-" + UUID().uuidString.prefix(8)
    let state: String
    private let statusFile: String

    /// Starts `async-tour ARGUMENTS` in a 100×30 terminal. `state` is the
    /// XDG state directory, so a second session can find the first one's files.
    init(_ arguments: [String], state: String? = nil, environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw TerminalSessionError.noTmux
        }
        self.state = state ?? NSTemporaryDirectory() + "async-tour-e2e-state-" + UUID().uuidString
        statusFile = NSTemporaryDirectory() + "\(name).status"
        let command = ["env", "TERM=xterm-256color", "LANG=C.UTF-8", "XDG_STATE_HOME=\(self.state)",
                       "XDG_CACHE_HOME=\(BinaryRunner.cacheHome)"] + environment.map { "\($0.key)=\($0.value)" }
            + [BinaryRunner.executable] + arguments
        let shell = command.map { "'\($0)'" }.joined(separator: " ") + "; echo $? > '\(statusFile)'; sleep 30"
        try Self.tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", shell])
    }

    deinit {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    func send(_ keys: String...) throws {
        try Self.tmux(["send-keys", "-t", name] + keys)
    }

    /// Types text literally (no key names).
    func type(_ text: String) throws {
        try Self.tmux(["send-keys", "-t", name, "-l", text])
    }

    func screen() throws -> String {
        try Self.tmux(["capture-pane", "-p", "-t", name])
    }

    /// The screen with lines the terminal wrapped joined again, as printed.
    func printedLines() throws -> [String] {
        try Self.tmux(["capture-pane", "-p", "-J", "-t", name]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Changes the terminal's size, as a learner dragging the window would.
    func resize(columns: Int, rows: Int) throws {
        try Self.tmux(["resize-window", "-t", name, "-x", String(columns), "-y", String(rows)])
    }

    /// Waits until the screen shows `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TerminalSessionError.timeout(waitingFor: text, screen: last)
    }

    /// The pid of async-tour itself: the child of the pane's shell.
    func programPID() throws -> Int32? {
        let shell = try Self.tmux(["list-panes", "-t", name, "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// The program's exit status, once it has ended.
    func exitStatus(timeout: Double = 10) throws -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// Runs one tmux command and returns what it printed.
    ///
    /// Not with Foundation's Process: it tells a child's end by a socket the
    /// child inherits, and the tmux server that the first command forks
    /// keeps that socket open for its whole life, so waitUntilExit() would
    /// never return on a machine where no tmux server was running yet. Here
    /// the output goes to a file and the client is reaped by pid, with a
    /// deadline.
    @discardableResult
    static func tmux(_ arguments: [String], timeout: Double = 20) throws -> String {
        let output = NSTemporaryDirectory() + "async-tour-tmux-" + UUID().uuidString
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, environ)
        guard spawned == 0 else { throw TerminalSessionError.tmuxFailed(arguments, "cannot start: \(String(cString: strerror(spawned)))") }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw TerminalSessionError.tmuxFailed(arguments, "no answer within \(Int(timeout)) s")
            }
            usleep(5_000)
        }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}

enum TerminalSessionError: Error, CustomStringConvertible {
    case noTmux
    case timeout(waitingFor: String, screen: String)
    case tmuxFailed([String], String)

    var description: String {
        switch self {
        case .noTmux: return "tmux is not installed: the README's set-up command installs it"
        case .timeout(let text, let screen): return "timed out waiting for '\(text)'; the screen shows:\n\(screen)"
        case .tmuxFailed(let arguments, let reason): return "tmux \(arguments.prefix(2).joined(separator: " ")): \(reason)"
        }
    }
}
