/// Where the learner is in the tour and what Enter does next: a plain
/// value, so the shell's behaviour is testable without a terminal.
public struct TourSession: Sendable {
    public let library: LessonLibrary
    public private(set) var lessonIndex = 0
    /// The step on screen, `-1` before the chapter's first step is shown.
    public private(set) var stepIndex = -1
    /// Whether the snippet of the step on screen has been run.
    public private(set) var currentSnippetRan = false
    /// The last snippet run, for `again`.
    public private(set) var lastRun: Snippet?

    public init(library: LessonLibrary) {
        self.library = library
    }

    public enum Action: Sendable, Equatable {
        /// Show this step of the current chapter.
        case show(LessonStep, index: Int)
        case run(Snippet)
        /// The last step of the last chapter has been shown.
        case endOfTour
        /// The first step of the first chapter is on screen.
        case startOfTour
    }

    public var lesson: Lesson { library.lessons[lessonIndex] }
    public var steps: [LessonStep] { lesson.steps }

    /// `why-async 2/4`
    public var location: String {
        "\(lesson.id) \(max(1, stepIndex + 1))/\(steps.count)"
    }

    /// Enter on an empty line: run the snippet on screen if it has not run,
    /// otherwise go on.
    public mutating func proceed() -> Action {
        if stepIndex >= 0, let snippet = steps[stepIndex].snippet, !currentSnippetRan {
            return ran(snippet)
        }
        return next()
    }

    public mutating func next() -> Action {
        if stepIndex + 1 < steps.count { return show(stepIndex + 1) }
        guard lessonIndex + 1 < library.lessons.count else { return .endOfTour }
        lessonIndex += 1
        return show(0)
    }

    public mutating func previous() -> Action {
        if stepIndex > 0 { return show(stepIndex - 1) }
        guard lessonIndex > 0 else { return .startOfTour }
        lessonIndex -= 1
        return show(steps.count - 1)
    }

    /// Opens a chapter at its first step (or at `step`, when resuming).
    public mutating func open(_ lesson: Lesson, step: Int = 0) -> Action {
        lessonIndex = library.lessons.firstIndex(of: lesson) ?? 0
        return show(min(max(0, step), steps.count - 1))
    }

    /// Marks a snippet of the current chapter as run and returns it.
    public mutating func ran(_ snippet: Snippet) -> Action {
        if stepIndex >= 0, steps[stepIndex].snippet == snippet { currentSnippetRan = true }
        lastRun = snippet
        return .run(snippet)
    }

    /// The snippet `run` with no number means: the one on screen, else the
    /// last one shown before it, else the chapter's first.
    public var currentSnippet: Snippet? {
        if stepIndex >= 0 {
            for step in steps[...stepIndex].reversed() {
                if let snippet = step.snippet { return snippet }
            }
        }
        return lesson.snippets.first
    }

    /// Records a snippet run outside ``proceed()``, for `again`.
    public mutating func noteRun(_ snippet: Snippet) {
        _ = ran(snippet)
    }

    private mutating func show(_ index: Int) -> Action {
        stepIndex = index
        currentSnippetRan = false
        return .show(steps[index], index: index)
    }
}
