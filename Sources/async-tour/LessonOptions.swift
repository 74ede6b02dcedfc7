import ArgumentParser
import Foundation
import TourKit
import TourTerminal

/// `--lessons DIR`, shared by every command.
struct LessonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A directory of chapters to use instead of the bundled course.", valueName: "dir"))
    var lessons: String?

    /// Loads the chapters, printing the problems of broken ones to stderr.
    /// A missing or empty directory ends the program with status 2.
    func loadLibrary() throws -> LessonLibrary {
        let environment = ProcessInfo.processInfo.environment
        do {
            let directory = try lessons.map(absolute) ?? LessonLocator.bundledDirectory(environment: environment)
            let library = try LessonLoader.load(directory: directory)
            for problem in library.problems + library.warnings {
                Platform.printError(ReportRenderer.problem(problem, unicode: TerminalOutput.unicode))
            }
            if library.lessons.isEmpty {
                Platform.printError("no chapter in \(Sanitizer.inline(directory, unicode: TerminalOutput.unicode)) could be loaded")
                throw ExitCode(2)
            }
            return library
        } catch let error as LibraryError {
            Platform.printError("error: " + Sanitizer.sanitize(error.description, unicode: TerminalOutput.unicode))
            throw ExitCode(2)
        }
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }
}
