import Foundation
public import TourKit
import Synchronization

/// The terminal side of the tour: one loop over one stream of events (lines
/// typed, Ctrl-C, signals, runs finishing), in the manner of rustlings'
/// watch loop. Each line goes to ``TourState/reduce(_:)``; the effects that
/// come back are carried out here, in order, and what only the terminal
/// side can learn (how a run ended, whether the editor changed a file) goes
/// back in as a ``ShellInput``. No decision about the tour is made here.
public final class ShellInterpreter {
    public enum Event: Sendable {
        case terminal(TerminalEvent)
        case runFinished
    }

    public private(set) var state: TourState
    public let runner: SnippetRunner
    public let history: History
    public let editor: LineEditor
    let store: ProgressStore
    let edits: EditStore
    let post: AsyncStream<Event>.Continuation
    var iterator: AsyncStream<Event>.Iterator
    var background: Task<Void, Never>?
    /// SIGTERM or SIGHUP arrived: leave as soon as the current command ends.
    public var terminating = false
    /// The last failure to save progress, said once rather than at every page.
    var progressSaveFailure: String?
    /// The report of the last run, for `threads`.
    public internal(set) var lastReport: RunReport?
    /// The last report of each snippet run, for `compare`.
    var reportsBySnippet: [SnippetRef: RunReport] = [:]
    public let environment = ProcessInfo.processInfo.environment
    /// The chapter on screen, shared with the completion callback.
    let current: CurrentLesson
    /// The REPL, for the `repl` command; the executable sets it.
    public var repl: (() async -> Void)?

    /// `saveWhenPiped`: a session whose input is not a terminal saves
    /// progress and the place only when asked (`--save-progress`).
    public init(library: LessonLibrary, runner: SnippetRunner, paths: StatePaths, saveWhenPiped: Bool = false) {
        self.runner = runner
        history = History(path: paths.stateDirectory + "/history")
        store = ProgressStore(directory: paths.stateDirectory)
        edits = EditStore(stateDirectory: paths.stateDirectory)
        let (loaded, warning) = store.load()
        let (events, post) = AsyncStream.makeStream(of: Event.self)
        self.post = post
        iterator = events.makeAsyncIterator()
        let lessons = library.lessons
        let current = CurrentLesson()
        self.current = current
        editor = LineEditor(program: "async-tour", history: history) { line in
            Completion(lessons: lessons, current: current.lesson).candidates(line)
        }
        var edited = Set<SnippetRef>()
        for (index, lesson) in lessons.enumerated() {
            for snippet in lesson.snippets where edits.hasCopy(snippet, in: lesson) {
                edited.insert(SnippetRef(lesson: index, number: snippet.number))
            }
        }
        // The rule is about input: a learner typing into `async-tour | tee log` still saves.
        state = TourState(library: library, progress: loaded, persistent: isatty(STDIN_FILENO) == 1 || saveWhenPiped, edited: edited)
        current.lesson = state.lesson
        let terminalEvents = editor.events
        Task {
            for await event in terminalEvents { post.yield(.terminal(event)) }
            post.finish()
        }
        if let warning { say(warning) }
        sayStateWarnings()
    }

    public var interactive: Bool { editor.isInteractive }

    /// The style now: the width is measured at each call, so what is drawn
    /// after a resize fits the new width.
    public var style: TerminalStyle {
        TerminalStyle.detect(isTTY: interactive, environment: environment, width: terminalWidth())
    }

    var presenter: ShellPresenter { ShellPresenter(style: style) }

    /// Writes a message; a line too wide for the terminal breaks between
    /// words rather than wherever the terminal would cut it.
    public func say(_ text: String) {
        TerminalOutput.write(ReportRenderer(style: style).fit(text) + "\n")
    }

    func say(_ message: ShellMessage) {
        say(presenter.words(message))
    }

    /// Plain text wrapped to the terminal's width.
    public func wrapped(_ text: String) -> String {
        MarkdownRenderer(style: style).render([.paragraph([.text(text)], line: 0)])
    }

    // MARK: The loop

    public func run() async {
        say(state.greeting)
        await loop()
        await stopBackgroundWork()
        finish()
    }

    /// Compile-ahead is cancelled and waited for, so its swiftc is stopped
    /// and its build folder removed before the shell leaves; then anything
    /// of the tour's still running is stopped.
    public func stopBackgroundWork() async {
        background?.cancel()
        await background?.value
        ProcessTree.stopEverything()
    }

