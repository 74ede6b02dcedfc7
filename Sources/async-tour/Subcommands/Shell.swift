import ArgumentParser
import TourKit

extension AsyncTour {
    struct Shell: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the interactive tour (the default).")

        @OptionGroup var options: LessonOptions

        func run() async throws {
            let library = try options.loadLibrary()
            Platform.write("The interactive shell is not built yet. Chapters: \(library.lessons.map(\.id).joined(separator: ", "))\n")
        }
    }
}
