/// A snippet of a chapter: the chapter by its position in the library, so
/// that a snippet carries its chapter wherever it goes (`again` after
/// `goto` runs, records and reports under the chapter it came from).
public struct SnippetRef: Hashable, Sendable, CustomStringConvertible {
    public var lesson: Int
    public var number: Int

    public init(lesson: Int, number: Int) {
        self.lesson = lesson
        self.number = number
    }

    public var description: String { "\(lesson).\(number)" }
}

/// Which code of a snippet a run uses, and how it is judged.
public struct RunRequest: Hashable, Sendable {
    public enum Version: Hashable, Sendable {
        /// The learner's copy when there is one, else the chapter's code.
        case learnersIfAny
        /// The chapter's code, whatever the learner changed.
        case chapters
    }

    public enum Judging: Hashable, Sendable {
        /// Compare the run with what the chapter expects (and, for an
        /// exercise's starting code, say it misses the goal).
        case chapter
        /// Only the report: the learner's own code, or an exercise's
        /// starting code after the learner has solved it.
        case none
        /// An exercise checked against its goal (`check`).
        case goal
    }

    public var snippet: SnippetRef
    public var version: Version
    public var judging: Judging

    public init(snippet: SnippetRef, version: Version, judging: Judging) {
        self.snippet = snippet
        self.version = version
        self.judging = judging
    }
}

/// How a run ended, as far as the state machine cares.
public struct RunOutcome: Hashable, Sendable {
    /// The learner stopped it (Ctrl-C) or the tour is leaving.
    public var cancelled: Bool
    /// It ended well (exit 0, or what it was meant to do).
    public var succeeded: Bool
    public var wall: Double
    /// The learner's copy ran, not the chapter's code.
    public var usedLearnersCopy: Bool
    /// For a `.goal` run: whether the goal was met.
    public var goalMet: Bool
    /// The run could not start (an unreadable copy, already reported).
    public var refused: Bool

    public init(cancelled: Bool = false, succeeded: Bool = true, wall: Double = 0, usedLearnersCopy: Bool = false,
                goalMet: Bool = false, refused: Bool = false) {
        self.cancelled = cancelled
        self.succeeded = succeeded
        self.wall = wall
        self.usedLearnersCopy = usedLearnersCopy
        self.goalMet = goalMet
        self.refused = refused
    }
}

/// What the terminal side must do: data, carried out in order by the
/// shell's interpreter (TourTerminal), which reports back what only it can
/// learn (how a run ended, whether the editor changed the file) as a
/// ``ShellInput``.
public enum ShellEffect: Hashable, Sendable {
    /// Show part `step` of chapter `lesson` (paged), with what Enter does.
    case show(lesson: Int, step: Int)
    /// Run a snippet with live output and its report; then send
    /// ``ShellInput/ran(_:_:)``. A cancelled run drops the effects after it.
    case run(RunRequest)
    /// Show a snippet's code; `edited` when the learner has a copy that
    /// `run` would use instead.
    case showCode(SnippetRef, edited: Bool)
    case showSolution(SnippetRef)
    /// Hint `index` (0-based) of an exercise.
    case showHint(SnippetRef, index: Int)
    /// Open the learner's copy in their editor; then send ``ShellInput/edited(_:changed:)``.
    case edit(SnippetRef)
    case diff(SnippetRef)
    /// Delete the learner's copy; then send ``ShellInput/wasReset(_:removed:)``.
    case reset(SnippetRef)
    case help
    case toc
    case threads
    /// Show the comparison of a pair that has just run.
    case compare(python: SnippetRef, swift: SnippetRef)
    case repl
    /// Compile the chapter's snippets from this part on, in the background.
    case compileAhead(lesson: Int, fromStep: Int)
    /// Save the progress and the place (merged with other shells').
    case save
    /// `lang`: say the language (nil), or load the chapters in another and
    /// show the same part again in it.
    case switchLanguage(String?)
    case say(ShellMessage)
    case quit
}

/// What reaches the state machine: a command, or what the interpreter
/// learnt carrying out an effect.
public enum ShellInput: Hashable, Sendable {
    case command(ShellCommand)
    /// A line that did not parse.
    case badLine(ShellCommandError)
    case ran(RunRequest, RunOutcome)
    /// The editor closed; `changed` when the copy differs from the chapter's code.
    case edited(SnippetRef, changed: Bool)
    case wasReset(SnippetRef, removed: Bool)
    /// The learner stopped paging the part on screen before its end (`q`,
    /// or a command typed at "more"): its snippet may not have been seen.
    case partCut
}

/// Every message the state machine has for the learner, as data; the
/// presenter (TourTerminal's `ShellPresenter`) words them. Names are ids
/// and numbers as the learner types them.
/// (An `Error` only so that a lookup can be a `Result` of one.)
public enum ShellMessage: Error, Hashable, Sendable {
    /// `returning`: the chapter id, part and parts of the saved place.
    case greeting(chapters: Int, returning: Place?)
    case badLine(ShellCommandError)
    case unknownChapter(String, suggestion: String?)
    /// A chapter number no chapter has; `numbers` are the ones there are.
    case noChapterNumber(Int, numbers: [Int])
    case noSuchPart(chapter: String, number: Int, part: Int, parts: Int)
    case noSuchSnippet(chapter: String, number: Int, count: Int)
    case noSnippets(chapter: String)
    /// `try`: the command that would work, e.g. `check 4` or `check 1.4`.
    case notAnExercise(chapter: String, number: Int, exercises: [Int], try: String)
    case noExercises(chapter: String)
    case noHints(number: Int)
    case solutionNotYet(number: Int)
    case nothingRanYet
    case nothingToContinue
    case endOfTour
    case startOfTour
    /// Shown with a chapter's last part.
    case endOfChapter(EndOfChapter)
    case timings(number: Int, chapters: Double, yours: Double)
    case goalMet(number: Int)
    case editThenCheck(number: Int)
    /// An exercise's starting code ran after the learner had solved it.
    case startingCodeOfSolved(number: Int)
    case noChanges(number: Int)
    case resetDone(number: Int, removed: Bool)
    case backFromRepl(chapter: String)
    // What the terminal side learns carrying out an effect.
    /// `number`: a snippet that has no copy of the learner's (`diff`).
    case notEdited(number: Int)
    case sameAsChapter
    case noThreads(ranYet: Bool)
    /// `compare N` on a snippet in no pair; `pairs` are the chapter's Python snippets that have one.
    case noPair(number: Int, pairs: [Int])
    case noEditor(file: String, number: Int)
    case editorFailed(editor: String, status: Int32, file: String)
    /// A state file could not be made, read or removed: the reason, in words.
    case stateProblem(String)

    public struct Place: Hashable, Sendable {
        public var chapter: String
        public var part: Int
        public var parts: Int
    }

    public struct EndOfChapter: Hashable, Sendable {
        public var chapter: String
        public var number: Int
        public var ran: Int
        public var snippets: Int
        public var solved: Int
        public var exercises: Int
        /// The next chapter's number and id; nil after the last chapter.
        public var nextNumber: Int?
        public var nextID: String?
        /// The part has a snippet still to run, so Enter runs it first.
        public var snippetFirst: Bool
    }
}