    func loop() async {
        loop: while !terminating {
            sayStateWarnings()
            editor.requestLine(prompt: interactive ? prompt : "")
            guard let event = await nextTerminalEvent() else { break }
            switch event {
            case .line(let line):
                if !interactive, !line.isEmpty { say(ReportRenderer(style: style).echo("› ", line)) }
                let input: ShellInput
                switch ShellCommand.parse(line) {
                case .success(let command): input = .command(command)
                case .failure(let error): input = .badLine(error)
                }
                if await !perform(state.reduce(input)) { break loop }
            case .endOfInput, .terminate:
                if case .terminate = event { terminating = true }
                if interactive { say("") }
                break loop
            case .interrupt, .resize:
                continue
            }
        }
        // However the shell leaves (a signal during a run skips the rest of
        // its effects), a saving session saves once more.
        if state.persistent { saveProgress() }
    }

    /// The next event from the terminal; Ctrl-C and resizes at the prompt
    /// were already handled by the line editor, so they are skipped unless
    /// `interrupts` asks for them.
    public func nextTerminalEvent(interrupts: Bool = false) async -> TerminalEvent? {
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
        return "\(state.location) \(arrow) "
    }

    /// Leaves: saves the history, says `farewell` (by default, that the
    /// place is saved), in the interface's language at the moment of leaving.
    public func finish(farewell: String? = nil) {
        background?.cancel()
        do {
            try history.save()
        } catch {
            let reason = StatePaths.describe(error)
            say(localized("warning: could not save the history: \(reason)"))
        }
        sayStateWarnings()
        editor.close()
        if interactive { say(farewell ?? localized("Bye. Your place is saved; Enter brings you back to it next time.")) }
    }

    // MARK: Effects

    /// Carries out effects in order, feeding what they learn back to the
    /// state. Returns false when the shell should leave. A cancelled run
    /// drops the effects after it (`run all` stops at Ctrl-C).
    func perform(_ effects: [ShellEffect]) async -> Bool {
        for effect in effects {
            if terminating { return false }
            switch await carryOut(effect) {
            case .goOn: continue
            case .dropRest: return !terminating
            case .leave: return false
            }
        }
        return !terminating
    }

    enum Flow {
        case goOn, dropRest, leave
    }

    private func carryOut(_ effect: ShellEffect) async -> Flow {
        switch effect {
        case .show(let index, let step):
            let lesson = state.library.lessons[index]
            current.lesson = lesson
            if step == 0 { say("") }
            let part = state.parts[index][step]
            var text = PagedText(blocks: part.blocks, renderer: MarkdownRenderer(style: style))
            if let footer = presenter.footer(of: part) {
                text.pieces.append(.init(lines: [""] + footer.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                         whole: true))
            }
            if await page(text), await !perform(state.reduce(.partCut)) { return .leave }
        case .run(let request):
            let outcome = await run(request)
            if await !perform(state.reduce(.ran(request, outcome))) { return .leave }
            if outcome.cancelled { return .dropRest }
        case .showCode(let ref, let edited):
            guard let snippet = state.snippet(ref) else { break }
            await page(PagedText(blocks: [.code(info: snippet.language.rawValue, text: snippet.code, line: snippet.fenceLine)],
                                 renderer: MarkdownRenderer(style: style)))
            if edited { say(presenter.editNote(ref.number)) }
        case .showSolution(let ref):
            guard let solution = state.snippet(ref)?.exercise?.solution else { break }
            await page(PagedText(blocks: [.code(info: "swift", text: solution, line: 0)], renderer: MarkdownRenderer(style: style)))
        case .showHint(let ref, let index):
            guard let hints = state.snippet(ref)?.exercise?.hints, hints.indices.contains(index) else { break }
            say(presenter.hint(hints[index], index: index, count: hints.count, number: ref.number))
        case .edit(let ref):
            guard let changed = await edit(ref) else { break }
            if await !perform(state.reduce(.edited(ref, changed: changed))) { return .leave }
        case .diff(let ref):
            diff(ref)
        case .reset(let ref):
            guard let snippet = state.snippet(ref) else { break }
            do {
                let removed = try edits.reset(snippet, in: state.lesson(of: ref))
                if await !perform(state.reduce(.wasReset(ref, removed: removed))) { return .leave }
            } catch {
                let reason = StatePaths.describe(error)
                say(.stateProblem(localized("could not reset snippet \(ref.number): \(reason)")))
            }
        case .help:
            await page(PagedText(presenter.help()))
        case .toc:
            await page(PagedText(presenter.toc(state)))
        case .threads:
            let view = lastReport.map { TraceTimelineRenderer(style: style).renderThreads($0) } ?? []
            if view.isEmpty {
                say(.noThreads(ranYet: lastReport != nil))
            } else {
                TerminalOutput.write(view.joined(separator: "\n") + "\n")
            }
        case .compare(let python, let swift):
            guard let pythonReport = reportsBySnippet[python], let swiftReport = reportsBySnippet[swift],
                  let pythonSnippet = state.snippet(python), let swiftSnippet = state.snippet(swift) else { break }
            LessonPlayer(runner: runner, style: style, write: { TerminalOutput.write($0) })
                .writeComparison((pythonSnippet, swiftSnippet), python: pythonReport, swift: swiftReport)
        case .repl:
            await repl?()
        case .switchLanguage(let code):
            if await !switchLanguage(code) { return .leave }
        case .compileAhead(let index, let step):
            compileAhead(lesson: index, from: step)
        case .save:
            saveProgress()
        case .say(let message):
            say(message)
        case .quit:
            return .leave
        }
        return .goOn
    }

