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

/// Keeps ``LearnerProgress`` in `progress.json` in the state directory.
///
/// Writes go to a temporary file (mode 0600) that is then renamed over the
/// old one, so a crash never leaves half a file. A file that cannot be read
/// or decoded is moved aside to `progress.json.corrupt-<UTC time>` and
/// ``load()`` says so in its warning; it is never overwritten silently.
public struct ProgressStore: Sendable {
    public let path: String
    private let now: @Sendable () -> Date

    /// `directory` is the state directory (``StatePaths/stateDirectory``);
    /// tests pass a temporary one.
    public init(directory: String) {
        self.init(directory: directory, now: { Date() })
    }

    /// `now` names the file a corrupt one is moved to.
    init(directory: String, now: @escaping @Sendable () -> Date) {
        path = directory + "/progress.json"
        self.now = now
    }

    /// The saved progress, and a warning for the learner when the file had
    /// to be set aside. A missing file is a first visit: no warning.
    public func load() -> (LearnerProgress, warning: String?) {
        let problem: String
        switch read() {
        case .missing: return (LearnerProgress(), nil)
        case .read(let progress): return (progress, nil)
        case .unreadable(let reason): problem = reason
        }
        let manager = FileManager.default
        let aside = asidePath()
        do {
            try manager.moveItem(atPath: path, toPath: aside)
            return (LearnerProgress(), "warning: \(path) could not be read (\(problem)); "
                    + "it was moved to \(aside) and progress starts afresh")
        } catch {
            return (LearnerProgress(), "warning: \(path) could not be read (\(problem)) and could not be moved aside; "
                    + "progress will not be saved until it is fixed or removed")
        }
    }

    /// Saves atomically. Throws rather than replace a file that exists but
    /// cannot be read (one that ``load()`` could not move aside).
    public func save(_ progress: LearnerProgress) throws {
        if case .unreadable(let reason) = read() {
            throw CocoaError(.fileWriteFileExists, userInfo: [
                NSFilePathErrorKey: path,
                NSLocalizedDescriptionKey: "\(path) could not be read (\(reason)); not overwriting it",
            ])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try StatePaths.writeAtomically(Array(try encoder.encode(progress)), to: path)
    }

    private enum Contents {
        case missing
        case read(LearnerProgress)
        case unreadable(String)
    }

    private func read() -> Contents {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            return errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            return .unreadable("cannot read it")
        }
        guard let progress = try? JSONDecoder().decode(LearnerProgress.self, from: data) else {
            return .unreadable(data.isEmpty ? "it is empty" : "it is not progress JSON")
        }
        return .read(progress)
    }

    /// `progress.json.corrupt-20250314T092653Z`, with `-2`, `-3`… if taken.
    private func asidePath() -> String {
        var seconds = time_t(now().timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let stamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
        let base = "\(path).corrupt-\(stamp)"
        var candidate = base
        var suffix = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }
}
