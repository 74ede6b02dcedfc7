import Foundation
import Synchronization
import TourKit
import TourTerminal

/// The interactive tour: one loop over one stream of events (lines typed,
/// Ctrl-C, signals, runs finishing), in the manner of rustlings' watch loop.
final class TourShell {
    enum Event: Sendable {
        case terminal(TerminalEvent)
        case runFinished
    }

    var session: TourSession
    let runner: SnippetRunner
    let history: History
    let store: ProgressStore
    var progress: LearnerProgress
    let editor: LineEditor
    let events: AsyncStream<Event>
    let post: AsyncStream<Event>.Continuation
    var iterator: AsyncStream<Event>.Iterator
    var background: Task<Void, Never>?
    /// SIGTERM or SIGHUP arrived: leave as soon as the current command ends.
    var terminating = false
    /// A command typed at a pager's prompt, to run before asking for another.
    var typedAhead: String?
    let edits: EditStore
    /// The last failure to save progress, said once rather than at every page.
    var progressSaveFailure: String?
    /// Exercises whose solution was asked for once before being solved.
    var solutionRequested: Set<String> = []
    /// The report of the last run, for `threads`.
    var lastReport: RunReport?
    /// The last elapsed time of each snippet, the chapter's and the learner's.
    var timings: [String: Timings] = [:]
    let environment = ProcessInfo.processInfo.environment

    init(library: LessonLibrary, runner: SnippetRunner, paths: StatePaths) {
        session = TourSession(library: library)
        self.runner = runner
        history = History(path: paths.stateDirectory + "/history")
        store = ProgressStore(directory: paths.stateDirectory)
        edits = EditStore(stateDirectory: paths.stateDirectory)
        let (loaded, warning) = store.load()
        progress = loaded
        (events, post) = AsyncStream.makeStream(of: Event.self)
        iterator = events.makeAsyncIterator()
        let lessons = library.lessons
        let current = CurrentLesson()
        self.current = current
        editor = LineEditor(program: "async-tour", history: history) { line in
            Completion(lessons: lessons, current: current.lesson).candidates(line)
        }
        let post = self.post
        let terminalEvents = editor.events
        Task {
            for await event in terminalEvents { post.yield(.terminal(event)) }
            post.finish()
        }
        if let warning { say(warning) }
        sayStateWarnings()
    }

    /// The chapter on screen, shared with the completion callback.
    let current: CurrentLesson

    var interactive: Bool { editor.isInteractive }

    var style: TerminalStyle {
        TerminalStyle.detect(isTTY: interactive, environment: environment, width: terminalWidth())
    }

    /// Writes a message; a line too wide for the terminal breaks between
    /// words rather than wherever the terminal would cut it.
    func say(_ text: String) {
        Platform.write(ReportRenderer(style: style).fit(text) + "\n")
    }

    /// Plain text wrapped to the terminal's width.
    func wrapped(_ text: String) -> String {
        MarkdownRenderer(style: style).render([.paragraph([.text(text)], line: 0)])
    }

    // MARK: The loop

    func run() async {
        greet()
        await loop()
        await stopBackgroundWork()
        finish()
    }

    /// The REPL on its own, for `async-tour repl`.
    func runREPL() async {
        await repl()
        await stopBackgroundWork()
        finish(farewell: "Bye.")
    }

    /// Compile-ahead is cancelled and waited for, so its swiftc is stopped
    /// and its build folder removed before the shell leaves; then anything
    /// of the tour's still running is stopped.
    func stopBackgroundWork() async {
        background?.cancel()
        await background?.value
        ProcessTree.stopEverything()
    }

    func loop() async {
        loop: while true {
            if let line = typedAhead {
                typedAhead = nil
                if await !handle(line) || terminating { break loop }
                continue
            }
            sayStateWarnings()
            editor.requestLine(prompt: interactive ? prompt : "")
            guard let event = await nextTerminalEvent() else { break }
            switch event {
            case .line(let line):
                if !interactive, !line.isEmpty { say(ReportRenderer(style: style).echo("› ", line)) }
                if await !handle(line) || terminating { break loop }
            case .endOfInput, .terminate:
                if interactive { say("") }
                break loop
            case .interrupt, .resize:
                continue
            }
        }
    }

