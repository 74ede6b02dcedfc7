/// The tour as a state machine: where the learner is (chapter and part,
/// kept together), what they have done, and what each command does, as
/// ``ShellEffect``s for the terminal side to carry out. A plain value with
/// no terminal, file or process in it, so every command is testable as
/// `state.reduce(.command(...)) == [...]`.
///
/// The place is one chapter index and one part index; a snippet is a
/// ``SnippetRef`` that names its chapter. So a run, its progress and its
/// compiler messages always belong to the snippet's own chapter, wherever
/// the learner has gone since.
public struct TourState: Sendable {
    public private(set) var library: LessonLibrary
    /// Each chapter cut into its parts, once.
    public private(set) var parts: [[LessonStep]]
    public private(set) var lessonIndex = 0
    /// The part on screen, `-1` before the chapter's first part is shown.
    public private(set) var stepIndex = -1
    /// A returning learner's saved place, not yet shown in this session:
    /// Enter shows it rather than starting the tour again.
    public private(set) var resumePending = false
    /// Whether the snippet of the part on screen has been run.
    public private(set) var currentSnippetRan = false
    /// The part on screen was cut short: Enter shows its snippet before
    /// running it, so a learner never runs code they have not seen.
    public private(set) var partCut = false
    /// The last snippet run, for `again`.
    public private(set) var lastRun: SnippetRef?
    public private(set) var progress: LearnerProgress
    /// Whether progress and the place are saved. A piped session leaves
    /// them as they were unless asked (`--save-progress`).
    public let persistent: Bool
    /// Snippets the learner has a copy of, which `run` uses.
    public private(set) var edited: Set<SnippetRef>
    /// The last elapsed time of each snippet, the chapter's and the learner's.
    public private(set) var timings: [SnippetRef: Timings] = [:]
    /// Exercises whose solution was asked for once before being solved.
    public private(set) var solutionRequested: Set<SnippetRef> = []

    public struct Timings: Hashable, Sendable {
        public var chapters: Double?
        public var yours: Double?
    }

    /// `progress` is what was saved; a saved place in a chapter that still
    /// exists is where Enter goes first. `edited`: the snippets the learner
    /// has a copy of.
    public init(library: LessonLibrary, progress: LearnerProgress = LearnerProgress(), persistent: Bool = true,
                edited: Set<SnippetRef> = []) {
        self.library = library
        parts = library.lessons.map(\.steps)
        self.progress = progress
        self.persistent = persistent
        self.edited = edited
        if let id = progress.lessonID, let index = library.lessons.firstIndex(where: { $0.id == id }) {
            lessonIndex = index
            stepIndex = min(max(0, progress.step), parts[index].count - 1)
            resumePending = true
        }
    }

    // MARK: Where the learner is

    /// The same course in another language (`lang`): the same chapters,
    /// snippets and parts (``TranslationParity`` sees to it), so the place,
    /// the progress and the learner's copies all stay.
    public mutating func replaceLibrary(_ other: LessonLibrary) {
        guard other.lessons.map(\.id) == library.lessons.map(\.id) else { return }
        library = other
        parts = other.lessons.map(\.steps)
        stepIndex = min(stepIndex, parts[lessonIndex].count - 1)
    }

    /// The part on screen shown again (after `lang`).
    public mutating func showAgain() -> [ShellEffect] {
        show(max(0, stepIndex))
    }

    public var lesson: Lesson { library.lessons[lessonIndex] }
    public var steps: [LessonStep] { parts[lessonIndex] }

    /// `why-async 2/4`
    public var location: String {
        "\(lesson.id) \(max(1, stepIndex + 1))/\(steps.count)"
    }

    public func lesson(of snippet: SnippetRef) -> Lesson { library.lessons[snippet.lesson] }

    public func snippet(_ ref: SnippetRef) -> Snippet? { library.lessons[ref.lesson].snippet(ref.number) }

    public func key(_ ref: SnippetRef) -> String { "\(library.lessons[ref.lesson].id)/\(ref.number)" }

