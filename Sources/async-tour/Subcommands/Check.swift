import ArgumentParser
import Foundation
import TourKit
import TourTerminal

extension AsyncTour {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.abstract(localized("Check your solution to an exercise, or validate the chapters.")),
            discussion: HelpText.discussion(localized("""
                With an exercise (LESSON.N, e.g. 1.4 or why-async.4), runs your own copy of it (the one 'edit N' \
                made in the tour, else the chapter's starting code) against the exercise's goal and prints the \
                report. Exits with status 0 when the goal is met, 1 when it is not, 2 when LESSON.N is not an \
                exercise. With --watch it runs again each time you save the file, until Ctrl-C.

                Without an exercise, validates the chapters without running anything: file names, ids, fence \
                attributes, expectation blocks and exercises, each problem with its file and line. Exits with \
                status 1 when there is one.
                """)))

        @OptionGroup var options: LessonOptions

        @Argument(help: ArgumentHelp(HelpText.abstract(localized("The exercise to check: chapter and snippet number, e.g. 1.4 or why-async.4.")),
                                     valueName: "lesson.n"), completion: .custom(Completions.exercises))
        var exercise: String?

        @Flag(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Run the exercise again each time its file is saved, until Ctrl-C."))))
        var watch = false

        @Flag(name: .long, help: ArgumentHelp("With --watch, look for saves every 0.5 s instead of asking inotify.",
                                              visibility: .hidden))
        var poll = false

        func validate() throws {
            if watch, exercise == nil {
                throw ValidationError(localized("--watch needs an exercise to watch, e.g. 'async-tour check 1.4 --watch'."))
            }
        }

        func run() async throws {
            // Problems go to stderr as the chapters load; a missing or empty directory exits with 2.
            let library = try options.loadLibrary()
            guard let exercise else { return try validateChapters(library) }
            let (lesson, snippet) = try Self.resolve(exercise, in: library)
            let setup = try await TourSetup.make()
            let environment = ProcessInfo.processInfo.environment
            let checker = ExerciseCheck(runner: setup.runner, currentStyle: setup.currentStyle,
                                        stateDirectory: StatePaths(environment: environment).stateDirectory,
                                        lesson: lesson, exercise: snippet, write: Platform.write, writeError: Platform.printError,
                                        clearsScreen: Platform.stdoutIsTerminal && environment["TERM"] != "dumb")
            let watching = watch, polling = poll
            let (met, signal) = await SignalCancellation.run { await watching ? checker.watch(polling: polling) : checker.once() }
            if let signal, met == nil {
                let name = SignalCancellation.name(signal)
                Platform.printError(localized("stopped by \(name); no snippet is left running"))
                throw ExitCode(128 + signal)
            }
            if met != true { throw ExitCode(1) }
        }

        private func validateChapters(_ library: LessonLibrary) throws {
            var (text, ok) = CheckCommand.validationSummary(library)
            // Every translation is checked, whatever the language of this run.
            // Where this run reads one, its problems were printed as it loaded.
            let translations = CheckCommand.translationsSummary(directory: library.directory)
            for problem in translations.problems where !library.problems.contains(problem) {
                Platform.printError(ReportRenderer.problem(problem, unicode: TerminalOutput.unicode))
            }
            text += translations.text
            if !translations.problems.isEmpty { ok = false }
            Platform.write(text)
            if !ok { throw ExitCode(1) }
        }

        /// The exercise `reference` names, or its message and exit status 2.
        static func resolve(_ reference: String, in library: LessonLibrary) throws -> (Lesson, Snippet) {
            switch CheckCommand.resolve(reference, in: library) {
            case .success(let found): return found
            case .failure(let error):
                Platform.printError(localized("error: \(error.message)"))
                throw ExitCode(2)
            }
        }
    }
}
