import Foundation
import TourKit
import TourTerminal

/// Editing snippets: the learner's copies, the editor, diffs.
extension TourShell {
    func edit(_ snippet: Snippet) async {
        let lesson = session.lesson
        let file: String
        do {
            let (path, warning) = try edits.prepare(snippet, in: lesson)
            if let warning { say(style.reportBad(warning)) }
            file = path
        } catch {
            say(style.reportBad("could not make a copy to edit: \(StatePaths.describe(error))"))
            return
        }
        guard let editor = Self.editorCommand(environment) else {
            say(style.reportBad("no editor found: set VISUAL or EDITOR (e.g. export EDITOR=nano), or edit \(file) yourself and type 'run \(snippet.number)'"))
            return
        }
        let status = await ForegroundProgram.runShellCommand(editor, argument: file)
        guard status == 0 else {
            say(style.reportBad("the editor (\(editor)) exited with status \(status); your file is kept at \(file)"))
            return
        }
        let saved = edits.copy(of: snippet, in: lesson)
        if case .unreadable(let message) = saved {
            // The editor left something that is not text: say so, run nothing.
            say(style.reportBad(message))
            return
        }
        if saved.value == snippet.code {
            say("No changes to snippet \(snippet.number).")
            _ = try? edits.reset(snippet, in: lesson)
            return
        }
        session.noteRun(snippet)
        if snippet.exercise != nil {
            await check(snippet)
        } else {
            _ = await run(snippet)
        }
    }

    /// `$VISUAL`, then `$EDITOR`, then the first of nano, vim and vi on PATH.
    static func editorCommand(_ environment: [String: String]) -> String? {
        for variable in ["VISUAL", "EDITOR"] {
            if let value = environment[variable], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["nano", "vim", "vi"] {
            for directory in path where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return name
            }
        }
        return nil
    }

    func colouredDiff(_ diff: String) -> String {
        diff.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = Sanitizer.sanitize(String(line), unicode: style.unicode)
            if line.hasPrefix("+") { return style.paint(text, "32") }
            if line.hasPrefix("-") { return style.paint(text, "31") }
            return text
        }.joined(separator: "\n")
    }

    struct Timings {
        var original: Double?
        var yours: Double?
    }

    func key(_ snippet: Snippet) -> String { "\(session.lesson.id)/\(snippet.number)" }

    /// Compiles the rest of the chapter's snippets, one at a time, while the
    /// learner reads, so that `run` starts at once. Moving on cancels it.
}
