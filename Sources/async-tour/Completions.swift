import Foundation
import TourKit

/// What Tab offers for the arguments that name a chapter or an exercise,
/// through swift-argument-parser's completion scripts: the shell runs
/// `async-tour ---completion …` and offers the words printed.
enum Completions {
    /// Chapter numbers and ids: `1`, `why-async`, …
    @Sendable static func chapters(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        library(words).flatMap { [String($0.number), $0.id] }
    }

    /// Exercises as LESSON.N: `1.4`, `why-async.4`, …
    @Sendable static func exercises(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        library(words).flatMap { lesson in
            lesson.snippets.filter { $0.exercise != nil }.flatMap { ["\(lesson.number).\($0.number)", "\(lesson.id).\($0.number)"] }
        }
    }

    /// The chapters of `--lessons DIR` when the line has it, else the bundled
    /// course; none when they cannot be read (completion must stay quiet).
    private static func library(_ words: [String]) -> [Lesson] {
        let environment = ProcessInfo.processInfo.environment
        var directory = try? LessonLocator.bundledDirectory(environment: environment)
        if let flag = words.lastIndex(of: "--lessons"), flag + 1 < words.count {
            directory = (words[flag + 1] as NSString).expandingTildeInPath
        }
        guard let directory, let library = try? LessonLoader.load(directory: directory) else { return [] }
        return library.lessons
    }
}
