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
        /// Set for a single key rather than a line: who waits for it.
        var key: CheckedContinuation<KeyPress, Never>?
        /// Up and Down walk this list instead of the editor's own (the REPL's).
        var history: History? = nil
        /// Ctrl-C ends this read with `.interrupt` instead of prompting
        /// again, so the caller can change the prompt (the REPL's `...›`).
        var endsOnInterrupt = false
    }

    private struct State {
        /// The request waiting for the reader; a newer one replaces it.
        var pending: Request?
        /// The reader has taken a request and not answered it yet.
        var serving = false
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
    private let wakeReader = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    // MARK: The shell's side

    /// Asks for a line. While a line is being read already, that read will
    /// answer: requests never pile up.
    func request(_ request: Request) {
        let (queued, replaced) = state.withLock { state -> (Bool, Request?) in
            if state.serving || state.closing { return (false, nil) }
            defer { state.pending = request }
            return (true, state.pending)
        }
        // A key nobody will read is answered at once, never left waiting.
        replaced?.key?.resume(returning: .none)
        if queued { wakeReader.signal() } else { request.key?.resume(returning: .none) }
    }

    /// Asks the reader to stop, interrupting a read in progress, and waits
    /// (at most `timeout` seconds) until it has put the terminal back.
    func close(timeout: Double = 2) {
        let first = state.withLock { state in
            defer { state.closing = true }
            return !state.closing
        }
        guard first else { return }
        state.withLock { state in
            defer { state.pending = nil }
            return state.pending
        }?.key?.resume(returning: .none)
        wakeReader.signal()
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
    /// Call ``answered()`` when the request is done with.
    func nextRequest() -> Request? {
        while true {
            let next = state.withLock { state -> Request?? in
                if state.closing { return .some(nil) }
                guard let request = state.pending else { return nil }
                state.pending = nil
                state.serving = true
                return .some(request)
            }
            if let next { return next }
            wakeReader.wait()
        }
    }

    /// The request taken last has had its answer (or needs none).
    func answered() {
        state.withLock { $0.serving = false }
    }

    /// Runs a blocking read that ``knock()`` may interrupt.
    func reading<T>(_ body: () -> T) -> T {
        state.withLock { $0.reading = true }
        let result = body()
        state.withLock {
            $0.reading = false
            $0.wakeups += 1
        }
        return result
    }

    func readerFinished() {
        state.withLock { $0.reader = nil }
        finished.signal()
    }
}
