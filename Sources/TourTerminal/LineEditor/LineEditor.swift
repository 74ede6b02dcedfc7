import Foundation
import TourKit

/// Line editing through libedit's native API (`el_init`, `el_gets`,
/// `history`), for the shell.
///
/// **Reading.** `el_gets` blocks, and MainActor jobs deadlock if it runs on
/// the main thread behind a semaphore (DESIGN.md), so a dedicated thread
/// reads one line each time the shell calls ``requestLine(prompt:recordsHistory:)``
/// and hands it over on ``events``, an `AsyncStream` of ``TerminalEvent``:
/// `.line`, `.endOfInput` (Ctrl-D on an empty line), and the signals.
///
/// **Ctrl-C.** libedit's own signal handling is off (as in lldb). Every
/// Ctrl-C comes out of ``events`` as ``TerminalEvent/interrupt``, whatever the
/// shell is doing. When a line is being read, the editor has already acted
/// on it: it shows `^C`, drops what was typed and prompts again, so the
/// shell can skip the event. While no line is being read (a snippet runs),
/// the event is the shell's to act on: cancel the run. So the mode switch is
/// implicit: between ``requestLine(prompt:recordsHistory:)`` and the `.line`
/// it produces, Ctrl-C edits; at any other time it is a request to stop.
/// SIGTERM and SIGHUP come out as ``TerminalEvent/terminate`` (a read in
/// progress ends without a line), SIGWINCH as ``TerminalEvent/resize``.
///
/// **Signals.** The handlers (shim.h) take no SA_RESTART, so a read blocked
/// in `el_gets` returns with EINTR. The signals are blocked in the thread that
/// creates the editor and in the threads created after it; whichever thread
/// the kernel picks, the signal thread passes a Ctrl-C on to the reader with
/// SIGUSR1 (`pthread_kill`).
///
/// **Not a terminal.** When standard input or output is not a terminal, the
/// editor reads plain lines with no prompt, colour or editing, so scripted
/// sessions (`printf 'toc\n' | async-tour`) work.
///
/// **The terminal is always put back.** ``close()`` ends a read in progress
/// and calls `el_end` on the reading thread; SIGTERM and SIGHUP end a read
/// too; and the modes found at start are restored when the process exits,
/// however it exits.
///
/// Setup: `setlocale(LC_CTYPE, "")`, else C.UTF-8 (or UTF-8 input such as Chinese is
/// dropped), emacs key bindings, then the learner's `~/.editrc`. Create one
/// editor per process at a time.
public final class LineEditor: Sendable {
    /// Lines typed and signals, in the order they happened.
    public let events: AsyncStream<TerminalEvent>
    /// Whether standard input and output are an interactive terminal.
    public let isInteractive: Bool
    /// Wrap escape sequences in a prompt (colours) between two of these, so
    /// that libedit does not count them as taking room on the line.
    public static let invisibleMarker: Character = "\u{1}"

    private let continuation: AsyncStream<TerminalEvent>.Continuation
    private let control: ReaderControl
    private let relay: SignalRelay

    /// The learner's locale for reading characters; where it is not
    /// installed (`LANG=en_US.UTF-8` or `zh_CN.UTF-8` on a minimal system)
    /// `C.UTF-8`, which glibc always has. Left in the "C" locale, libedit
    /// cannot decode the prompt's `›` or a Chinese prompt and crashed on the
    /// first line typed.
    static func chooseCharacterLocale() {
        guard setlocale(LC_CTYPE, "") == nil else { return }
        for name in ["C.UTF-8", "C.utf8"] where setlocale(LC_CTYPE, name) != nil { return }
    }

    /// `completion` gets the text before the cursor and returns the
    /// candidates for its last word.
    public convenience init(program: String, history: History,
                            completion: @escaping @Sendable (_ beforeCursor: String) -> [String]) {
        self.init(program: program, history: history) { (line: String, cursor: Int) in
            completion(String(line.prefix(cursor)))
        }
    }

    /// `completion` gets the whole line and the cursor (a count of characters
    /// into it) and returns the candidates for the word that ends at the
    /// cursor. TAB inserts a single match and a space; with several, it
    /// inserts what they share, and a second TAB lists them.
    /// Lines read are added to `history`; save it before leaving.
    public init(program: String, history: History,
                completion: @escaping @Sendable (_ line: String, _ cursor: Int) -> [String]) {
        Self.chooseCharacterLocale()
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        isInteractive = interactive
        let (events, continuation) = AsyncStream.makeStream(of: TerminalEvent.self, bufferingPolicy: .unbounded)
        (self.events, self.continuation) = (events, continuation)
        if interactive { SignalRelay.saveTerminalModes() }
        // Threads made from here on inherit the blocked signals; only the
        // reader unblocks them.
        SignalRelay.blockInThisThread()
        let control = ReaderControl()
        self.control = control
        relay = SignalRelay { signal in
            switch signal {
            case SIGINT: continuation.yield(.interrupt)
            case SIGWINCH: continuation.yield(.resize)
            default: continuation.yield(.terminate)
            }
            // The kernel may have run the handler on any thread: make sure a
            // blocked read sees it. A resize needs no wake-up.
            if signal != SIGWINCH { control.knock() }
        }
        let thread = Thread {
            SignalRelay.unblockInThisThread()
            control.readerStarted()
            Self.readLines(program: program, interactive: interactive, history: history,
                           completion: completion, control: control, continuation: continuation)
            control.readerFinished()
        }
        thread.name = "async-tour line editor"
        thread.start()
    }

