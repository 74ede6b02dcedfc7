import CLibEdit
import Foundation
import TourKit

/// One libedit editor: created, used and ended on the reading thread only.
///
/// libedit calls back into Swift for the prompt and for TAB. Both callbacks
/// are non-capturing C functions that go through ``trampoline(_:)``, which
/// finds this instance in the editor's `EL_CLIENTDATA`.
final class EditorSession {
    /// The characters libedit sends to the terminal but does not count as
    /// taking room: wrap colour escapes in a prompt between two of them.
    static let invisible: CChar = 1

    private let editor: OpaquePointer
    private let history: History
    private let mirror: LibEditHistory?
    private let completion: @Sendable (String, Int) -> [String]
    private var tab = TabCompletion()
    /// The prompt as a C string, alive while libedit may draw it.
    private var prompt: UnsafeMutablePointer<CChar>
    private var ended = false
    /// What came in with a key the pager read, typed into the next line.
    private var typedAhead = ""
    /// For a callback that finds no session; never written to.
    nonisolated(unsafe) private static let noPrompt: UnsafeMutablePointer<CChar> = strdup("")

    /// Sets up libedit: emacs keys, the prompt callback, Ctrl-C left to us
    /// (EL_SIGNAL off), history, TAB bound to a named completion function,
    /// then the learner's `~/.editrc`, which may change any of it.
    init?(program: String, history: History, completion: @escaping @Sendable (String, Int) -> [String]) {
        guard let editor = el_init(program, asynctour_stdin(), asynctour_stdout(), asynctour_stderr()) else { return nil }
        self.editor = editor
        self.history = history
        self.completion = completion
        prompt = strdup("")
        mirror = LibEditHistory(capacity: history.capacity)
        asynctour_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        asynctour_el_set_editor(editor, "emacs")
        asynctour_el_set_signal(editor, 0)
        asynctour_el_set_prompt(editor, { editor in
            EditorSession.trampoline(editor)?.prompt ?? EditorSession.noPrompt
        }, Self.invisible)
        if let mirror {
            mirror.sync(history.entries)
            mirror.attach(to: editor)
        }
        asynctour_el_addfn(editor, "async-tour-complete", "Complete a command, chapter or snippet number") { editor, _ in
            guard let session = EditorSession.trampoline(editor) else { return UInt8(CC_ERROR) }
            return session.complete()
        }
        asynctour_el_bind(editor, "^I", "async-tour-complete")
        el_source(editor, nil)
    }

    deinit {
        end()
        free(prompt)
    }

    /// The session behind an editor, for the C callbacks.
    private static func trampoline(_ editor: OpaquePointer?) -> EditorSession? {
        guard let editor, let data = asynctour_el_get_clientdata(editor) else { return nil }
        return Unmanaged<EditorSession>.fromOpaque(data).takeUnretainedValue()
    }

    /// Restores the terminal and frees libedit. Safe to call twice.
    func end() {
        guard !ended else { return }
        ended = true
        el_end(editor)
    }

