import ArgumentParser
import TourKit
import TourTerminal

extension AsyncTour {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a directory of chapters without running anything.",
            discussion: "Checks file names, ids, fence attributes, expectation blocks and exercises, and reports each problem with its file and line. Exits with status 1 when there is one.")

        @OptionGroup var options: LessonOptions

        func run() throws {
            // Problems go to stderr as the chapters load; a missing or empty directory exits with 2.
            let library = try options.loadLibrary()
            let snippets = library.lessons.reduce(0) { $0 + $1.snippets.count }
            let exercises = library.lessons.reduce(0) { $0 + $1.snippets.filter { $0.exercise != nil }.count }
            let problems = library.problems.count
            Platform.write("\(plural(library.lessons.count, "chapter")), \(plural(snippets, "snippet")), \(plural(exercises, "exercise")) in \(Sanitizer.inline(library.directory, unicode: TerminalOutput.unicode)): "
                + (problems == 0 ? "no problems\n" : "\(problems) problem\(problems == 1 ? "" : "s")\n"))
            if problems > 0 { throw ExitCode(1) }
        }
    }
}