    /// Asks for one line; it arrives on ``events``. Asking again while a line
    /// is being read changes nothing: that read answers both. When not
    /// interactive the prompt is not shown. `recordsHistory: false` keeps the
    /// answer out of the history (a pager's "more?" prompt).
    /// `history` replaces the editor's own list for this read (the REPL
    /// keeps one of its own); `endsOnInterrupt` makes Ctrl-C end the read
    /// with ``TerminalEvent/interrupt`` (after the relay's own), so that the
    /// next read can have another prompt.
    public func requestLine(prompt: String, recordsHistory: Bool = true, history: History? = nil,
                            endsOnInterrupt: Bool = false) {
        control.request(ReaderControl.Request(prompt: prompt, recordsHistory: recordsHistory, history: history,
                                              endsOnInterrupt: endsOnInterrupt))
    }

    /// Reads one key without Enter and without echo (the pager). Ctrl-C and
    /// Ctrl-D come as keys. ``KeyPress/none`` when not interactive, when the
    /// editor closes, or when SIGTERM or SIGHUP cut the read short (they
    /// also come out of ``events``).
    public func readKey() async -> KeyPress {
        guard isInteractive else { return .none }
        return await withCheckedContinuation { waiter in
            control.request(ReaderControl.Request(prompt: "", recordsHistory: false, key: waiter))
        }
    }

    /// Runs `body` (a snippet) with the terminal's echo and line editing
    /// off, so that keys typed meanwhile do not show up in the program's
    /// output and reach the next read as the bytes they were (a Ctrl-D stays
    /// a Ctrl-D rather than the end of a cooked line). Afterwards they are
    /// thrown away, unless `keepTyping`: an impatient Enter must not run the
    /// next part of a chapter, but lines pasted into the REPL are its next
    /// entries. Ctrl-C still arrives as a signal. Does nothing when not
    /// interactive.
    public func whileRunning<T>(keepTyping: Bool, _ body: () async -> T) async -> T {
        guard isInteractive else { return await body() }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return await body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        let result = await body()
        if !keepTyping { tcflush(STDIN_FILENO, TCIFLUSH) }
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        return result
    }

    /// Ends a read in progress, restores the terminal (`el_end`), puts the
    /// default signal actions back and finishes ``events``. Call it before
    /// leaving; safe to call more than once.
    public func close() {
        control.close()
        relay.stop()
        if isInteractive { SignalRelay.restoreTerminalModes() }
        continuation.finish()
    }

    /// The reading thread's loop: one read per request, until closed.
    private static func readLines(program: String, interactive: Bool, history: History,
                                  completion: @escaping @Sendable (String, Int) -> [String],
                                  control: ReaderControl, continuation: AsyncStream<TerminalEvent>.Continuation) {
        let session = interactive ? EditorSession(program: program, history: history, completion: completion) : nil
        let plain = session == nil ? PlainLineReader(fd: STDIN_FILENO) : nil
        while let request = control.nextRequest() {
            if let waiter = request.key {
                let key = session?.readKey(control: control) ?? .none
                control.answered()
                waiter.resume(returning: key)
                continue
            }
            let event: TerminalEvent?
            if let session {
                event = session.read(request, control: control)
            } else if let plain {
                event = readPlain(plain, control: control)
            } else {
                event = .endOfInput
            }
            // Before the answer goes out, so that the shell's next request,
            // made as soon as it has it, is not taken for a repeat.
            control.answered()
            if let event { continuation.yield(event) }
        }
        session?.end()
    }

    private static func readPlain(_ reader: PlainLineReader, control: ReaderControl) -> TerminalEvent? {
        _ = SignalRelay.takeLastSignal()
        while true {
            switch control.reading({ reader.readLine() }) {
            case .line(let line):
                // Like a non-interactive bash, a script adds nothing to the history.
                return .line(line)
            case .endOfInput:
                return .endOfInput
            case .interrupted:
                let signal = SignalRelay.takeLastSignal()
                if control.isClosing || signal == SIGTERM || signal == SIGHUP { return nil }
            }
        }
    }
}
