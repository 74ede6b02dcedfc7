import CLibEdit
import Foundation
import TourKit
import Synchronization

/// What the terminal says to the shell.
public enum TerminalEvent: Sendable, Equatable {
    /// A line the learner entered.
    case line(String)
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// Ctrl-C. At the prompt the line editor already cleared the line; during
    /// a run it means "stop the snippet".
    case interrupt
    /// SIGTERM or SIGHUP: save and leave.
    case terminate
    /// The terminal changed size.
    case resize
}

/// Line editing through libedit's native API, for the one thread that reads.
///
/// `el_gets` blocks, and MainActor jobs deadlock if it runs on the main thread
/// behind a semaphore (DESIGN.md), so it runs on a dedicated thread that
/// reads one line each time the shell asks, and hands it over through an
/// `AsyncStream`. Signals are blocked in every other thread, so Ctrl-C always
/// lands on the reading thread: at the prompt it interrupts `el_gets` (no
/// SA_RESTART), which clears the line and prompts again; during a run it is
/// only reported, as ``TerminalEvent/interrupt``.
///
/// When standard input is not a terminal the same type reads plain lines,
/// with no prompt, colour or editing, so scripted sessions work.
public final class LineEditor: Sendable {
    public let events: AsyncStream<TerminalEvent>
    /// Whether standard input is an interactive terminal.
    public let isInteractive: Bool

    private let continuation: AsyncStream<TerminalEvent>.Continuation
    private let core: EditorCore
    private let requests = DispatchSemaphore(value: 0)
    private let signalPipe: (read: Int32, write: Int32)

    /// `completion` gives the candidates for the word before the cursor,
    /// from the whole line up to the cursor.
    public init(program: String, history: History, completion: @escaping @Sendable (String) -> [String]) {
        setlocale(LC_CTYPE, "")
        isInteractive = isatty(0) == 1 && isatty(1) == 1
        (events, continuation) = AsyncStream.makeStream(of: TerminalEvent.self, bufferingPolicy: .unbounded)
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        signalPipe = (fds[0], fds[1])
        core = EditorCore(history: history, completion: completion)
        // Every thread made from here on inherits the blocked mask; only the
        // reader unblocks the signals.
        asynctour_mask_signals(SIG_BLOCK)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] {
            asynctour_install_signal_handler(number, signalPipe.write)
        }
        asynctour_install_wake_handler()
        startSignalThread()
        startReaderThread(program: program)
    }

    /// Asks for one line; it arrives on ``events``.
    public func requestLine(prompt: String) {
        core.state.withLock { $0.prompt = Array(prompt.utf8CString) }
        requests.signal()
    }

    /// Restores the terminal and stops reading. Safe to call more than once.
    public func close() {
        core.state.withLock { $0.closing = true }
        requests.signal()
        continuation.finish()
    }

    private func startSignalThread() {
        let continuation = self.continuation
        let core = self.core
        let fd = signalPipe.read
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(fd, &byte, 1)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return }
                // Report first, so the shell sees the signal before any line
                // typed after it.
                switch Int32(byte) {
                case SIGINT: continuation.yield(.interrupt)
                case SIGWINCH: continuation.yield(.resize)
                default: continuation.yield(.terminate)
                }
                // The kernel may have run the handler on any thread; make sure
                // a blocked el_gets sees the signal. A resize needs no wake-up:
                // the next read picks up the new width.
                if Int32(byte) != SIGWINCH { core.wakeReader() }
            }
        }
        thread.name = "async-tour signals"
        thread.start()
    }

    private func startReaderThread(program: String) {
        let core = self.core
        let requests = self.requests
        let continuation = self.continuation
        let interactive = isInteractive
        let thread = Thread {
            asynctour_mask_signals(SIG_UNBLOCK)
            core.reader.withLock { $0 = EditorCore.ReaderThread(id: pthread_self()) }
            let session = interactive ? core.open(program: program) : nil
            defer { if let session { el_end(session) } }
            while true {
                requests.wait()
                if core.state.withLock({ $0.closing }) { return }
                let event = session.map { core.readEdited($0) } ?? core.readPlain()
                if core.state.withLock({ $0.closing }) { return }
                continuation.yield(event)
                if event == .endOfInput || event == .terminate { return }
            }
        }
        thread.name = "async-tour line editor"
        thread.start()
    }
}

/// The state the C callbacks reach through `EL_CLIENTDATA`.
final class EditorCore: Sendable {
    struct State {
        var prompt: [CChar] = [0]
        var closing = false
        var lastCompletion: String?
    }

    let state = Mutex(State())
    /// The thread that runs el_gets, and whether it is inside it now.
    let reader = Mutex<ReaderThread?>(nil)

    struct ReaderThread: @unchecked Sendable {
        // A pthread_t is an integer handle on Linux; it is only passed to pthread_kill.
        var id: pthread_t
        var reading = false
        /// How many times el_gets has returned.
        var returns = 0
    }

    /// libedit retries a read interrupted once, so keep knocking until
    /// el_gets has returned (at most 20 times, 5 ms apart).
    func wakeReader() {
        let before = reader.withLock { $0?.returns ?? 0 }
        for _ in 0..<20 {
            let woken = reader.withLock { thread -> Bool in
                guard let thread, thread.reading, thread.returns == before else { return false }
                asynctour_wake(thread.id)
                return true
            }
            if !woken { return }
            usleep(5_000)
        }
    }
    let history: History
    let completion: @Sendable (String) -> [String]
    /// The prompt libedit draws, as a C string; replaced only by the reader
    /// thread before el_gets, read by libedit on that same thread.
    nonisolated(unsafe) var promptCString: UnsafeMutablePointer<CChar> = strdup("")

