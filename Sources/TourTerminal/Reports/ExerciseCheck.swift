public import TourKit

/// Runs the learner's attempt at one exercise against its goal, once or
/// on every save.
public struct ExerciseCheck: Sendable {
    public var runner: SnippetRunner
    /// The terminal's style when each piece is drawn.
    public var currentStyle: @Sendable () -> TerminalStyle
    public var stateDirectory: String
    public var lesson: Lesson
    public var exercise: Snippet
    public var write: @Sendable (String) -> Void
    /// One line for standard error.
    public var writeError: @Sendable (String) -> Void
    /// Whether `watch` clears the screen between runs: only on a terminal.
    public var clearsScreen: Bool

    public init(runner: SnippetRunner, currentStyle: @escaping @Sendable () -> TerminalStyle, stateDirectory: String,
                lesson: Lesson, exercise: Snippet, write: @escaping @Sendable (String) -> Void,
                writeError: @escaping @Sendable (String) -> Void, clearsScreen: Bool) {
        self.runner = runner
        self.currentStyle = currentStyle
        self.stateDirectory = stateDirectory
        self.lesson = lesson
        self.exercise = exercise
        self.write = write
        self.writeError = writeError
        self.clearsScreen = clearsScreen
    }

    var edits: EditStore { EditStore(stateDirectory: stateDirectory) }
    var name: String { "\(lesson.number).\(exercise.number)" }

    /// One run: whether the goal was met, `nil` when the run was stopped
    /// or could not start.
    public func once() async -> Bool? {
        let attempt: ExerciseAttempt
        switch ExerciseAttempt.make(exercise, in: lesson, edits: edits) {
        case .none: return nil
        case .unreadable(let message):
            writeError(localized("error: \(message)"))
            return nil
        case .edited(let value): attempt = value
        }
        let style = currentStyle()
        let file = Sanitizer.inline(attempt.file, unicode: style.unicode)
        let name = self.name
        write(attempt.edited ? style.paint(localized("Your file: "), "1") + file + "\n"
                       : style.reportDim(localized("""
                           You have no copy of exercise \(name) yet, so this is the chapter's starting code. \
                           'async-tour check \(name) --watch' makes \(file) for you to edit.
                           """)) + "\n")
        // What runs, named whole for the translation (ExerciseAttempt.label, then the chapter).
        let number = attempt.snippet.number, chapter = lesson.id
        let label = attempt.edited ? localized("your version of exercise \(number) of \(chapter)")
                                   : localized("the starting code of exercise \(number) (not edited yet) of \(chapter)")
        let player = LessonPlayer(runner: runner, currentStyle: currentStyle, write: write)
        let (_, report) = await player.runAndReport(attempt.snippet, in: attempt.lesson,
                                                    label: label, check: false)
        if report.ending == .cancelled || Task.isCancelled { return nil }
        let failures = player.shownFailures(of: attempt.snippet, in: attempt.lesson, report: report)
        write(player.exerciseVerdict(failures) + "\n")
        if failures.isEmpty { recordSolved() }
        return failures.isEmpty
    }

    /// Makes the learner's file if there is none, then runs it now and after
    /// each save until cancelled. Returns the last run's verdict.
    public func watch(polling: Bool) async -> Bool? {
        let style = currentStyle()
        let file: String
        do {
            let (path, warning) = try edits.prepare(exercise, in: lesson)
            if let warning { writeError(localized("warning: \(warning)")) }
            file = path
        } catch {
            let reason = StatePaths.describe(error)
            writeError(localized("error: could not make your copy of exercise \(name): \(reason)"))
            return nil
        }
        let watcher = FileWatcher(path: file, polling: polling)
        var last: Bool?
        var first = true
        repeat {
            if clearsScreen, !first { TerminalOutput.clearScreen() }
            first = false
            last = await once()
            if Task.isCancelled { break }
            let shown = Sanitizer.inline(file, unicode: style.unicode)
            write("\n" + style.reportDim(localized("Watching \(shown): save it to check again; Ctrl-C stops.")) + "\n")
        } while await watcher.nextChange()
        return last
    }

    /// The tour's progress learns of the solve; the place is left alone.
    private func recordSolved() {
        var solved = LearnerProgress()
        solved.solved = [LearnerProgress.key(lesson, exercise)]
        do {
            let (_, warning) = try ProgressStore(directory: stateDirectory).save(solved)
            if let warning { writeError(localized("warning: \(warning)")) }
        } catch {
            let reason = StatePaths.describe(error)
            writeError(localized("warning: could not save progress: \(reason)"))
        }
    }
}
