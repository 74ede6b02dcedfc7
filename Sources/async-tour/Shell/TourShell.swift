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

    private var session: TourSession
    private let runner: SnippetRunner
    private let history: History
    private let store: ProgressStore
    private var progress: LearnerProgress
    private let editor: LineEditor
    private let events: AsyncStream<Event>
    private let post: AsyncStream<Event>.Continuation
    private var iterator: AsyncStream<Event>.Iterator
    private var background: Task<Void, Never>?
    /// SIGTERM or SIGHUP arrived: leave as soon as the current command ends.
    private var terminating = false
    private let edits: EditStore
    private var replSession = ReplSession()
    /// Exercises whose solution was asked for once before being solved.
    private var solutionRequested: Set<String> = []
    /// The last elapsed time of each snippet, the chapter's and the learner's.
    private var timings: [String: Timings] = [:]
    private let environment = ProcessInfo.processInfo.environment

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
    }

    /// The chapter on screen, shared with the completion callback.
    private let current: CurrentLesson

    private var interactive: Bool { editor.isInteractive }

    private var style: TerminalStyle {
        TerminalStyle.detect(isTTY: interactive, environment: environment, width: terminalWidth())
    }

    private func say(_ text: String) {
        Platform.write(text + "\n")
    }

    /// Plain text wrapped to the terminal's width.
    private func wrapped(_ text: String) -> String {
        MarkdownRenderer(style: style).render([.paragraph([.text(text)], line: 0)])
    }

    // MARK: The loop

    func run() async {
        greet()
        await loop()
        finish()
    }

    /// The REPL on its own, for `async-tour repl`.
    func runREPL() async {
        await repl()
        finish()
    }

    private func loop() async {
        loop: while true {
            editor.requestLine(prompt: interactive ? prompt : "")
            guard let event = await nextTerminalEvent() else { break }
            switch event {
            case .line(let line):
                if !interactive, !line.isEmpty { say(style.reportDim("› " + line)) }
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
    private func nextTerminalEvent(interrupts: Bool = false) async -> TerminalEvent? {
        while let event = await iterator.next() {
            switch event {
            case .terminal(.interrupt) where interrupts: return .interrupt
            case .terminal(.interrupt), .terminal(.resize), .runFinished: continue
            case .terminal(let terminal): return terminal
            }
        }
        return nil
    }

    private var prompt: String {
        let arrow = style.unicode ? "›" : ">"
        return "\(session.location) \(arrow) "
    }

    private var chapters: String {
        let count = session.library.lessons.count
        return count == 1 ? "1 chapter" : "\(count) chapters"
    }

    private func greet() {
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

    private func finish() {
        background?.cancel()
        saveProgress()
        do {
            try history.save()
        } catch {
            say("warning: could not save the history: \(error.localizedDescription)")
        }
        editor.close()
        if interactive { say("Bye. Your place is saved; 'continue' brings you back.") }
    }

    // MARK: Commands

    /// Handles one line; returns false to leave.
    private func handle(_ line: String) async -> Bool {
        let command: ShellCommand
        switch ShellCommand.parse(line) {
        case .success(let parsed): command = parsed
        case .failure(let error):
            say(style.reportBad(error.description))
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
                say(style.reportBad(session.library.unknownLessonMessage(reference, listCommand: "toc")))
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
            guard let mine = edits.edited(snippet, in: lesson) else {
                say("You have not changed snippet \(snippet.number): 'edit \(snippet.number)' opens it.")
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
        case .again:
            guard let last = session.lastRun else {
                say("Nothing has run yet: 'run' runs the snippet on screen.")
                return true
            }
            await perform(session.ran(last))
        }
        return true
    }

    private func snippet(_ number: Int?) -> Snippet? {
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

    private func perform(_ action: TourSession.Action) async {
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
                say(style.paint("Exercise: ", "1;33") + style.reportDim("'edit \(snippet.number)' to change the code, "
                    + "'check \(snippet.number)' to test it, 'hint \(snippet.number)' for help. Enter runs the starting code."))
            } else if let snippet = step.snippet {
                say(style.reportDim("Enter runs snippet \(snippet.number); 'next' skips it."))
            }
            compileAhead()
        case .run(let snippet):
            _ = await run(snippet)
        case .endOfTour:
            say("That was the last chapter. 'toc' lists them all; 'goto N' opens one again.")
        case .startOfTour:
            say("This is the beginning of the first chapter.")
        }
    }

    // MARK: Running

    /// Runs a snippet with live output; Ctrl-C cancels it. Runs the
    /// learner's version when there is one, unless `original`. Returns false
    /// when the learner stopped it.
    private func run(_ snippet: Snippet, original: Bool = false) async -> Bool {
        let lesson = session.lesson
        var target = snippet
        var targetLesson = lesson
        var label: String?
        let mine = original ? nil : edits.editedSnippet(snippet, in: lesson)
        if let (edited, path) = mine {
            target = edited
            targetLesson.path = path
            label = "your version of snippet \(snippet.number)"
        } else if original, edits.edited(snippet, in: lesson) != nil {
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
    private func execute(_ snippet: Snippet, in lesson: Lesson, label: String?, check: Bool) async -> (Bool, RunReport) {
        let player = LessonPlayer(runner: runner, style: style, write: Platform.write)
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

    // MARK: REPL

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
                if !interactive, !line.isEmpty { say(style.reportDim((buffer.isEmpty ? "swift› " : "  ...› ") + line)) }
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
                    default: say(style.reportBad("unknown REPL command \(line): :help lists them"))
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
                    let (cancelled, report) = await execute(snippet, in: lesson, label: "entry \(replSession.entries + 1)", check: false)
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

    /// An exercise's goal in words, from its attributes.
    static func goal(of snippet: Snippet) -> String {
        var parts = ["it compiles in Swift \(snippet.attributes.mode.rawValue) mode and finishes within \(TimeBand.format(snippet.attributes.timeout)) s"]
        if let band = snippet.attributes.time { parts.append("its elapsed time is \(band)") }
        if let output = snippet.expectations.output {
            parts.append(output.matching.unordered ? "it prints the expected lines, in any order" : "it prints the expected output")
        }
        return parts.joined(separator: "; ")
    }

    /// The exercise `check`, `hint` and `solution` mean: snippet N, else the
    /// one on screen.
    private func exercise(_ number: Int?) -> Snippet? {
        guard let snippet = snippet(number) else { return nil }
        guard snippet.exercise != nil else {
            let exercises = session.lesson.snippets.filter { $0.exercise != nil }.map { String($0.number) }
            say(exercises.isEmpty ? "\(session.lesson.id) has no exercises."
                : "Snippet \(snippet.number) is not an exercise; the exercises here are \(exercises.joined(separator: ", ")).")
            return nil
        }
        return snippet
    }

    /// Runs the learner's version of an exercise (or its starting code) and
    /// says whether it meets the goal, and if not, which part and by how much.
    private func check(_ snippet: Snippet) async {
        let lesson = session.lesson
        var goal = snippet
        goal.exercise = nil
        var target = lesson
        var label = "the starting code of exercise \(snippet.number) (not edited yet)"
        if let mine = edits.edited(snippet, in: lesson) {
            goal.code = mine
            goal.fenceLine = 0
            target.path = edits.path(for: snippet, in: lesson)
            label = "your version of exercise \(snippet.number)"
        }
        let (cancelled, report) = await execute(goal, in: target, label: label, check: false)
        guard !cancelled else { return }
        let failures = ExpectationChecker.failures(of: goal, report: report)
        say(LessonPlayer(runner: runner, style: style, write: Platform.write).exerciseVerdict(failures))
        if failures.isEmpty {
            progress.solved.insert(LearnerProgress.key(lesson, snippet))
            saveProgress()
            say("Well done. 'solution \(snippet.number)' shows the chapter's answer to compare with yours.")
        } else if edits.edited(snippet, in: lesson) == nil {
            say(style.reportDim("'edit \(snippet.number)' to change it, then 'check \(snippet.number)' again."))
        }
    }

    /// Opens the learner's copy of a snippet in their editor, then runs it.
    private func edit(_ snippet: Snippet) async {
        let lesson = session.lesson
        let file: String
        do {
            file = try edits.prepare(snippet, in: lesson)
        } catch {
            say(style.reportBad("could not make a copy to edit: \(error.localizedDescription)"))
            return
        }
        guard let editor = Self.editorCommand(environment) else {
            say(style.reportBad("no editor found: set VISUAL or EDITOR (e.g. export EDITOR=nano), or edit \(file) yourself and type 'run \(snippet.number)'"))
            return
        }
        let status = await Self.launch(editor, file: file)
        guard status == 0 else {
            say(style.reportBad("the editor (\(editor)) exited with status \(status); your file is kept at \(file)"))
            return
        }
        if edits.edited(snippet, in: lesson) == snippet.code {
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

    /// Runs the editor on the terminal through the shell, so that an
    /// EDITOR with arguments ("code -w") works; returns its exit status.
    static func launch(_ editor: String, file: String) async -> Int32 {
        await withCheckedContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", editor + " \"$1\"", "sh", file]
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                continuation.resume(returning: 127)
            }
        }
    }

    private func colouredDiff(_ diff: String) -> String {
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

    private func key(_ snippet: Snippet) -> String { "\(session.lesson.id)/\(snippet.number)" }

    /// Compiles the rest of the chapter's snippets, one at a time, while the
    /// learner reads, so that `run` starts at once. Moving on cancels it.
    private func compileAhead() {
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

    // MARK: Text

    /// Shows long text a screen at a time on a terminal.
    private func page(_ text: String) async {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let height = max(10, terminalHeight() ?? 24) - 2
        guard interactive, lines.count > height else {
            say(text)
            return
        }
        var start = 0
        while start < lines.count {
            say(lines[start..<min(lines.count, start + height)].joined(separator: "\n"))
            start += height
            guard start < lines.count else { break }
            editor.requestLine(prompt: style.unicode ? "— more: Enter reads on, q stops — " : "-- more: Enter reads on, q stops -- ",
                               recordsHistory: false)
            guard let event = await nextTerminalEvent(), case .line(let answer) = event else {
                terminating = true
                return
            }
            if answer.lowercased() == "q" { return }
        }
    }

    private func helpText() -> String {
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

    private func tocText() -> String {
        let style = self.style
        var lines = [style.paint("Chapters", "1")]
        let idWidth = session.library.lessons.map(\.id.count).max() ?? 0
        for lesson in session.library.lessons {
            let done = progress.ran[lesson.id]?.count ?? 0
            let mark: String
            if progress.isDone(lesson) {
                mark = style.reportGood(style.unicode ? "✓" : "x")
            } else if progress.visited.contains(lesson.id) {
                mark = style.unicode ? "•" : "*"
            } else {
                mark = " "
            }
            let here = lesson.id == session.lesson.id && session.stepIndex >= 0 ? style.reportDim("  ← you are here") : ""
            let number = lesson.number < 10 ? " \(lesson.number)" : "\(lesson.number)"
            let exercises = progress.exercises(in: lesson)
            let solved = exercises.total == 0 ? "" : ", \(exercises.solved)/\(exercises.total) exercises"
            let id = lesson.id + String(repeating: " ", count: max(0, idWidth - lesson.id.count))
            lines.append(" \(mark) \(number)  \(id)  \(lesson.title)  "
                         + style.reportDim("\(done)/\(lesson.snippets.count) run\(solved)") + here)
        }
        return lines.joined(separator: "\n")
    }

    private func saveProgress() {
        do {
            try store.save(progress)
        } catch {
            say(style.reportBad("warning: could not save progress to \(store.path): \(error.localizedDescription)"))
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