    // MARK: Language

    /// `lang`: names the language; `lang CODE` reads the chapters again in
    /// that language and shows the part on screen in it. The place, the
    /// progress and the learner's copies stay: a translation has the same
    /// snippets. A language the course has no text for says so and keeps
    /// the one in use. Returns false when the tour is to leave.
    func switchLanguage(_ code: String?) async -> Bool {
        let now = Language.current
        guard let code else {
            let others = Language.allCases.filter { $0 != now }.map { "lang \($0.code)" }.joined(separator: ", ")
            say(localized("The tour speaks \(now.nativeName) (\(now.code)). \(others) changes it."))
            return true
        }
        guard let choice = Language.choice(forCode: code) else {
            let shown = Sanitizer.inline(code.quotedForMessage(limit: 40), unicode: style.unicode)
            say(localized("The tour has no language '\(shown)': lang takes en or zh-Hans."))
            return true
        }
        if let note = choice.note { say(localized("note: \(note)")) }
        guard choice.language != now || choice.language != state.library.language else {
            say(localized("The tour already speaks \(now.nativeName)."))
            return true
        }
        // The notes of the loading speak the new language already.
        Language.current = choice.language
        let library: LessonLibrary
        do {
            library = try LessonLoader.load(directory: state.library.directory, language: choice.language)
        } catch {
            Language.current = now
            say(localized("could not read the chapters again: \(error.description)"))
            return true
        }
        state.replaceLibrary(library)
        for note in library.notes { say(note) }
        return await perform(state.showAgain())
    }

    // MARK: Paging

    /// Shows text a screen at a time on a terminal. At the "more" prompt a
    /// single key answers, without Enter: space or Enter reads on; q,
    /// Escape, Ctrl-C and Ctrl-D stop; any other printable key stops too and
    /// is typed into the next prompt, so `run 2` typed at the prompt works.
    /// Returns whether the learner stopped before the last page.
    @discardableResult
    func page(_ text: PagedText) async -> Bool {
        let height = max(10, terminalHeight() ?? 24) - 1
        guard interactive, text.lineCount > height else {
            say(text.text)
            return false
        }
        let pages = text.pages(height: height)
        var left = pages.reduce(0) { $0 + $1.count }
        for (index, page) in pages.enumerated() {
            say(page.joined(separator: "\n"))
            left -= page.count
            guard index + 1 < pages.count else { break }
            TerminalOutput.write(presenter.morePrompt(linesLeft: left))
            var answer = PagerAnswer.ignored
            while answer == .ignored { answer = PagerAnswer(await editor.readKey()) }
            // The prompt is not part of the text: the next page takes its line.
            TerminalOutput.write("\r\u{1B}[K")
            switch answer {
            case .more, .ignored: continue
            case .stop, .command: return true
            case .gone:
                terminating = true
                return true
            }
        }
        return false
    }

    // MARK: State files

    /// Saves merged with what other shells on the state directory saved,
    /// and takes their progress in too.
    func saveProgress() {
        do {
            let (merged, warning) = try store.save(state.progress)
            state.merged(merged)
            progressSaveFailure = nil
            if let warning { say(style.tone(.bad, warning)) }
        } catch {
            let reason = StatePaths.describe(error)
            let text = localized("warning: could not save progress to \(store.path): \(reason)")
            if text != progressSaveFailure { say(.stateProblem(text)) }
            progressSaveFailure = text
        }
    }

    /// The history file's one-line warnings (set aside, failed appends),
    /// printed in one place.
    func sayStateWarnings() {
        for warning in history.takeWarnings() { say(.stateProblem(warning)) }
    }

    /// Compiles the rest of the chapter's snippets, one at a time, while the
    /// learner reads, so that `run` starts at once. Moving on cancels it.
    func compileAhead(lesson index: Int, from step: Int) {
        background?.cancel()
        let lesson = state.library.lessons[index]
        let upcoming = state.parts[index][max(0, step)...].compactMap(\.snippet)
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
