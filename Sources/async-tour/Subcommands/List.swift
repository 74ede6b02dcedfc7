import ArgumentParser
import TourKit
import TourTerminal

extension AsyncTour {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: HelpText.abstract(localized("List every chapter: number, id, title and snippets.")))

        @OptionGroup var options: LessonOptions

        func run() throws {
            let library = try options.loadLibrary()
            let idWidth = max(2, library.lessons.map(\.id.count).max() ?? 0)
            var out = ""
            for lesson in library.lessons {
                let number = lesson.number < 10 ? " \(lesson.number)" : "\(lesson.number)"
                let id = lesson.id + String(repeating: " ", count: idWidth - lesson.id.count)
                let snippets = lesson.snippets.count
                let title = Sanitizer.inline(lesson.title, unicode: TerminalOutput.unicode)
                let entry = localized("\(title) (\(snippets) snippet\(snippets == 1 ? "" : "s"))")
                out += "\(number)  \(Sanitizer.inline(id, unicode: TerminalOutput.unicode))  \(entry)\n"
            }
            Platform.write(out)
        }
    }
}