    /// The snippet `run` with no number means: the one on screen, else the
    /// last one shown before it, else the chapter's first.
    public var currentSnippet: SnippetRef? {
        if stepIndex >= 0 {
            for step in steps[...stepIndex].reversed() {
                if let snippet = step.snippet { return SnippetRef(lesson: lessonIndex, number: snippet.number) }
            }
        }
        return lesson.snippets.first.map { SnippetRef(lesson: lessonIndex, number: $0.number) }
    }

    /// The snippet of the part on screen, if it has one.
    var snippetOnScreen: SnippetRef? {
        guard stepIndex >= 0, let snippet = steps[stepIndex].snippet else { return nil }
        return SnippetRef(lesson: lessonIndex, number: snippet.number)
    }

    /// What the greeting says: a returning learner hears where Enter goes.
    public var greeting: ShellMessage {
        let place = resumePending ? ShellMessage.Place(chapter: lesson.id, part: stepIndex + 1, parts: steps.count) : nil
        return .greeting(chapters: library.lessons.count, returning: place)
    }

    // MARK: Reducing

    public mutating func reduce(_ input: ShellInput) -> [ShellEffect] {
        switch input {
        case .command(let command): return reduce(command)
        case .badLine(let error): return [.say(.badLine(error))]
        case .ran(let request, let outcome): return ran(request, outcome)
        case .edited(let ref, let changed):
            guard changed else {
                edited.remove(ref)
                return [.say(.noChanges(number: ref.number))]
            }
            edited.insert(ref)
            lastRun = ref
            if snippet(ref)?.exercise != nil { return [.run(RunRequest(snippet: ref, version: .learnersIfAny, judging: .goal))] }
            return run(ref)
        case .wasReset(let ref, let removed):
            edited.remove(ref)
            timings[ref]?.yours = nil
            return [.say(.resetDone(number: ref.number, removed: removed))]
        case .partCut:
            partCut = true
            return []
        }
    }

    private mutating func reduce(_ command: ShellCommand) -> [ShellEffect] {
        switch command {
        case .proceed:
            if resumePending { return show(stepIndex) }
            if partCut, let ref = snippetOnScreen, !currentSnippetRan {
                partCut = false
                return [.showCode(ref, edited: edited.contains(ref))]
            }
            if let ref = snippetOnScreen, !currentSnippetRan { return run(ref) }
            return next()
        case .next:
            return next()
        case .previous:
            if stepIndex > 0 { return show(stepIndex - 1) }
            guard lessonIndex > 0 else { return [.say(.startOfTour)] }
            return open(lessonIndex - 1, step: parts[lessonIndex - 1].count - 1)
        case .goto(let reference, let part):
            switch chapter(reference) {
            case .failure(let message): return [.say(message)]
            case .success(let index):
                guard let part else { return open(index, step: 0) }
                let count = parts[index].count
                guard (1...count).contains(part) else {
                    let lesson = library.lessons[index]
                    return [.say(.noSuchPart(chapter: lesson.id, number: lesson.number, part: part, parts: count))]
                }
                return open(index, step: part - 1)
            }
        case .resume:
            guard let id = progress.lessonID, let index = library.lessons.firstIndex(where: { $0.id == id }) else {
                return [.say(.nothingToContinue)]
            }
            return open(index, step: progress.step)
        case .start:
            return open(0, step: 0)
        case .help: return [.help]
        case .toc: return [.toc]
        case .threads: return [.threads]
        case .repl: return [.repl, .say(.backFromRepl(chapter: lesson.id))]
        case .language(let code): return [.switchLanguage(code)]
        case .quit: return (persistent ? [.save] : []) + [.quit]
        case .show(let target):
            return Self.either(resolve(target)) { [.showCode($0, edited: edited.contains($0))] }
        case .run(let target):
            return Self.either(resolve(target)) { run($0) }
        case .runAll:
            guard !lesson.snippets.isEmpty else { return [.say(.noSnippets(chapter: lesson.id))] }
            return lesson.snippets.flatMap { run(SnippetRef(lesson: lessonIndex, number: $0.number)) }
        case .again:
            guard let lastRun else { return [.say(.nothingRanYet)] }
            return run(lastRun)
        case .original(let target):
            return Self.either(resolve(target)) { run($0, version: .chapters) }
        case .edit(let target):
            return Self.either(resolve(target)) { [.edit($0)] }
        case .diff(let target):
            return Self.either(resolve(target)) { [.diff($0)] }
        case .reset(let target):
            return Self.either(resolve(target)) { [.reset($0)] }
        case .compare(let target):
            return Self.either(resolve(target)) { ref in
                let lesson = library.lessons[ref.lesson]
                guard let pair = lesson.pair(of: ref.number) else {
                    return [.say(.noPair(number: ref.number, pairs: lesson.snippets.filter { $0.pairedWith != nil }.map(\.number)))]
                }
                let python = SnippetRef(lesson: ref.lesson, number: pair.python.number)
                let swift = SnippetRef(lesson: ref.lesson, number: pair.swift.number)
                return run(python) + run(swift) + [.compare(python: python, swift: swift)]
            }
        case .check(let target):
            return Self.either(resolveExercise(target, command: "check")) { [.run(RunRequest(snippet: $0, version: .learnersIfAny, judging: .goal))] }
        case .hint(let target):
            return Self.either(resolveExercise(target, command: "hint")) { ref in
                let hints = snippet(ref)?.exercise?.hints ?? []
                guard !hints.isEmpty else { return [.say(.noHints(number: ref.number))] }
                let key = key(ref)
                let index = min(progress.hints[key] ?? 0, hints.count - 1)
                progress.hints[key] = index + 1
                return [.showHint(ref, index: index)] + saving
            }
        case .solution(let target):
            return Self.either(resolveExercise(target, command: "solution")) { ref in
                if !progress.solved.contains(key(ref)), !solutionRequested.contains(ref) {
                    solutionRequested.insert(ref)
                    return [.say(.solutionNotYet(number: ref.number))]
                }
                return [.showSolution(ref)]
            }
        }
    }

