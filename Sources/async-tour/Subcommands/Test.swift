import ArgumentParser
import Foundation
import Synchronization
import TourKit
import TourTerminal

extension AsyncTour {
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.abstract(localized("Compile and run every snippet and check every expectation in the chapters.")),
            discussion: HelpText.discussion(localized("Prints one line per snippet and ends with 'N passed, N failed'. Exits with status 1 on any failure.")))

        @OptionGroup var options: LessonOptions

        @Argument(help: ArgumentHelp(HelpText.abstract(localized("Chapters to test (numbers or ids); all when none are given."))), completion: .custom(Completions.chapters))
        var lessons: [String] = []

        @Option(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Compile and run at most N snippets at once (default: the number of cores).")),
                                                valueName: "n"))
        var jobs: Int?

        @Flag(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Also show the output of each failing snippet."))))
        var verbose = false

        @Flag(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Do not record the runtime trace; timelines then show prints only."))))
        var noTrace = false

        func run() async throws {
            let library = try options.loadLibrary()
            var chosen: [Lesson] = []
            for reference in lessons {
                guard let lesson = library.lesson(reference) else {
                    let message = Sanitizer.inline(library.unknownLessonMessage(reference), unicode: TerminalOutput.unicode)
                    Platform.printError(localized("error: \(message)"))
                    throw ExitCode(2)
                }
                chosen.append(lesson)
            }
            if chosen.isEmpty { chosen = library.lessons }
            var setup = try await TourSetup.make()
            if noTrace { setup.runner.tracing = false }
            let indicator = ProgressIndicator(enabled: Platform.stderrIsTerminal)
            let started = Date()
            let tester = LessonTester(runner: setup.runner, parallelism: jobs)
            let lessonsToTest = chosen
            let (results, signal) = await SignalCancellation.run {
                await tester.test(lessonsToTest) { progress in indicator.update(progress) }
            }
            indicator.clear()
            if let signal {
                let name = SignalCancellation.name(signal)
                Platform.printError(localized("stopped by \(name) before the end; no snippet is left running"))
                throw ExitCode(128 + signal)
            }
            let presenter = TestPresenter(style: setup.style, verbose: verbose)
            let (text, failed) = presenter.report(results, chapters: chosen.count, elapsed: Date().timeIntervalSince(started),
                                                  problems: library.problems.count, restricted: !lessons.isEmpty)
            Platform.write(text)
            if failed { throw ExitCode(1) }
        }
    }
}
