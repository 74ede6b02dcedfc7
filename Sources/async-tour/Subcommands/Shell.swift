import ArgumentParser
import Foundation
import TourKit
import TourTerminal

extension AsyncTour {
    struct Shell: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.abstract(localized("Start the interactive tour (the default).")),
            discussion: HelpText.discussion(localized("""
                Reads commands from the keyboard; 'help' in the tour lists them. Commands can also come one per line \
                from a pipe, for a script or a test:

                  printf 'goto 1\\nrun 1\\n' | async-tour
                """)))

        @OptionGroup var options: LessonOptions

        @Flag(name: .long, help: ArgumentHelp(HelpText.abstract(localized("Save progress and the place when input is not a terminal (a piped script leaves them alone otherwise)."))))
        var saveProgress = false

        func run() async throws {
            let library = try options.loadLibrary()
            let setup = try await TourSetup.make()
            let paths = StatePaths(environment: ProcessInfo.processInfo.environment)
            let shell = TourShell(library: library, runner: setup.runner, paths: paths, saveWhenPiped: saveProgress)
            await shell.run()
        }
    }
}
