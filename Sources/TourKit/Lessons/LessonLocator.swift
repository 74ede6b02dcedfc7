import Foundation

/// Finds the bundled `Lessons/` directory.
///
/// In order: `ASYNC_TOUR_LESSONS`; a `Lessons` directory beside the
/// executable or in one of its parent directories (after `swift run` the
/// binary sits in `.build/debug` inside the checkout); `../share/async-tour/Lessons`
/// relative to the executable (an installed copy); and last the checkout the
/// binary was built from.
public enum LessonLocator {
    public static func bundledDirectory(environment: [String: String], executablePath: String? = nil,
                                        sourceFile: String = #filePath) throws(LibraryError) -> String {
        if let explicit = environment["ASYNC_TOUR_LESSONS"], !explicit.isEmpty { return explicit }
        var candidates: [String] = []
        if let executable = executablePath ?? currentExecutable() {
            var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/async-tour/Lessons").path)
            while directory.path != "/" {
                candidates.append(directory.appendingPathComponent("Lessons").path)
                directory = directory.deletingLastPathComponent()
            }
        }
        // Sources/TourKit/Lessons/LessonLocator.swift → the checkout's root.
        let checkout = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent("Lessons").path)
        for candidate in candidates where isChapterDirectory(candidate) { return candidate }
        throw .bundledLessonsNotFound(searched: Array(Set(candidates)).sorted())
    }

    public static func isChapterDirectory(_ path: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return names.contains { LessonLoader.chapterName($0) != nil && $0.hasSuffix(".md") }
    }

    static func currentExecutable() -> String? {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return CommandLine.arguments.first
    }
}
