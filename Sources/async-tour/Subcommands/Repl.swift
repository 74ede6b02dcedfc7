import ArgumentParser
import Foundation
import TourKit

extension AsyncTour {
    struct Repl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.abstract(localized("A Swift REPL with top-level await; every entry shows its elapsed time and timeline.")),
            discussion: HelpText.discussion(localized("Each entry is compiled and run with the ones kept before it. :help explains what is kept; :quit or Ctrl-D leaves.")))

        @OptionGroup var options: LessonOptions

        func run() async throws {
            let library = try options.loadLibrary()
            let setup = try await TourSetup.make()
            let shell = TourShell(library: library, runner: setup.runner,
                                  paths: StatePaths(environment: ProcessInfo.processInfo.environment))
            await shell.runREPL()
        }
    }
}
