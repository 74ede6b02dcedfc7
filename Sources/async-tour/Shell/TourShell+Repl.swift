import Foundation
import TourKit
import TourTerminal

/// The REPL inside the tour.
extension TourShell {
    /// An async Swift REPL: each entry runs as a program of the kept
    /// declarations plus the entry, with the usual report and timeline.
    func repl() async {
        say(style.paint("Swift REPL", "1") + " with top-level await. :help explains what is kept; :quit or Ctrl-D leaves.")
        var buffer = ""
        while !terminating {
            editor.requestLine(prompt: interactive ? (buffer.isEmpty ? "swift› " : "  ...› ") : "")
            guard let event = await nextTerminalEvent(interrupts: true) else { return }
            switch event {
            case .line(let line):
                if !interactive, !line.isEmpty { say(ReportRenderer(style: style).echo(buffer.isEmpty ? "swift› " : "  ...› ", line)) }
                if buffer.isEmpty, line.hasPrefix(":") {
                    switch line.trimmingCharacters(in: .whitespaces) {
                    case ":quit", ":q", ":exit": return
                    case ":help", ":h": say(ReplSession.help)
                    case ":reset":
                        replSession.reset()
                        say("Forgot every declaration.")
                    case ":decls":
                        say(replSession.declarations.isEmpty ? "Nothing is kept yet."
                            : MarkdownRenderer(style: style).render([.code(info: "swift", text: replSession.declarations.joined(separator: "\n") + "\n", line: 0)]))
                    default: say(style.reportBad("unknown REPL command \(Sanitizer.inline(line, unicode: style.unicode)): :help lists them"))
                    }
                    continue
                }
                buffer += line + "\n"
                let kind = ReplInput.classify(buffer)
                if kind == .incomplete { continue }
                let entry = buffer
                buffer = ""
                if kind == .empty { continue }
                let (snippet, lesson) = replSession.program(for: entry)
                var compiled = true
                var diagnostics: String?
                if kind == .declarations {
                    // Declarations only need to compile; running them shows nothing.
                    switch await runner.compiler.compile(snippet, lessonPath: lesson.path) {
                    case .compiled: break
                    case .failed(let text, _):
                        compiled = false
                        diagnostics = text
                        say(style.reportBad("entry \(replSession.entries + 1) did not compile:"))
                        say(Sanitizer.sanitize(text, unicode: style.unicode).trimmingCharacters(in: .newlines))
                    case .unavailable(let reason):
                        compiled = false
                        say(style.reportBad(reason))
                    }
                } else {
                    let (cancelled, report) = await execute(snippet, in: lesson, label: "entry \(replSession.entries + 1)", check: false,
                                                              keepTyping: true)
                    compiled = !cancelled
                    if case .compileFailed(let text) = report.ending {
                        compiled = false
                        diagnostics = text
                    }
                }
                if let diagnostics, let hint = replSession.hint(for: diagnostics) { say(wrapped("hint: " + hint)) }
                replSession.finished(entry, as: kind, compiled: compiled)
                if compiled, kind == .declarations {
                    say(style.reportDim("kept for later entries"))
                } else if !compiled {
                    say(style.reportDim("nothing from this entry was kept"))
                }
            case .interrupt:
                if !buffer.isEmpty {
                    buffer = ""
                    say(style.reportDim("(entry dropped)"))
                }
            case .endOfInput, .terminate:
                if case .terminate = event { terminating = true }
                say("")
                return
            case .resize:
                continue
            }
        }
    }
}
