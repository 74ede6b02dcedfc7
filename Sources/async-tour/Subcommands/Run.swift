import ArgumentParser
import TourKit
import TourTerminal

extension AsyncTour {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.abstract(localized("Show a chapter and run its snippets, each with its output, timings and timeline.")),
            discussion: HelpText.discussion(localized("Exits with status 1 when a snippet does not behave as the chapter expects.")))

        @OptionGroup var options: LessonOptions

        @Argument(help: ArgumentHelp(HelpText.abstract(localized("The chapter's number or id, e.g. 1 or why-async."))), completion: .custom(Completions.chapters))
        var lesson: String

        @Option(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Run only snippet N of the chapter (the first is 1).")), valueName: "n"))
        var snippet: Int?

        @Flag(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Also show the thread view: which task each thread ran, and when."))))
        var threads = false

        @Flag(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Do not record the runtime trace; the timeline then shows prints only."))))
        var noTrace = false

        func run() async throws {
            let library = try options.loadLibrary()
            guard let chapter = library.lesson(lesson) else {
                let message = Sanitizer.inline(library.unknownLessonMessage(lesson), unicode: TerminalOutput.unicode)
                Platform.printError(localized("error: \(message)"))
                throw ExitCode(2)
            }
            if let snippet, chapter.snippet(snippet) == nil {
                let count = chapter.snippets.count
                let range = TerminalOutput.unicode ? Marks.unicode.range(1, count) : Marks.ascii.range(1, count)
                Platform.printError(localized("error: \(chapter.id) has \(count) snippets; --snippet takes \(range)"))
                throw ExitCode(2)
            }
            var setup = try await TourSetup.make()
            if noTrace { setup.runner.tracing = false }
            var player = LessonPlayer(runner: setup.runner, currentStyle: setup.currentStyle, write: Platform.write)
            player.showThreads = threads
            let only = snippet
            let chosenPlayer = player
            let (ok, signal) = await SignalCancellation.run { await chosenPlayer.play(chapter, only: only) }
            if let signal {
                let name = SignalCancellation.name(signal)
                Platform.printError(localized("stopped by \(name); no snippet is left running"))
                throw ExitCode(128 + signal)
            }
            if !ok { throw ExitCode(1) }
        }
    }
}
