import Foundation
public import TourKit
import TourRepl

/// What the REPL needs from the program around it: the shell and
/// `async-tour repl` both provide it, so there is one REPL.
public protocol ReplTerminal: AnyObject {
    var style: TerminalStyle { get }
    var interactive: Bool { get }
    /// Writes text (the boundary sanitises it), a newline after it.
    func say(_ text: String)
    /// Writes text as it is, without a newline.
    func write(_ text: String)
    /// One line typed at `prompt`, with Up and Down walking `history`;
    /// `.interrupt` when Ctrl-C dropped the line.
    func readLine(prompt: String, history: History) async -> TerminalEvent?
    /// Runs `body` (an entry) while watching the keys: each Ctrl-C calls
    /// `onInterrupt`. Also says whether SIGTERM or SIGHUP came meanwhile.
    func whileRunning<T: Sendable>(_ body: @escaping @Sendable () async -> T,
                                   onInterrupt: @escaping @Sendable () -> Void) async -> (T, terminate: Bool)
}

/// The async Swift REPL: reads entries, runs them in the REPL's host with
/// ``ReplEngine``, shows each one's output, times and timeline.
public enum ReplLoop {
    /// The REPL's own history file, beside the tour's.
    public static func historyPath(_ paths: StatePaths) -> String { paths.stateDirectory + "/repl_history" }

    /// A multi-line entry is one history entry: its line breaks are kept as
    /// this mark, and an entry recalled with it runs as the lines it was.
    public static let lineBreakMark: Character = "\u{2424}"

    public static func historyLine(_ entry: String) -> String {
        var text = entry
        while text.last?.isNewline == true { text.removeLast() }
        return text.replacingOccurrences(of: "\n", with: String(lineBreakMark))
    }

    public static func entryText(_ historyLine: String) -> String {
        historyLine.replacingOccurrences(of: String(lineBreakMark), with: "\n")
    }

    /// Runs the REPL until `:quit`, Ctrl-D or SIGTERM; returns true for SIGTERM.
    public static func run(terminal: some ReplTerminal, toolchain: Toolchain, paths: StatePaths,
                           environment: [String: String]) async -> Bool {
        let style = terminal.style
        let title = style.paint("Swift REPL", "1")
        terminal.say(localized("""
            \(title) with top-level await: values, tasks and actors live on between entries. \
            :help lists the commands; :quit or Ctrl-D leaves.
            """))
        let timeout = environment["ASYNC_TOUR_REPL_TIMEOUT"].flatMap(Double.init).map { min(max($0, 0.1), 3600) } ?? 30
        let engine: ReplEngine
        switch await ReplEngine.make(toolchain: toolchain, cacheDirectory: paths.cacheDirectory, environment: environment,
                                     timeout: timeout) {
        case .success(let made): engine = made
        case .failure(let error):
            let reason = Sanitizer.sanitize(error.message, unicode: style.unicode)
            terminal.say(style.reportBad(localized("the REPL cannot start: \(reason)")))
            return false
        }
        let history = History(path: historyPath(paths), capacity: 1000)
        for warning in history.takeWarnings() { terminal.say(warning) }
        var session = Session(terminal: terminal, engine: engine, history: history)
        let terminated = await session.loop()
        await engine.shutdown()
        try? history.save()
        return terminated
    }

    struct Session<Terminal: ReplTerminal> {
        let terminal: Terminal
        let engine: ReplEngine
        let history: History
        var lastReport: RunReport?

        var style: TerminalStyle { terminal.style }

