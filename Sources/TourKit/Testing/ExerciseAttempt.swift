/// The learner's attempt at an exercise, ready to run against its goal:
/// their copy when they have one (its compiler messages then point at
/// their file), else the chapter's starting code.
public struct ExerciseAttempt: Sendable {
    /// What runs: the attempt's code with the exercise's goal (its time
    /// band and expected output) and no exercise marker, so a miss is
    /// judged rather than expected.
    public var snippet: Snippet
    /// The chapter, with its path set to the learner's file when the code is theirs.
    public var lesson: Lesson
    /// Whether the code is the learner's own.
    public var edited: Bool
    /// The learner's file, whether or not it exists yet.
    public var file: String

    /// `nil` with a message when the learner's copy cannot be read (it was set aside).
    public static func make(_ exercise: Snippet, in lesson: Lesson, edits: EditStore) -> EditStore.Copy<ExerciseAttempt> {
        var goal = exercise
        goal.exercise = nil
        var target = lesson
        let file = edits.path(for: exercise, in: lesson)
        switch edits.copy(of: exercise, in: lesson) {
        case .unreadable(let message): return .unreadable(message)
        case .none: return .edited(ExerciseAttempt(snippet: goal, lesson: target, edited: false, file: file))
        case .edited(let mine):
            goal.code = mine
            goal.fenceLine = 0
            target.path = file
            return .edited(ExerciseAttempt(snippet: goal, lesson: target, edited: true, file: file))
        }
    }

    /// "your version of exercise 4", for the line above the run.
    public var label: String {
        edited ? localized("your version of exercise \(snippet.number)")
               : localized("the starting code of exercise \(snippet.number) (not edited yet)")
    }
}
