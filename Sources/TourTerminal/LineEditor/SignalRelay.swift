import CLibEdit
import Foundation
import Synchronization

/// The shell's signals, turned into calls on a thread of their own.
///
/// The C handler (shim.h) only records the signal and writes its number to
/// a pipe; a thread reads the pipe and calls `onSignal`, where Swift code may
/// run safely. SIGINT, SIGTERM and SIGHUP are installed without SA_RESTART,
/// so a read blocked in `el_gets` on the thread that takes the signal returns
/// with EINTR. SIGWINCH restarts reads: an `el_gets` that returns loses the
/// line being typed, and libedit measures the terminal before every line
/// anyway.
///
/// The handler's state is `static` in shim.h, so each Swift file that calls
/// it would get its own copy: this file is the only one that does.
final class SignalRelay: Sendable {
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH]

    private let pipeRead: Int32
    private let pipeWrite: Int32

    init(onSignal: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        (pipeRead, pipeWrite) = (fds[0], fds[1])
        for fd in fds where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // The pipe must never block the handler.
        if pipeWrite >= 0 { _ = fcntl(pipeWrite, F_SETFL, fcntl(pipeWrite, F_GETFL) | O_NONBLOCK) }
        for number in Self.handled {
            asynctour_install_signal_handler(number, pipeWrite, number == SIGWINCH ? 1 : 0)
        }
        asynctour_install_wake_handler()
        let fd = pipeRead
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(fd, &byte, 1)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                onSignal(Int32(byte))
            }
            close(fd)
        }
        thread.name = "async-tour signals"
        thread.start()
    }

    /// Puts the default actions back and ends the thread. After this a
    /// Ctrl-C ends the program, as it would any other.
    func stop() {
        for number in Self.handled { asynctour_restore_default_handler(number) }
        if pipeWrite >= 0 { close(pipeWrite) }
    }

    /// The last signal the handler took, cleared; 0 when none. The reader
    /// asks after `el_gets` returned with EINTR: a 0 means it was only woken.
    static func takeLastSignal() -> Int32 {
        asynctour_take_last_signal()
    }

    /// Blocks the handled signals in the calling thread and in the threads it
    /// creates from now on, so that they land on the reading thread.
    static func blockInThisThread() {
        asynctour_mask_signals(SIG_BLOCK)
    }

    static func unblockInThisThread() {
        asynctour_mask_signals(SIG_UNBLOCK)
    }

    /// Remembers the terminal's modes now, and puts them back when the
    /// process exits, however it gets there: a safety net for an `el_gets`
    /// cut short. Only the first call registers the exit hook.
    static func saveTerminalModes() {
        var modes = termios()
        guard tcgetattr(STDIN_FILENO, &modes) == 0 else { return }
        let first = savedModes.withLock { saved in
            defer { saved = modes }
            return saved == nil
        }
        if first { atexit { SignalRelay.restoreTerminalModes() } }
    }

    /// Puts the modes saved by ``saveTerminalModes()`` back now.
    static func restoreTerminalModes() {
        guard var modes = savedModes.withLock({ $0 }) else { return }
        tcsetattr(STDIN_FILENO, TCSADRAIN, &modes)
    }

    private static let savedModes = Mutex<termios?>(nil)
}
