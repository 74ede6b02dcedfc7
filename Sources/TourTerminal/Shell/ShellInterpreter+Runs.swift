import Foundation
public import TourKit

/// Running snippets, checking exercises, the learner's copies.
extension ShellInterpreter {
    /// Runs what `request` asks for, with live output; Ctrl-C cancels it.
    /// Everything comes from the snippet's own chapter: its file for
    /// compiler messages, its id in the label.
    func run(_ request: RunRequest) async -> RunOutcome {
        let ref = request.snippet
        let lesson = state.lesson(of: ref)
        guard let snippet = state.snippet(ref) else { return RunOutcome(refused: true) }
        let copy = request.version == .chapters ? .none : edits.editedSnippet(snippet, in: lesson)
        if case .unreadable(let message) = copy {
            // Never the chapter's code in its place, unannounced.
            say(.stateProblem(message))
            return RunOutcome(refused: true)
        }
        let mine = copy.value
        if request.judging == .goal { return await check(snippet, in: lesson, mine: mine) }
        var target = snippet
        var targetLesson = lesson
        var label: RunLabel?
        let elsewhere = ref.lesson != state.lessonIndex ? lesson.id : nil
        if let (edited, path) = mine {
            target = edited
            targetLesson.path = path
            label = .yours(snippet: snippet.number, chapter: elsewhere)
        } else if request.version == .chapters, edits.hasCopy(snippet, in: lesson) {
            label = .chapters(snippet: snippet.number, chapter: elsewhere)
        }
        let (cancelled, report) = await execute(target, in: targetLesson, label: label.map(presenter.runLabel),
                                                check: request.judging == .chapter)
        reportsBySnippet[ref] = report
        return RunOutcome(cancelled: cancelled, succeeded: report.ending.isSuccess, wall: report.wall, usedLearnersCopy: mine != nil)
    }

    /// Runs the learner's version of an exercise (or its starting code) and
    /// says whether it meets the goal, and if not, which part and by how much.
    private func check(_ snippet: Snippet, in lesson: Lesson, mine: (Snippet, path: String)?) async -> RunOutcome {
        var goal = snippet
        goal.exercise = nil
        var target = lesson
        var label = RunLabel.exerciseStart(snippet.number)
        if let (edited, path) = mine {
            goal.code = edited.code
            goal.fenceLine = 0
            target.path = path
            label = .yourExercise(snippet.number)
        }
        let (cancelled, report) = await execute(goal, in: target, label: presenter.runLabel(label), check: false)
        guard !cancelled else { return RunOutcome(cancelled: true, usedLearnersCopy: mine != nil) }
        let player = LessonPlayer(runner: runner, style: style, write: { TerminalOutput.write($0) })
        let failures = player.shownFailures(of: goal, in: target, report: report)
        say(player.exerciseVerdict(failures))
        return RunOutcome(succeeded: report.ending.isSuccess, wall: report.wall, usedLearnersCopy: mine != nil,
                          goalMet: failures.isEmpty)
    }

    /// Runs a program with live output until it ends or the learner presses
    /// Ctrl-C; returns whether it was cancelled, and its report.
    /// Keys typed during a run are dropped, unless `keepTyping`: in the
    /// REPL, lines pasted while an entry runs are the next entries.
    public func execute(_ snippet: Snippet, in lesson: Lesson, label: String?, check: Bool,
                        keepTyping: Bool = false) async -> (Bool, RunReport) {
        let result = await editor.whileRunning(keepTyping: keepTyping) {
            await executeWatchingKeys(snippet, in: lesson, label: label, check: check)
        }
        lastReport = result.1
        return result
    }

    /// Runs a snippet while watching for Ctrl-C (cancel) and SIGTERM.
    private func executeWatchingKeys(_ snippet: Snippet, in lesson: Lesson, label: String?, check: Bool) async -> (Bool, RunReport) {
        var player = LessonPlayer(runner: runner, style: style, write: { TerminalOutput.write($0) })
        let interactive = self.interactive, environment = self.environment
        player.currentStyle = { TerminalStyle.detect(isTTY: interactive, environment: environment, width: terminalWidth()) }
        let post = self.post
        let task = Task {
            let result = await player.runAndReport(snippet, in: lesson, label: label, check: check)
            post.yield(.runFinished)
            return result
        }
        var cancelled = false
        while let event = await iterator.next() {
            if case .runFinished = event { break }
            if case .terminal(.interrupt) = event, !cancelled {
                cancelled = true
                TerminalOutput.write("\n")
                task.cancel()
            }
            if case .terminal(.terminate) = event {
                task.cancel()
                cancelled = true
                terminating = true
            }
        }
        return (cancelled, await task.value.report)
    }

    // MARK: The learner's copies

    /// Opens the learner's copy of a snippet in their editor. Returns
    /// whether it now differs from the chapter's code; nil when nothing
    /// should run (no editor, the editor failed, the file is unreadable).
    func edit(_ ref: SnippetRef) async -> Bool? {
        guard let snippet = state.snippet(ref) else { return nil }
        let lesson = state.lesson(of: ref)
        let file: String
        do {
            let (path, warning) = try edits.prepare(snippet, in: lesson)
            if let warning { say(.stateProblem(warning)) }
            file = path
        } catch {
            let reason = StatePaths.describe(error)
            say(.stateProblem(localized("could not make a copy to edit: \(reason)")))
            return nil
        }
        guard let editor = Self.editorCommand(environment) else {
            say(.noEditor(file: file, number: snippet.number))
            return nil
        }
        let status = await ForegroundProgram.runShellCommand(editor, argument: file)
        guard status == 0 else {
            say(.editorFailed(editor: editor, status: status, file: file))
            return nil
        }
        let saved = edits.copy(of: snippet, in: lesson)
        if case .unreadable(let message) = saved {
            // The editor left something that is not text: say so, run nothing.
            say(.stateProblem(message))
            return nil
        }
        if saved.value == snippet.code {
            _ = try? edits.reset(snippet, in: lesson)
            return false
        }
        return true
    }

    /// `$VISUAL`, then `$EDITOR`, then the first of nano, vim and vi on PATH.
    public static func editorCommand(_ environment: [String: String]) -> String? {
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

    func diff(_ ref: SnippetRef) {
        guard let snippet = state.snippet(ref) else { return }
        let lesson = state.lesson(of: ref)
        let copy = edits.copy(of: snippet, in: lesson)
        if case .unreadable(let message) = copy { say(.stateProblem(message)) }
        guard let mine = copy.value else {
            if case .none = copy { say(.notEdited(number: snippet.number)) }
            return
        }
        let diff = LineDiff.unified(from: snippet.code, to: mine, oldName: localized("\(lesson.fileName) snippet \(snippet.number)"),
                                    newName: edits.path(for: snippet, in: lesson))
        if diff.isEmpty { say(.sameAsChapter) } else { say(colouredDiff(diff)) }
    }

    func colouredDiff(_ diff: String) -> String {
        diff.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = Sanitizer.sanitize(String(line), unicode: style.unicode)
            if line.hasPrefix("+") { return style.tone(.good, text) }
            if line.hasPrefix("-") { return style.tone(.bad, text) }
            return text
        }.joined(separator: "\n")
    }
}