    init(history: History, completion: @escaping @Sendable (String) -> [String]) {
        self.history = history
        self.completion = completion
    }

    /// Sets up libedit: emacs keys, our prompt, history, TAB completion, and
    /// the learner's ~/.editrc.
    func open(program: String) -> OpaquePointer? {
        guard let editor = el_init(program, asynctour_stdin(), asynctour_stdout(), asynctour_stderr()) else { return nil }
        asynctour_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        asynctour_el_set_editor(editor, "emacs")
        // Ctrl-C is ours (lldb does the same): EL_SIGNAL off.
        asynctour_el_set_signal(editor, 0)
        asynctour_el_set_prompt(editor) { editor in
            EditorCore.from(editor)?.promptPointer() ?? EditorCore.emptyPrompt
        }
        if let handle = history_init() {
            asynctour_history_setsize(handle, Int32(history.capacity))
            asynctour_history_setunique(handle, 1)
            for entry in history.entries { asynctour_history_enter(handle, entry) }
            asynctour_el_set_history(editor, handle)
            historyHandle.withLock { $0 = HistoryHandle(pointer: handle) }
        }
        asynctour_el_addfn(editor, "async-tour-complete", "Complete a command, chapter or snippet") { editor, _ in
            guard let editor, let core = EditorCore.from(editor) else { return UInt8(CC_ERROR) }
            return core.complete(editor)
        }
        asynctour_el_bind(editor, "^I", "async-tour-complete")
        el_source(editor, nil)
        return editor
    }

    struct HistoryHandle: @unchecked Sendable {
        // Used only on the reader thread, which owns libedit.
        var pointer: OpaquePointer
    }

    let historyHandle = Mutex<HistoryHandle?>(nil)

    nonisolated(unsafe) static var emptyPrompt: UnsafeMutablePointer<CChar> = strdup("")

    static func from(_ editor: OpaquePointer?) -> EditorCore? {
        guard let editor, let raw = asynctour_el_get_clientdata(editor) else { return nil }
        return Unmanaged<EditorCore>.fromOpaque(raw).takeUnretainedValue()
    }

    func promptPointer() -> UnsafeMutablePointer<CChar> {
        promptCString
    }

    /// One line from libedit. Ctrl-C clears the line and prompts again;
    /// SIGTERM and SIGHUP end the read.
    func readEdited(_ editor: OpaquePointer?) -> TerminalEvent {
        let prompt = state.withLock { $0.prompt }
        free(promptCString)
        promptCString = prompt.withUnsafeBufferPointer { strdup($0.baseAddress!) }
        while true {
            var count: Int32 = 0
            reader.withLock { $0?.reading = true }
            let result = el_gets(editor, &count)
            reader.withLock {
                $0?.reading = false
                $0?.returns += 1
            }
            if let line = result, count > 0 {
                let text = String(cString: line).trimmingCharacters(in: .newlines)
                remember(text)
                return .line(text)
            }
            if count == -1 && errno == EINTR {
                let number = asynctour_take_last_signal()
                if number == SIGTERM || number == SIGHUP { return .terminate }
                if number == SIGWINCH {
                    el_resize(editor)
                    continue
                }
                // A wake-up for a signal that was already handled.
                if number == 0 { continue }
                // Ctrl-C: drop what was typed and start a fresh line.
                fputs("^C\n", asynctour_stdout())
                fflush(asynctour_stdout())
                el_reset(editor)
                continue
            }
            return .endOfInput
        }
    }

    /// One line from a pipe or file.
    func readPlain() -> TerminalEvent {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    private func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        history.add(line)
        historyHandle.withLock { handle in
            if let handle { asynctour_history_enter(handle.pointer, line) }
        }
    }

    /// TAB: complete a single match, extend a common prefix, and list the
    /// matches on a second TAB.
    func complete(_ editor: OpaquePointer) -> UInt8 {
        guard let info = el_line(editor)?.pointee, let buffer = info.buffer else { return UInt8(CC_ERROR) }
        let length = info.cursor - buffer
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
        let line = String(decoding: bytes, as: UTF8.self)
        let word = String(line.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
        let candidates = completion(line)
        let again = state.withLock { state -> Bool in
            defer { state.lastCompletion = line }
            return state.lastCompletion == line
        }
        guard !candidates.isEmpty else {
            el_beep(editor)
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1, let only = candidates.first {
            el_insertstr(editor, String(only.dropFirst(word.count)) + " ")
            return UInt8(CC_REDISPLAY)
        }
        let prefix = Completion.commonPrefix(candidates)
        if prefix.count > word.count {
            el_insertstr(editor, String(prefix.dropFirst(word.count)))
            return UInt8(CC_REDISPLAY)
        }
        if again {
            let list = "\n" + CompletionColumns.layout(candidates, width: terminalWidth() ?? 80) + "\n"
            fputs(list, asynctour_stdout())
            fflush(asynctour_stdout())
            return UInt8(CC_REDISPLAY)
        }
        el_beep(editor)
        return UInt8(CC_REFRESH)
    }
}
