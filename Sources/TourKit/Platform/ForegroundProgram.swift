#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a program that takes over the terminal, such as the learner's editor.
///
/// Foundation's Process puts its child in a process group of its own, which
/// is not the terminal's foreground group: a full-screen editor then stops
/// on SIGTTIN/SIGTTOU or reads nothing. This child stays in the shell's
/// group, with the terminal's stdin, stdout and stderr, and the terminal's
/// modes are put back afterwards whatever the program left behind.
public enum ForegroundProgram {
    /// Runs `/bin/sh -c COMMAND "$1"` with `argument` as `$1`, so that a
    /// command with flags ("code -w", "vim -u NONE") works; returns the exit
    /// status, 128 + N when killed by signal N, 127 when it cannot start.
    public static func runShellCommand(_ command: String, argument: String) async -> Int32 {
        await run(["/bin/sh", "-c", command + " \"$1\"", "sh", argument])
    }

    public static func run(_ arguments: [String]) async -> Int32 {
        var saved = termios()
        let haveModes = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        defer {
            if haveModes { tcsetattr(STDIN_FILENO, TCSADRAIN, &saved) }
        }
        guard let pid = spawn(arguments) else { return 127 }
        // waitpid blocks, so it runs on a thread of its own, not the pool.
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                ProcessTree.registry.release(pid)
                let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                continuation.resume(returning: code)
            }
        }
    }

    private static func spawn(_ arguments: [String]) -> pid_t? {
        // The shell's own group and the terminal's stdin, stdout and stderr.
        let request = Spawn.Request(executable: arguments[0], arguments: Array(arguments.dropFirst()),
                                    environment: ProcessInfo.processInfo.environment,
                                    stdin: .inherit, stdout: .inherit, stderr: .inherit, group: .inherit)
        guard case .success(let child) = Spawn.start(request) else { return nil }
        return child.pid
    }
}
