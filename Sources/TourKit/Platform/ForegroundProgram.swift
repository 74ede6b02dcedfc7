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
                let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                continuation.resume(returning: code)
            }
        }
    }

    private static func spawn(_ arguments: [String]) -> pid_t? {
        var attributes = SpawnAttributes(newProcessGroup: false)
        defer { attributes.destroy() }

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], nil, &attributes.value, argv, environ) == 0 else { return nil }
        return pid
    }
}

/// posix_spawn attributes for a child of the shell: the shell's signal
/// handlers and blocked signals are reset to the defaults, and the child
/// goes into a process group of its own or stays in the shell's (the
/// terminal's foreground group).
struct SpawnAttributes {
    var value = posix_spawnattr_t()

    init(newProcessGroup: Bool) {
        posix_spawnattr_init(&value)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGWINCH, SIGUSR1, SIGTSTP] { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&value, &defaults)
        posix_spawnattr_setsigmask(&value, &mask)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newProcessGroup {
            posix_spawnattr_setpgroup(&value, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&value, Int16(flags))
    }

    mutating func destroy() {
        posix_spawnattr_destroy(&value)
    }
}
