import ArgumentParser
import TourKit
import TourTerminal

extension AsyncTour {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every chapter: number, id, title and snippets.")

        @OptionGroup var options: LessonOptions

        func run() throws {
            let library = try options.loadLibrary()
            let idWidth = max(2, library.lessons.map(\.id.count).max() ?? 0)
            var out = ""
            for lesson in library.lessons {
                let number = lesson.number < 10 ? " \(lesson.number)" : "\(lesson.number)"
                let id = lesson.id + String(repeating: " ", count: idWidth - lesson.id.count)
                let count = lesson.snippets.count == 1 ? "1 snippet" : "\(lesson.snippets.count) snippets"
                out += "\(number)  \(Sanitizer.inline(id, unicode: TerminalOutput.unicode))  \(Sanitizer.inline(lesson.title, unicode: TerminalOutput.unicode)) (\(count))\n"
            }
            Platform.write(out)
        }
    }
}