        mutating func loop() async -> Bool {
            var buffer = ""
            var dropping = false
            while true {
                let unicode = style.unicode
                let prompt = terminal.interactive ? (buffer.isEmpty ? (unicode ? "swift› " : "swift> ") : (unicode ? "  ...› " : "  ...> ")) : ""
                guard let event = await terminal.readLine(prompt: prompt, history: history) else { return false }
                switch event {
                case .line(let typed):
                    // Checked before anything else looks at the text.
                    if buffer.utf8.count + typed.utf8.count > ReplEngine.sizeLimit {
                        buffer = ""
                        let limit = ReplEngine.sizeLimit / 1024
                        terminal.say(style.reportBad(localized("""
                            this entry is over \(limit) KiB, the most an entry may be; nothing ran and nothing changed. \
                            Put large data in a file and read it from an entry.
                            """)))
                        continue
                    }
                    if !terminal.interactive, !typed.isEmpty {
                        terminal.say(ReportRenderer(style: style).echo(prompt.isEmpty ? (buffer.isEmpty ? "swift› " : "  ...› ") : prompt,
                                                                       String(typed.prefix(400))))
                    }
                    if buffer.isEmpty, typed.hasPrefix(":") {
                        if await !command(typed.trimmingCharacters(in: .whitespaces)) { return false }
                        continue
                    }
                    buffer += ReplLoop.entryText(typed) + "\n"
                    if ReplLoop.surelyOpen(buffer) { continue }
                    let entry = ReplEntry(buffer)
                    if entry.completeness == .incomplete { continue }
                    let text = buffer
                    buffer = ""
                    if entry.completeness == .empty { continue }
                    history.add(ReplLoop.historyLine(text))
                    if await evaluate(text) { return true }
                case .interrupt:
                    // Ctrl-C at a prompt comes twice: from the signal, then as
                    // the end of the read, once the editor has shown ^C.
                    if !buffer.isEmpty {
                        buffer = ""
                        dropping = true
                    } else if dropping {
                        dropping = false
                        terminal.say(style.reportDim(localized("(entry dropped)")))
                    }
                case .endOfInput, .terminate:
                    terminal.say("")
                    return event == .terminate
                case .resize:
                    continue
                }
            }
        }

        /// Runs one entry; true when SIGTERM came meanwhile.
        mutating func evaluate(_ text: String) async -> Bool {
            let renderer = ReportRenderer(style: style)
            // Live output goes through the terminal boundary from the engine's task.
            let write: @Sendable (String) -> Void = { text in TerminalOutput.write(text) }
            let engine = self.engine
            let style = self.style
            let (outcome, terminate) = await terminal.whileRunning({
                await engine.evaluate(text, onLine: { line in
                    if line.source == .stderr, ReportRenderer.isStackFrame(line.text) || line.text == "Current stack trace:" { return }
                    let tag = line.laneLabel.flatMap { $0 == "main" ? nil : $0 }
                    write(renderer.outputLine(line, laneLabel: tag) + "\n")
                }, beforeRun: { notes, warnings in
                    for note in notes {
                        let text = Sanitizer.inline(note, unicode: style.unicode)
                        write(style.reportDim(localized("note: \(text)")) + "\n")
                    }
                    if !warnings.isEmpty {
                        write(style.reportPaint("33", localized("the compiler warned:")) + "\n"
                              + Sanitizer.sanitize(warnings, unicode: style.unicode) + "\n")
                    }
                })
            }, onInterrupt: { engine.interrupt() })
            show(outcome)
            return terminate
        }

        mutating func show(_ outcome: ReplOutcome) {
            let unicode = style.unicode
            switch outcome.result {
            case .refused(let reasons):
                for reason in reasons { terminal.say(style.reportBad(wrapped("\(outcome.label): " + reason))) }
                terminal.say(style.reportDim(localized("nothing from this entry was kept")))
            case .compileFailed(let diagnostics):
                terminal.say(style.reportBad(localized("\(outcome.label) did not compile:")))
                terminal.say(Sanitizer.sanitize(diagnostics, unicode: unicode))
                terminal.say(style.reportDim(localized("nothing changed: earlier values and declarations are as they were")))
            case .unavailable(let reason):
                terminal.say(style.reportBad(Sanitizer.sanitize(reason, unicode: unicode)))
            case .ran(let run):
                if case .loadFailed(let reason) = run.status {
                    let why = Sanitizer.inline(reason, unicode: unicode)
                    terminal.say(style.reportBad(localized("the host could not load \(outcome.label): \(why)")))
                    return
                }
                var report = run.report
                report.compile = CompileInfo(seconds: outcome.compileSeconds, fromCache: false)
                lastReport = report
                terminal.say(ReportRenderer(style: style).render(report, liveOutput: true))
                if run.status == .cancelled {
                    terminal.say(style.reportDim(localized("the entry stopped when cancelled; every value is still there")))
                }
                if !outcome.lost.isEmpty || run.status == .hostLost {
                    let names = outcome.lost.map { "\($0.name) (\(Sanitizer.inline($0.type, unicode: unicode)))" }
                    let killed = report.ending == .cancelled || { if case .timedOut = report.ending { return true } else { return false } }()
                    let label = outcome.label, lost = names.joined(separator: ", ")
                    let text = switch (killed, names.isEmpty) {
                    case (true, true): localized("""
                        \(label) did not stop when cancelled, so the REPL's host was killed. No values were kept, so none are lost. \
                        A new host is running, with every declaration of the earlier entries.
                        """)
                    case (true, false): localized("""
                        \(label) did not stop when cancelled, so the REPL's host was killed. These values are lost: \(lost). \
                        A new host is running, with every declaration of the earlier entries.
                        """)
                    case (false, true): localized("""
                        \(label) ended the REPL's host. No values were kept, so none are lost. \
                        A new host is running, with every declaration of the earlier entries.
                        """)
                    case (false, false): localized("""
                        \(label) ended the REPL's host. These values are lost: \(lost). \
                        A new host is running, with every declaration of the earlier entries.
                        """)
                    }
                    terminal.say(style.reportBad(wrapped(text)))
                }
                if !outcome.unnameable.isEmpty {
                    let hidden = outcome.unnameable.map(\.name).joined(separator: ", ")
                    terminal.say(style.reportDim(wrapped(localized("not visible to later entries (their type has no name in Swift): \(hidden)"))))
                }
                if let problem = outcome.restartProblem {
                    let why = Sanitizer.inline(problem, unicode: unicode)
                    terminal.say(style.reportBad(localized("the REPL's host could not be started again: \(why)")))
                }
            }
            terminal.say("")
        }

