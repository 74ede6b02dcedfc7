import Foundation
public import TourKit

/// What `async-tour check` says, worded here so the executable only wires:
/// the chapters' validation summary, and which exercise `LESSON.N` names.
public enum CheckCommand {
    /// "9 chapters, 131 snippets, 27 exercises in DIR: no problems", and
    /// whether there were none.
    public static func validationSummary(_ library: LessonLibrary) -> (text: String, ok: Bool) {
        let snippets = library.lessons.reduce(0) { $0 + $1.snippets.count }
        let exercises = library.lessons.reduce(0) { $0 + $1.snippets.filter { $0.exercise != nil }.count }
        let problems = library.problems.count
        let chapters = library.lessons.count
        let directory = Sanitizer.inline(library.directory, unicode: TerminalOutput.unicode)
        let text = problems == 0
            ? localized("""
                \(chapters) chapter\(chapters == 1 ? "" : "s"), \(snippets) snippet\(snippets == 1 ? "" : "s"), \
                \(exercises) exercise\(exercises == 1 ? "" : "s") in \(directory): no problems
                """)
            : localized("""
                \(chapters) chapter\(chapters == 1 ? "" : "s"), \(snippets) snippet\(snippets == 1 ? "" : "s"), \
                \(exercises) exercise\(exercises == 1 ? "" : "s") in \(directory): \(problems) problem\(problems == 1 ? "" : "s")
                """)
        return (text + "\n", problems == 0)
    }

    /// Each translation of the course in `directory` checked against the
    /// original: the problems of each (a chapter that does not parse, a
    /// snippet that differs, a chapter with no original), with their files
    /// and lines, then a line per translation. Nothing when the course has
    /// no translation.
    public static func translationsSummary(directory: String) -> (text: String, problems: [LessonProblem]) {
        var text = "", all: [LessonProblem] = []
        for language in Language.allCases where language != .english {
            let translated = LessonLoader.translationDirectory(of: directory, in: language)
            // Something there, even a file where a directory should be, is checked.
            guard FileManager.default.fileExists(atPath: translated),
                  let library = try? LessonLoader.load(directory: directory, language: language) else { continue }
            let problems = library.problems.filter { $0.path == translated || $0.path.hasPrefix(translated + "/") }
            let shown = library.lessons.filter { $0.path.hasPrefix(translated + "/") }.count
            let count = problems.count
            let total = library.lessons.count, code = language.code, name = language.nativeName
            text += count == 0
                ? localized("\(code) translation: \(shown) of \(total) chapters in \(name): no problems")
                : localized("\(code) translation: \(shown) of \(total) chapters in \(name): \(count) problem\(count == 1 ? "" : "s")")
            text += "\n"
            all += problems
        }
        return (text, all)
    }

    /// The chapter and exercise `reference` names, or a one-line message
    /// saying what would work.
    public static func resolve(_ reference: String, in library: LessonLibrary) -> Result<(Lesson, Snippet), CheckReferenceError> {
        let shown = Sanitizer.inline(reference.quotedForMessage(limit: 40), unicode: TerminalOutput.unicode)
        func fail(_ message: String) -> Result<(Lesson, Snippet), CheckReferenceError> { .failure(CheckReferenceError(message: message)) }
        guard let dot = reference.lastIndex(of: "."), let number = Int(reference[reference.index(after: dot)...]) else {
            let examples = examples(library)
            return fail(localized("'\(shown)' is not an exercise: check takes LESSON.N, such as \(examples)."))
        }
        let chapter = String(reference[..<dot])
        guard let lesson = library.lesson(chapter) else {
            return fail(Sanitizer.inline(library.unknownLessonMessage(chapter), unicode: TerminalOutput.unicode))
        }
        let exercises = lesson.snippets.filter { $0.exercise != nil }.map { "\(lesson.number).\($0.number)" }
        let all = examples(library), listed = exercises.joined(separator: localized(", "))
        guard let snippet = lesson.snippet(number) else {
            let range = TerminalOutput.unicode ? Marks.unicode.range(1, lesson.snippets.count)
                                               : Marks.ascii.range(1, lesson.snippets.count)
            return fail(exercises.isEmpty
                ? localized("\(lesson.id) has snippets \(range); there is no snippet \(number), and it has no exercises; the course's are \(all).")
                : localized("\(lesson.id) has snippets \(range); there is no snippet \(number), and its exercises are \(listed)."))
        }
        guard snippet.exercise != nil else {
            let chapter = lesson.number
            return fail(exercises.isEmpty
                ? localized("snippet \(chapter).\(number) is not an exercise: it has no exercises; the course's are \(all).")
                : localized("snippet \(chapter).\(number) is not an exercise: its exercises are \(listed)."))
        }
        return .success((lesson, snippet))
    }

    /// The course's exercises, as LESSON.N.
    static func examples(_ library: LessonLibrary) -> String {
        let all = library.lessons.flatMap { lesson in
            lesson.snippets.filter { $0.exercise != nil }.map { "\(lesson.number).\($0.number)" }
        }
        return all.isEmpty ? localized("1.1 (though these chapters have no exercises)") : all.joined(separator: localized(", "))
    }
}

public struct CheckReferenceError: Error, Sendable {
    public var message: String
}
