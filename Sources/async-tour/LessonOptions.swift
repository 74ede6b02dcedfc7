import ArgumentParser
import Foundation
import TourKit
import TourTerminal

/// `--lessons DIR` and `--lang CODE`, shared by every command.
struct LessonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(HelpText.abstract(localized("A directory of chapters to use instead of the bundled course.")), valueName: "dir"))
    var lessons: String?

    @Option(name: .long, help: ArgumentHelp(HelpText.abstract(localized("The language of the chapters and the interface: en or zh-Hans (default: the locale's).")),
                                            valueName: "code"))
    var lang: String?

    func validate() throws {
        if let lang, Language.choice(forCode: lang) == nil {
            let shown = Sanitizer.inline(lang.quotedForMessage(limit: 40), unicode: TerminalOutput.unicode)
            throw ValidationError(localized("The tour has no language '\(shown)': --lang takes en or zh-Hans."))
        }
    }

    /// Loads the chapters, printing the problems of broken ones to stderr.
    /// A missing or empty directory ends the program with status 2.
    func loadLibrary() throws -> LessonLibrary {
        let environment = ProcessInfo.processInfo.environment
        do {
            let directory = try lessons.map(absolute) ?? LessonLocator.bundledDirectory(environment: environment)
            let library = try LessonLoader.load(directory: directory, language: Language.current)
            for problem in library.problems + library.warnings {
                Platform.printError(ReportRenderer.problem(problem, unicode: TerminalOutput.unicode))
            }
            for note in library.notes {
                Platform.printError(Sanitizer.sanitize(note, unicode: TerminalOutput.unicode))
            }
            if library.lessons.isEmpty {
                Platform.printError(localized("no chapter in \(Sanitizer.inline(directory, unicode: TerminalOutput.unicode)) could be loaded"))
                throw ExitCode(2)
            }
            return library
        } catch let error as LibraryError {
            Platform.printError(localized("error: \(Sanitizer.sanitize(error.description, unicode: TerminalOutput.unicode))"))
            throw ExitCode(2)
        }
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }
}

/// The language of this run, chosen before the arguments are parsed so that
/// `--help` speaks it too: `--lang CODE` (or `--lang=CODE`) anywhere among
/// the arguments, else the locale.
enum LanguageSetting {
    static func choose(arguments: [String], environment: [String: String]) -> Language.Choice {
        // The last `--lang` wins, as the parser takes it; one it does not
        // know leaves the locale's choice, and validate() reports it.
        var value: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.endIndex {
                value = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                value = String(argument.dropFirst("--lang=".count))
            }
            index += 1
        }
        if let value, let choice = Language.choice(forCode: value) { return choice }
        return Language.choice(environment: environment)
    }
}
