import Foundation
import TourKit
import TourTerminal

/// Exercises: goals, check.
extension TourShell {
    /// An exercise's goal in words, from its attributes.
    static func goal(of snippet: Snippet) -> String {
        let attributes = snippet.attributes
        var parts: [String] = []
        if let band = attributes.time {
            parts.append(band.lower == nil ? "make it finish in \(band)" : "make its elapsed time \(band)")
        } else {
            parts.append("make it finish within \(TimeBand.format(attributes.timeout)) s")
        }
        if let output = snippet.expectations.output {
            parts.append(output.matching.unordered ? "print the expected lines, in any order" : "print the expected output")
        }
        return parts.joined(separator: " and ") + ", in Swift \(attributes.mode.rawValue) mode."
    }

    /// The exercise `check`, `hint` and `solution` mean: snippet N, else the
    /// one on screen.
    func exercise(_ number: Int?) -> Snippet? {
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
    func check(_ snippet: Snippet) async {
        let lesson = session.lesson
        var goal = snippet
        goal.exercise = nil
        var target = lesson
        var label = "the starting code of exercise \(snippet.number) (not edited yet)"
        let copy = edits.copy(of: snippet, in: lesson)
        if case .unreadable(let message) = copy {
            say(style.reportBad(message))
            return
        }
        if let mine = copy.value {
            goal.code = mine
            goal.fenceLine = 0
            target.path = edits.path(for: snippet, in: lesson)
            label = "your version of exercise \(snippet.number)"
        }
        let (cancelled, report) = await execute(goal, in: target, label: label, check: false)
        guard !cancelled else { return }
        let player = LessonPlayer(runner: runner, style: style, write: Platform.write)
        let failures = player.shownFailures(of: goal, in: target, report: report)
        say(player.exerciseVerdict(failures))
        if failures.isEmpty {
            progress.solved.insert(LearnerProgress.key(lesson, snippet))
            saveProgress()
            say("Well done. 'solution \(snippet.number)' shows the chapter's answer to compare with yours.")
        } else if !edits.hasCopy(snippet, in: lesson) {
            say(style.reportDim("'edit \(snippet.number)' to change it, then 'check \(snippet.number)' again."))
        }
    }

    /// Opens the learner's copy of a snippet in their editor, then runs it.
}