    private var saving: [ShellEffect] { persistent ? [.save] : [] }

    // MARK: Moving

    private mutating func next() -> [ShellEffect] {
        if stepIndex + 1 < steps.count { return show(stepIndex + 1) }
        guard lessonIndex + 1 < library.lessons.count else {
            resumePending = false
            return [.say(.endOfTour)]
        }
        return open(lessonIndex + 1, step: 0)
    }

    private mutating func open(_ index: Int, step: Int) -> [ShellEffect] {
        lessonIndex = index
        return show(min(max(0, step), steps.count - 1))
    }

    private mutating func show(_ index: Int) -> [ShellEffect] {
        stepIndex = index
        currentSnippetRan = false
        partCut = false
        resumePending = false
        progress.visited.insert(lesson.id)
        progress.lessonID = lesson.id
        progress.step = index
        var effects: [ShellEffect] = [.show(lesson: lessonIndex, step: index)]
        if index == steps.count - 1 { effects.append(.say(.endOfChapter(endOfChapter()))) }
        effects.append(.compileAhead(lesson: lessonIndex, fromStep: index))
        return effects + saving
    }

    private func endOfChapter() -> ShellMessage.EndOfChapter {
        let exercises = progress.exercises(in: lesson)
        let next = lessonIndex + 1 < library.lessons.count ? library.lessons[lessonIndex + 1] : nil
        return ShellMessage.EndOfChapter(chapter: lesson.id, number: lesson.number, ran: progress.ran[lesson.id]?.count ?? 0,
                                         snippets: lesson.snippets.count, solved: exercises.solved, exercises: exercises.total,
                                         nextNumber: next?.number, nextID: next?.id, snippetFirst: steps.last?.snippet != nil)
    }

    // MARK: Running

    /// A run of a snippet as the learner has it: their copy when there is
    /// one. Judged against the chapter only when the chapter's code runs,
    /// and an exercise's starting code not once it is solved.
    private mutating func run(_ ref: SnippetRef, version: RunRequest.Version = .learnersIfAny) -> [ShellEffect] {
        if ref == snippetOnScreen { currentSnippetRan = true }
        if version == .learnersIfAny { lastRun = ref }
        let usesCopy = version == .learnersIfAny && edited.contains(ref)
        let solvedExercise = snippet(ref)?.exercise != nil && progress.solved.contains(key(ref))
        let judging: RunRequest.Judging = usesCopy || solvedExercise ? .none : .chapter
        return [.run(RunRequest(snippet: ref, version: version, judging: judging))]
    }

