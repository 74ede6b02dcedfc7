import CLibEdit
import Foundation
import Synchronization

/// What the shell's side and the reading thread share: the next request,
/// whether the editor is closing, and where the reader is, so that a signal
/// taken by another thread can be passed on to it.
final class ReaderControl: Sendable {
    struct Request: Sendable {
        var prompt: String
        var recordsHistory: Bool
    }

    private struct State {
        var requests: [Request] = []
        var closing = false
        var reader: ReaderThread?
        /// Inside a blocking read (el_gets or read()).
        var reading = false
        /// How many times the reader came back from a blocking read.
        var wakeups = 0
    }

    /// A pthread_t is an integer on Linux but a pointer on Darwin; it is
    /// only passed to pthread_kill, under the lock, so sharing it is safe.
    private struct ReaderThread: @unchecked Sendable {
        var id: pthread_t
    }

    private let state = Mutex(State())
    private let pending = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    // MARK: The shell's side

    func request(_ request: Request) {
        state.withLock { $0.requests.append(request) }
        pending.signal()
    }

    /// Asks the reader to stop, interrupting a read in progress, and waits
    /// (at most `timeout` seconds) until it has put the terminal back.
    func close(timeout: Double = 2) {
        let first = state.withLock { state in
            defer { state.closing = true }
            return !state.closing
        }
        guard first else { return }
        pending.signal()
        knock()
        _ = finished.wait(timeout: .now() + timeout)
    }

    var isClosing: Bool { state.withLock { $0.closing } }

    /// Interrupts a blocking read on the reading thread. libedit retries a
    /// read interrupted once, so keep knocking until the reader has come
    /// back (at most 40 times, 5 ms apart).
    func knock() {
        let before = state.withLock { $0.wakeups }
        for _ in 0..<40 {
            let sent = state.withLock { state -> Bool in
                guard let reader = state.reader, state.reading, state.wakeups == before else { return false }
                asynctour_wake(reader.id)
                return true
            }
            if !sent { return }
            usleep(5_000)
        }
    }

    // MARK: The reader's side

    func readerStarted() {
        state.withLock { $0.reader = ReaderThread(id: pthread_self()) }
    }

    /// Blocks until the shell asks for a line; nil once the editor closes.
    func nextRequest() -> Request? {
        while true {
            let next = state.withLock { state -> Request?? in
                if state.closing { return .some(nil) }
                return state.requests.isEmpty ? nil : .some(state.requests.removeFirst())
            }
            if let next { return next }
            pending.wait()
        }
    }

    /// Runs a blocking read with knocks enabled.
    func reading<T>(_ body: () -> T) -> T {
        state.withLock { $0.reading = true }
        let result = body()
        state.withLock {
            $0.reading = false
            $0.wakeups += 1
        }
        return result
    }

    /// A blocking read came back with EINTR but goes on (the plain reader).
    func interrupted() {
        state.withLock { $0.wakeups += 1 }
    }

    func readerFinished() {
        state.withLock { $0.reader = nil }
        finished.signal()
    }
}
