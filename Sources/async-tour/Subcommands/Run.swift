import ArgumentParser
import TourKit
import TourTerminal

extension AsyncTour {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a chapter and run its snippets, each with its output, timings and timeline.",
            discussion: "Exits with status 1 when a snippet does not behave as the chapter expects.")

        @OptionGroup var options: LessonOptions

        @Argument(help: "The chapter's number or id, e.g. 1 or why-async.", completion: .custom(Completions.chapters))
        var lesson: String

        @Option(name: .long, help: ArgumentHelp("Run only snippet N of the chapter (the first is 1).", valueName: "n"))
        var snippet: Int?

        @Flag(name: .long, help: "Also show the thread view: which task each thread ran, and when.")
        var threads = false

        @Flag(name: .long, help: "Do not record the runtime trace; the timeline then shows prints only.")
        var noTrace = false

        func run() async throws {
            let library = try options.loadLibrary()
            guard let chapter = library.lesson(lesson) else {
                Platform.printError("error: " + Sanitizer.inline(library.unknownLessonMessage(lesson), unicode: TerminalOutput.unicode))
                throw ExitCode(2)
            }
            if let snippet, chapter.snippet(snippet) == nil {
                Platform.printError("error: \(chapter.id) has \(chapter.snippets.count) snippets; --snippet takes \(TerminalOutput.unicode ? Marks.unicode.range(1, chapter.snippets.count) : Marks.ascii.range(1, chapter.snippets.count))")
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
                Platform.printError("stopped by \(SignalCancellation.name(signal)); no snippet is left running")
                throw ExitCode(128 + signal)
            }
            if !ok { throw ExitCode(1) }
        }
    }
}
