import Foundation
import TourKit
import TourTerminal

/// What the tour shows besides chapters: paging, help, the table of contents.
extension TourShell {
    /// Shows long text a screen at a time on a terminal. At the "more"
    /// prompt, Enter reads on and q stops; anything else the learner types
    /// stops the paging and is kept to run as a command next.
    func page(_ text: String) async {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let height = max(10, terminalHeight() ?? 24) - 2
        guard interactive, lines.count > height else {
            say(text)
            return
        }
        // Pages of even length: never a last page of one or two lines.
        let pages = (lines.count + height - 1) / height
        let size = (lines.count + pages - 1) / pages
        var start = 0
        while start < lines.count {
            let end = min(lines.count, start + size)
            say(lines[start..<end].joined(separator: "\n"))
            start = end
            guard start < lines.count else { break }
            let left = lines.count - start
            editor.requestLine(prompt: style.unicode ? "— \(left) more lines: Enter reads on, q stops — "
                                                     : "-- \(left) more lines: Enter reads on, q stops -- ",
                               recordsHistory: false)
            guard let event = await nextTerminalEvent(), case .line(let answer) = event else {
                terminating = true
                return
            }
            let typed = answer.trimmingCharacters(in: .whitespaces)
            // The prompt is not part of the text: the next page takes its line.
            if typed.isEmpty, environment["TERM"] != "dumb" { Platform.write("\u{1B}[1A\u{1B}[2K") }
            if typed.lowercased() == "q" { return }
            if !typed.isEmpty {
                typedAhead = typed
                return
            }
        }
    }

    func helpText() -> String {
        let style = self.style
        var lines = [style.paint("Commands", "1")]
        for entry in ShellCommand.names {
            let aliases = entry.aliases.isEmpty ? "" : style.reportDim(" (" + entry.aliases.joined(separator: ", ") + ")")
            let usage = entry.usage + String(repeating: " ", count: max(1, 20 - entry.usage.count))
            lines.append("  " + style.paint(usage, "1") + entry.summary + aliases)
        }
        lines += ["", style.paint("Keys", "1"),
                  "  Enter         next part of the chapter, or run the snippet on screen",
                  "  Tab           complete a command, chapter or snippet number (twice: list)",
                  "  Up / Down     history (kept between sessions)",
                  "  Ctrl-C        stop a running snippet; at the prompt, clear the line",
                  "  Ctrl-D        leave (your place is saved)"]
        return lines.joined(separator: "\n")
    }

    func tocText() -> String {
        ContentsRenderer(style: style).render(session.library.lessons, progress: progress,
                                              here: session.stepIndex >= 0 ? session.lesson.id : nil)
    }

    /// Saves merged with what other shells on the state directory saved,
    /// and takes their progress in too.
    func saveProgress() {
        do {
            let (merged, warning) = try store.save(progress)
            progress = merged
            progressSaveFailure = nil
            if let warning { say(style.reportBad(warning)) }
        } catch {
            let text = "warning: could not save progress to \(store.path): \(StatePaths.describe(error))"
            if text != progressSaveFailure { say(style.reportBad(text)) }
            progressSaveFailure = text
        }
    }

    /// The history file's one-line warnings (set aside, failed appends),
    /// printed in one place.
    func sayStateWarnings() {
        for warning in history.takeWarnings() { say(style.reportBad(warning)) }
    }
}