        func wrapped(_ text: String) -> String {
            ReportRenderer(style: style).block(text)
        }

        /// Runs a `:` command; false to leave.
        mutating func command(_ line: String) async -> Bool {
            switch line {
            case ":quit", ":q", ":exit": return false
            case ":help", ":h": terminal.say(ReplLoop.help)
            case ":vars":
                let variables = await engine.variables()
                guard !variables.isEmpty else {
                    terminal.say(localized("No values are kept yet: `let x = 1` keeps one."))
                    return true
                }
                let unicode = style.unicode
                let nameWidth = variables.map { displayWidth($0.name) + 4 }.max() ?? 0
                for variable in variables {
                    let head = (variable.mutable ? "var " : "let ") + variable.name
                    let padded = head + String(repeating: " ", count: max(1, nameWidth - displayWidth(head) + 1))
                    let type = Sanitizer.inline(variable.type.replacingOccurrences(of: "Swift.", with: ""), unicode: unicode)
                    let value = Sanitizer.inline(variable.value ?? "", unicode: unicode)
                    terminal.say(ReportRenderer(style: style).fit(padded + style.reportDim(type) + "  = " + String(value.prefix(400))))
                }
            case ":decls":
                let declarations = await engine.program.declarations
                terminal.say(declarations.isEmpty ? localized("Nothing is declared yet.")
                    : MarkdownRenderer(style: style).render([.code(info: "swift", text: declarations.map(\.text).joined(separator: "\n") + "\n", line: 0)]))
            case ":reset":
                if let problem = await engine.reset() {
                    terminal.say(style.reportBad(localized("the REPL's host could not be started again: \(problem)")))
                    return false
                }
                terminal.say(localized("Forgot every value and declaration: a fresh host is running."))
            case ":timeline":
                guard let report = lastReport else {
                    terminal.say(localized("No entry has run yet."))
                    return true
                }
                terminal.say(ReportRenderer(style: style).render(report, liveOutput: true))
            default:
                let typed = Sanitizer.inline(line, unicode: style.unicode)
                terminal.say(style.reportBad(localized("unknown REPL command \(typed): :help lists them")))
            }
            return true
        }
    }

    /// Past 64 KiB an entry is not parsed after every line while its
    /// brackets are plainly open: a long paste would cost quadratic time.
    static func surelyOpen(_ buffer: String) -> Bool {
        guard buffer.utf8.count > 64 * 1024 else { return false }
        var depth = 0
        for byte in buffer.utf8 {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: continue
            }
        }
        return depth > 0
    }

    /// The REPL's `:help`, in the interface's language of the moment.
    public static var help: String { localized("""
    Type Swift; Enter runs it. Top-level await works: try `await withTaskGroup`.
    An entry continues on the next line while its braces, brackets or a
    multi-line string are open; Ctrl-C drops it.

    Everything lives on: let and var values, a Task started in one entry (await
    it in a later one), an actor and its state, functions and types. An entry
    that is one expression shows its value. Declaring a name again replaces it
    for later entries. Each entry shows its output with times and a timeline.

    :vars      values kept, with their types      :decls   declarations
    :timeline  the last entry's report again      :reset   forget everything
    :help      this text                          :quit    leave (Ctrl-D too)
    Ctrl-C     cancel a running entry (its catch runs); the host is restarted
               only if the entry does not stop. Up recalls whole entries.
    """) }
}