    private mutating func ran(_ request: RunRequest, _ outcome: RunOutcome) -> [ShellEffect] {
        guard !outcome.refused else { return [] }
        let ref = request.snippet
        let id = library.lessons[ref.lesson].id
        progress.ran[id, default: []].insert(ref.number)
        var effects: [ShellEffect] = []
        let isExercise = snippet(ref)?.exercise != nil
        if !outcome.cancelled, outcome.succeeded, request.judging != .goal {
            if outcome.usedLearnersCopy { timings[ref, default: Timings()].yours = outcome.wall }
            else { timings[ref, default: Timings()].chapters = outcome.wall }
            if let both = timings[ref], let chapters = both.chapters, let yours = both.yours {
                effects.append(.say(.timings(number: ref.number, chapters: chapters, yours: yours)))
            }
        }
        if request.judging == .goal, !outcome.cancelled {
            if outcome.goalMet {
                progress.solved.insert(key(ref))
                effects.append(.say(.goalMet(number: ref.number)))
            } else if !edited.contains(ref) {
                effects.append(.say(.editThenCheck(number: ref.number)))
            }
        } else if isExercise, !outcome.usedLearnersCopy, !outcome.cancelled, progress.solved.contains(key(ref)) {
            effects.append(.say(.startingCodeOfSolved(number: ref.number)))
        }
        return effects + saving
    }

    // MARK: Resolving what was typed

    /// A chapter by number, id, or the start of one id.
    func chapter(_ reference: String) -> Result<Int, ShellMessage> {
        let lessons = library.lessons
        if let number = Int(reference) {
            guard let index = lessons.firstIndex(where: { $0.number == number }) else {
                return .failure(.noChapterNumber(number, numbers: lessons.map(\.number)))
            }
            return .success(index)
        }
        let word = reference.lowercased()
        if let index = lessons.firstIndex(where: { $0.id == word }) { return .success(index) }
        let starting = lessons.indices.filter { lessons[$0].id.hasPrefix(word) }
        if starting.count == 1 { return .success(starting[0]) }
        return .failure(.unknownChapter(reference, suggestion: closestChapter(to: word, in: lessons.map(\.id))))
    }

    private func resolve(_ target: SnippetTarget?) -> Result<SnippetRef, ShellMessage> {
        guard let target else {
            guard let current = currentSnippet else { return .failure(.noSnippets(chapter: lesson.id)) }
            return .success(current)
        }
        var index = lessonIndex
        if let chapter = target.chapter {
            switch self.chapter(chapter) {
            case .failure(let message): return .failure(message)
            case .success(let found): index = found
            }
        }
        let lesson = library.lessons[index]
        guard lesson.snippet(target.number) != nil else {
            if lesson.snippets.isEmpty { return .failure(.noSnippets(chapter: lesson.id)) }
            return .failure(.noSuchSnippet(chapter: lesson.id, number: target.number, count: lesson.snippets.count))
        }
        return .success(SnippetRef(lesson: index, number: target.number))
    }

    private func resolveExercise(_ target: SnippetTarget?, command: String) -> Result<SnippetRef, ShellMessage> {
        resolve(target).flatMap { ref in
            let lesson = library.lessons[ref.lesson]
            guard snippet(ref)?.exercise == nil else { return .success(ref) }
            let exercises = lesson.snippets.filter { $0.exercise != nil }.map(\.number)
            if exercises.isEmpty { return .failure(.noExercises(chapter: lesson.id)) }
            // Named as the learner would type it from here.
            let first = ref.lesson == lessonIndex ? "\(exercises[0])" : "\(lesson.number).\(exercises[0])"
            return .failure(.notAnExercise(chapter: lesson.id, number: ref.number, exercises: exercises, try: "\(command) \(first)"))
        }
    }

    /// The effects of `body`, or the one line saying what was wrong with
    /// the snippet named. Static, so that `body` may change the state.
    private static func either(_ resolved: Result<SnippetRef, ShellMessage>, _ body: (SnippetRef) -> [ShellEffect]) -> [ShellEffect] {
        switch resolved {
        case .failure(let message): return [.say(message)]
        case .success(let ref): return body(ref)
        }
    }

    /// Takes in what other shells on the state directory saved, after a save.
    public mutating func merged(_ saved: LearnerProgress) {
        progress = saved
    }
}