    /// The next event from the terminal; Ctrl-C and resizes at the prompt
    /// were already handled by the line editor, so they are skipped unless
    /// `interrupts` asks for them.
    func nextTerminalEvent(interrupts: Bool = false) async -> TerminalEvent? {
        while let event = await iterator.next() {
            switch event {
            case .terminal(.interrupt) where interrupts: return .interrupt
            case .terminal(.interrupt), .terminal(.resize), .runFinished: continue
            case .terminal(let terminal): return terminal
            }
        }
        return nil
    }

    var prompt: String {
        let arrow = style.unicode ? "›" : ">"
        return "\(session.location) \(arrow) "
    }

    var chapters: String {
        let count = session.library.lessons.count
        return count == 1 ? "1 chapter" : "\(count) chapters"
    }

    func greet() {
        var text = "**Async Tour**: Swift concurrency, run for real. \(chapters).\n\n"
        if let id = progress.lessonID, session.library.lesson(id) != nil {
            text += "Welcome back. Type **continue** to return to \(id), Enter to start at the beginning, "
                + "**toc** for the chapters, **help** for every command."
        } else {
            text += "Press Enter to begin: Enter shows the next part of a chapter, then runs the snippet on screen. "
                + "Type **help** for every command."
        }
        say(MarkdownRenderer(style: style).render(MarkdownParser.parse(text)))
    }

    func finish(farewell: String = "Bye. Your place is saved; 'continue' brings you back.") {
        background?.cancel()
        saveProgress()
        do {
            try history.save()
        } catch {
            say("warning: could not save the history: \(StatePaths.describe(error))")
        }
        sayStateWarnings()
        editor.close()
        if interactive { say(farewell) }
    }

    // MARK: Commands

    /// Handles one line; returns false to leave.
    func handle(_ line: String) async -> Bool {
        let command: ShellCommand
        switch ShellCommand.parse(line) {
        case .success(let parsed): command = parsed
        case .failure(let error):
            say(style.reportBad(Sanitizer.inline(error.description, unicode: style.unicode)))
            return true
        }
        switch command {
        case .proceed: await perform(session.proceed())
        case .next: await perform(session.next())
        case .previous: await perform(session.previous())
        case .help: say(helpText())
        case .toc: say(tocText())
        case .quit: return false
        case .goto(let reference):
            guard let lesson = session.library.lesson(reference) else {
                say(style.reportBad(Sanitizer.inline(session.library.unknownLessonMessage(reference, listCommand: "toc"), unicode: style.unicode)))
                return true
            }
            await perform(session.open(lesson))
        case .resume:
            guard let id = progress.lessonID, let lesson = session.library.lesson(id) else {
                say("Nothing to continue yet: press Enter to begin.")
                return true
            }
            await perform(session.open(lesson, step: progress.step))
        case .show(let number):
            guard let snippet = snippet(number) else { return true }
            say(MarkdownRenderer(style: style).render([.code(info: "swift", text: snippet.code, line: snippet.fenceLine)]))
        case .run(let number):
            guard let snippet = snippet(number) else { return true }
            await perform(session.ran(snippet))
        case .runAll:
            for snippet in session.lesson.snippets {
                if await !run(snippet) { break }
            }
        case .check(let number):
            guard let exercise = exercise(number) else { return true }
            await check(exercise)
        case .hint(let number):
            guard let snippet = exercise(number), let hints = snippet.exercise?.hints else { return true }
            let key = LearnerProgress.key(session.lesson, snippet)
            let shown = progress.hints[key] ?? 0
            guard !hints.isEmpty else {
                say("Exercise \(snippet.number) has no hints; 'solution \(snippet.number)' shows the answer.")
                return true
            }
            let index = min(shown, hints.count - 1)
            progress.hints[key] = index + 1
            saveProgress()
            say(style.paint("Hint \(index + 1) of \(hints.count):", "1"))
            say(MarkdownRenderer(style: style).render(MarkdownParser.parse(hints[index])))
            if index + 1 == hints.count { say(style.reportDim("That was the last hint; 'solution \(snippet.number)' shows the answer.")) }
        case .solution(let number):
            guard let snippet = exercise(number), let solution = snippet.exercise?.solution else { return true }
            let key = LearnerProgress.key(session.lesson, snippet)
            if !progress.solved.contains(key), !solutionRequested.contains(key) {
                solutionRequested.insert(key)
                say("You have not met the goal of exercise \(snippet.number) yet. 'hint \(snippet.number)' gives a nudge; "
                    + "type 'solution \(snippet.number)' again to see the answer anyway.")
                return true
            }
            say(MarkdownRenderer(style: style).render([.code(info: "swift", text: solution, line: 0)]))
        case .repl:
            await repl()
            if !terminating { say("Back in \(session.lesson.id).") }
        case .edit(let number):
            guard let snippet = snippet(number) else { return true }
            await edit(snippet)
        case .diff(let number):
            guard let snippet = snippet(number) else { return true }
            let lesson = session.lesson
            let copy = edits.copy(of: snippet, in: lesson)
            if case .unreadable(let message) = copy { say(style.reportBad(message)) }
            guard let mine = copy.value else {
                if case .none = copy { say("You have not changed snippet \(snippet.number): 'edit \(snippet.number)' opens it.") }
                return true
            }
            let diff = LineDiff.unified(from: snippet.code, to: mine, oldName: "\(lesson.fileName) snippet \(snippet.number)",
                                        newName: edits.path(for: snippet, in: lesson))
            say(diff.isEmpty ? "Your version is the same as the chapter's." : colouredDiff(diff))
        case .reset(let number):
            guard let snippet = snippet(number) else { return true }
            do {
                let removed = try edits.reset(snippet, in: session.lesson)
                say(removed ? "Snippet \(snippet.number) is the chapter's again." : "Snippet \(snippet.number) was not changed.")
                timings[key(snippet)]?.yours = nil
            } catch {
                say(style.reportBad("could not reset snippet \(snippet.number): \(error.localizedDescription)"))
            }
        case .original(let number):
            guard let snippet = snippet(number) else { return true }
            _ = await run(snippet, original: true)
        case .threads:
            let view = lastReport.map { TraceTimelineRenderer(style: style).renderThreads($0) } ?? []
            if view.isEmpty {
                say(lastReport == nil ? "Nothing has run yet: 'run' runs the snippet on screen, then 'threads' shows its threads."
                                      : "The last run has no runtime trace to show threads from.")
            } else {
                Platform.write(view.joined(separator: "\n") + "\n")
            }
        case .again:
            guard let last = session.lastRun else {
                say("Nothing has run yet: 'run' runs the snippet on screen.")
                return true
            }
            await perform(session.ran(last))
        }
        return true
    }