    /// Reads one line. Ctrl-C drops what was typed and prompts again. nil
    /// when the read ended with no event of its own: the editor is closing,
    /// or SIGTERM or SIGHUP came, which ``SignalRelay`` has reported.
    func read(_ request: ReaderControl.Request, control: ReaderControl) -> TerminalEvent? {
        free(prompt)
        prompt = strdup(TerminalOutput.prompt(request.prompt, unicode: TerminalOutput.unicode))
        tab.reset()
        // The shell may have added to the history itself; the REPL has a list of its own.
        let history = request.history ?? self.history
        mirror?.sync(history.entries)
        // A signal taken while no line was read was reported then.
        _ = SignalRelay.takeLastSignal()
        // Text typed before a read was cut short for no reason of the
        // learner's, typed back in.
        var carried: String? = typedAhead
        typedAhead = ""
        while true {
            if let carried, !carried.isEmpty { el_push(editor, LibEditText.typed(carried)) }
            carried = nil
            let (line, count, error) = control.reading { () -> (String?, Int32, Int32) in
                var count: Int32 = 0
                let result = el_gets(editor, &count)
                let error = errno
                return (result.map { String(cString: $0) }, count, error)
            }
            if let line, count > 0 {
                let text = line.hasSuffix("\n") ? String(line.dropLast()) : line
                if request.recordsHistory, history.add(text) { mirror?.sync(history.entries) }
                return .line(text)
            }
            guard count == -1, error == EINTR else { return .endOfInput }
            let signal = SignalRelay.takeLastSignal()
            if control.isClosing {
                write("\n")
                return nil
            }
            switch signal {
            case SIGTERM, SIGHUP:
                // Like Ctrl-D, this leaves the cursor on the prompt line:
                // the shell says goodbye from there.
                return nil
            case SIGINT:
                // As shells do: show ^C, leave the line, start a fresh one.
                write("^C\n")
                el_reset(editor)
                tab.reset()
                if request.endsOnInterrupt { return .interrupt }
            default:
                // Only woken: libedit starts every read with an empty line,
                // so type the text back in on a line drawn afresh.
                carried = lineAndCursor()?.0
                write("\r\u{1B}[K")
            }
        }
    }

    /// One key, in raw mode with the terminal's signals off (so Ctrl-C and
    /// Ctrl-D are keys), restored afterwards. A printable key other than
    /// `q` is the start of a command: it and what came with it are typed
    /// into the next line. What came with `q` is too, less a newline right
    /// after it, so `q` Enter does not also count as an empty line.
    func readKey(control: ReaderControl) -> KeyPress {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return .none }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        _ = SignalRelay.takeLastSignal()
        while true {
            var buffer = [UInt8](repeating: 0, count: 64)
            let (count, error) = control.reading { readBytes(STDIN_FILENO, into: &buffer) }
            if count < 0, error == EINTR {
                let signal = SignalRelay.takeLastSignal()
                if control.isClosing || signal == SIGTERM || signal == SIGHUP { return .none }
                if signal == SIGINT { return .interrupt }
                continue
            }
            guard count > 0 else { return count == 0 ? .endOfInput : .none }
            let key = KeyPress.decode(Array(buffer[..<count]))
            if case .character(let character, var rest) = key {
                if character == "q" || character == "Q" {
                    if rest.first == "\r" || rest.first == "\n" { rest.removeFirst() }
                    typedAhead = rest
                } else {
                    typedAhead = String(character) + rest
                }
                return .character(character, rest: rest)
            }
            return key
        }
    }

    /// Through the one terminal boundary, after whatever libedit still
    /// holds in its buffer.
    private func write(_ text: String) {
        fflush(asynctour_stdout())
        TerminalOutput.write(text)
    }

    /// The whole line being edited, and the cursor as a count of characters.
    private func lineAndCursor() -> (String, Int)? {
        guard let info = el_line(editor)?.pointee, let buffer = info.buffer else { return nil }
        func text(upTo end: UnsafePointer<CChar>) -> String {
            let bytes = UnsafeRawBufferPointer(start: buffer, count: max(0, end - buffer))
            return String(decoding: bytes, as: UTF8.self)
        }
        return (text(upTo: info.lastchar), text(upTo: info.cursor).count)
    }

    /// TAB: see ``TabCompletion``.
    private func complete() -> UInt8 {
        guard let (line, cursor) = lineAndCursor() else { return UInt8(CC_ERROR) }
        switch tab.press(line: line, cursor: cursor, candidates: completion(line, cursor)) {
        case .insert(let text):
            el_insertstr(editor, LibEditText.typed(text))
            return UInt8(CC_REFRESH)
        case .list(let matches):
            write("\n" + CompletionColumns.layout(matches, width: terminalWidth() ?? 80) + "\n")
            return UInt8(CC_REDISPLAY)
        case .beep:
            return UInt8(CC_REFRESH_BEEP)
        }
    }
}
