import Foundation

/// What the learner has done, kept between sessions.
public struct LearnerProgress: Codable, Sendable, Equatable {
    /// Chapter ids opened.
    public var visited: Set<String> = []
    /// Snippet numbers run, by chapter id.
    public var ran: [String: Set<Int>] = [:]
    /// Where the learner was: chapter id and step.
    public var lessonID: String?
    public var step: Int = 0
    /// Exercises whose goal the learner met, as "chapter-id/N".
    public var solved: Set<String> = []
    /// Hints revealed, by "chapter-id/N".
    public var hints: [String: Int] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case visited, ran, lessonID, step, solved, hints
    }

    /// Reads files from before exercises existed too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        visited = try container.decodeIfPresent(Set<String>.self, forKey: .visited) ?? []
        ran = try container.decodeIfPresent([String: Set<Int>].self, forKey: .ran) ?? [:]
        lessonID = try container.decodeIfPresent(String.self, forKey: .lessonID)
        step = try container.decodeIfPresent(Int.self, forKey: .step) ?? 0
        solved = try container.decodeIfPresent(Set<String>.self, forKey: .solved) ?? []
        hints = try container.decodeIfPresent([String: Int].self, forKey: .hints) ?? [:]
    }

    public static func key(_ lesson: Lesson, _ snippet: Snippet) -> String { "\(lesson.id)/\(snippet.number)" }

    /// Exercises of a chapter, and how many of them are solved.
    public func exercises(in lesson: Lesson) -> (solved: Int, total: Int) {
        let exercises = lesson.snippets.filter { $0.exercise != nil }
        return (exercises.filter { solved.contains(LearnerProgress.key(lesson, $0)) }.count, exercises.count)
    }

    public func isDone(_ lesson: Lesson) -> Bool {
        let done = ran[lesson.id] ?? []
        return visited.contains(lesson.id) && lesson.snippets.allSatisfy { done.contains($0.number) }
            && exercises(in: lesson).solved == exercises(in: lesson).total
    }
}

/// Keeps ``LearnerProgress`` in `progress.json` in the state directory. Writes go
/// to a temporary file that is then renamed over the old one, so a crash
/// never leaves half a file. A file that cannot be read is moved aside
/// with a warning, never overwritten silently.
public struct ProgressStore: Sendable {
    public let path: String

    public init(directory: String) {
        path = directory + "/progress.json"
    }

    /// The saved progress, and a warning when the file had to be set aside.
    public func load() -> (LearnerProgress, warning: String?) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return (LearnerProgress(), nil) }
        if let data = manager.contents(atPath: path), let progress = try? JSONDecoder().decode(LearnerProgress.self, from: data) {
            return (progress, nil)
        }
        let stamp = Int(Date().timeIntervalSince1970)
        let aside = "\(path).corrupt-\(stamp)"
        do {
            try manager.moveItem(atPath: path, toPath: aside)
            return (LearnerProgress(), "warning: \(path) could not be read; it was moved to \(aside) and progress starts afresh")
        } catch {
            return (LearnerProgress(), "warning: \(path) could not be read and could not be moved aside (\(error.localizedDescription)); "
                    + "progress will not be saved until it is fixed or removed")
        }
    }

    public func save(_ progress: LearnerProgress) throws {
        let manager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Never replace a file that exists but could not be read.
        if manager.fileExists(atPath: path), let data = manager.contents(atPath: path),
           (try? JSONDecoder().decode(LearnerProgress.self, from: data)) == nil {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: path])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try encoder.encode(progress).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            try? manager.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