    func snippet(_ number: Int?) -> Snippet? {
        let lesson = session.lesson
        if let number {
            guard let snippet = lesson.snippet(number) else {
                say(style.reportBad("\(lesson.id) has snippets 1…\(lesson.snippets.count); there is no snippet \(number)"))
                return nil
            }
            return snippet
        }
        guard let snippet = session.currentSnippet else {
            say("\(lesson.id) has no snippets to run.")
            return nil
        }
        return snippet
    }

    func perform(_ action: TourSession.Action) async {
        switch action {
        case .show(let step, let index):
            current.lesson = session.lesson
            progress.visited.insert(session.lesson.id)
            progress.lessonID = session.lesson.id
            progress.step = index
            saveProgress()
            if index == 0 { say("") }
            await page(MarkdownRenderer(style: style).render(step.blocks))
            if let snippet = step.snippet, snippet.exercise != nil {
                say(style.paint("Goal: ", "1;33") + Self.goal(of: snippet))
                if let output = snippet.expectations.output, output.lines.count <= 8 {
                    let lines = output.lines.map { "  " + Sanitizer.sanitize($0, unicode: style.unicode) }
                    say(style.reportDim("The expected output" + (output.matching.pattern ? " ('...' stands for anything)" : "")
                        + (output.matching.unordered ? ", in any order" : "") + ":") + "\n" + lines.joined(separator: "\n"))
                }
                say(style.paint("Exercise: ", "1;33") + style.reportDim("'edit \(snippet.number)' to change the code, "
                    + "'check \(snippet.number)' to test it, 'hint \(snippet.number)' for help. Enter runs the starting code."))
            } else if let snippet = step.snippet {
                say(style.reportDim("Enter runs snippet \(snippet.number); 'next' skips it."))
            }
            if index == session.steps.count - 1 { say(endOfChapterNotice()) }
            compileAhead()
        case .run(let snippet):
            _ = await run(snippet)
        case .endOfTour:
            say("That was the last chapter. 'toc' lists them all; 'goto N' opens one again.")
        case .startOfTour:
            say("This is the beginning of the first chapter.")
        }
    }

    /// Shown with a chapter's last part: what was done, and what Enter does next.
    func endOfChapterNotice() -> String {
        let lesson = session.lesson
        let ran = progress.ran[lesson.id]?.count ?? 0
        var text = "End of chapter \(lesson.number), \(lesson.id): \(ran) of \(lesson.snippets.count) snippets run"
        let exercises = progress.exercises(in: lesson)
        if exercises.total > 0 { text += ", \(exercises.solved) of \(exercises.total) exercises solved" }
        let lessons = session.library.lessons
        if let position = lessons.firstIndex(of: lesson), position + 1 < lessons.count {
            let next = lessons[position + 1]
            let key = session.steps.last?.snippet == nil ? "Enter" : "After it, Enter"
            text += ". \(key) goes on to chapter \(next.number), \(next.id)."
        } else {
            text += ". That was the last chapter; 'toc' lists them all."
        }
        return style.paint(text, "1")
    }

    // MARK: Running

    /// Runs a snippet with live output; Ctrl-C cancels it. Runs the
    /// learner's version when there is one, unless `original`. Returns false
    /// when the learner stopped it.
    func run(_ snippet: Snippet, original: Bool = false) async -> Bool {
        let lesson = session.lesson
        var target = snippet
        var targetLesson = lesson
        var label: String?
        let copy = original ? .none : edits.editedSnippet(snippet, in: lesson)
        if case .unreadable(let message) = copy {
            // Never the chapter's code in its place, unannounced.
            say(style.reportBad(message))
            return true
        }
        let mine = copy.value
        if let (edited, path) = mine {
            target = edited
            targetLesson.path = path
            label = "your version of snippet \(snippet.number)"
        } else if original, edits.hasCopy(snippet, in: lesson) {
            label = "the chapter's version of snippet \(snippet.number)"
        }
        let (cancelled, report) = await execute(target, in: targetLesson, label: label, check: mine == nil)
        progress.ran[lesson.id, default: []].insert(snippet.number)
        saveProgress()
        if !cancelled, report.ending.isSuccess {
            if mine != nil { timings[key(snippet), default: Timings()].yours = report.wall }
            else { timings[key(snippet), default: Timings()].original = report.wall }
            if let both = timings[key(snippet)], let chapter = both.original, let yours = both.yours {
                say(style.paint("snippet \(snippet.number): the chapter's version \(ReportRenderer.seconds(chapter)) s"
                                + (style.unicode ? " · " : " | ") + "your version \(ReportRenderer.seconds(yours)) s", "1"))
            }
        }
        return !cancelled
    }

    /// Runs a program with live output until it ends or the learner presses
    /// Ctrl-C; returns whether it was cancelled, and its report.
    /// Keys typed during a run are dropped, unless `keepTyping`: in the
    /// REPL, lines pasted while an entry runs are the next entries.
    func execute(_ snippet: Snippet, in lesson: Lesson, label: String?, check: Bool,
                 keepTyping: Bool = false) async -> (Bool, RunReport) {
        let result = await editor.whileRunning(keepTyping: keepTyping) {
            await executeWatchingKeys(snippet, in: lesson, label: label, check: check)
        }
        lastReport = result.1
        return result
    }

    /// Runs a snippet while watching for Ctrl-C (cancel) and SIGTERM.
    private func executeWatchingKeys(_ snippet: Snippet, in lesson: Lesson, label: String?, check: Bool) async -> (Bool, RunReport) {
        var player = LessonPlayer(runner: runner, style: style, write: Platform.write)
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
                Platform.write("\n")
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

    func compileAhead() {
        background?.cancel()
        let lesson = session.lesson
        let upcoming = session.steps[max(0, session.stepIndex)...].compactMap(\.snippet)
        let compiler = runner.compiler
        background = Task(priority: .background) {
            for snippet in upcoming {
                if Task.isCancelled { return }
                _ = await compiler.compile(snippet, lessonPath: lesson.path)
            }
        }
    }
}

/// The chapter on screen, read by TAB completion on the line editor's thread.
final class CurrentLesson: Sendable {
    private let value = Mutex<Lesson?>(nil)

    var lesson: Lesson? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
