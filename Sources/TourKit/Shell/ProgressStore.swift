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

    /// What two shells recorded, together: the union of chapters visited,
    /// snippets run and exercises solved, the most hints either revealed,
    /// and the place from `newer`, the shell saving now (when it has one).
    /// Nothing one shell recorded is lost by the other's save.
    public func merging(_ newer: LearnerProgress) -> LearnerProgress {
        var merged = self
        merged.visited.formUnion(newer.visited)
        merged.ran.merge(newer.ran) { $0.union($1) }
        merged.solved.formUnion(newer.solved)
        merged.hints.merge(newer.hints) { max($0, $1) }
        if newer.lessonID != nil {
            merged.lessonID = newer.lessonID
            merged.step = newer.step
        }
        return merged
    }

    public func isDone(_ lesson: Lesson) -> Bool {
        let done = ran[lesson.id] ?? []
        return visited.contains(lesson.id) && lesson.snippets.allSatisfy { done.contains($0.number) }
            && exercises(in: lesson).solved == exercises(in: lesson).total
    }
}

/// Keeps ``LearnerProgress`` in `progress.json` in the state directory.
///
/// Several shells may share the directory, so a save is a read-merge-write
/// under an exclusive `flock` on the directory (``StateFile/withLock(on:create:_:)``):
/// it reads what is on disk, merges this shell's progress into it
/// (``LearnerProgress/merging(_:)``) and writes the result to a temporary
/// file (mode 0600) renamed over the old one, so a crash never leaves half
/// a file and no shell's runs are lost. A file that cannot be read or
/// decoded, at load or at a save, is moved aside to
/// `progress.json.corrupt-<UTC time>` with a one-line warning; it is never
/// overwritten.
public struct ProgressStore: Sendable {
    public let path: String
    public let directory: String
    private let now: @Sendable () -> Date

    /// `directory` is the state directory (``StatePaths/stateDirectory``);
    /// tests pass a temporary one.
    public init(directory: String) {
        self.init(directory: directory, now: { Date() })
    }

    /// `now` names the file a corrupt one is moved to.
    init(directory: String, now: @escaping @Sendable () -> Date) {
        self.directory = directory
        path = directory + "/progress.json"
        self.now = now
    }

    /// The saved progress, and a warning for the learner when the file had
    /// to be set aside. A missing file is a first visit: no warning.
    public func load() -> (LearnerProgress, warning: String?) {
        let locked = try? StateFile.withLock(on: directory, create: false) { () -> (LearnerProgress, warning: String?) in
            switch read() {
            case .missing: return (LearnerProgress(), nil)
            case .read(let progress): return (progress, nil)
            case .unreadable(let problem):
                do {
                    let aside = try setAside()
                    return (LearnerProgress(), localized("""
                        warning: \(path) could not be read (\(problem)); it was moved to \(aside) and progress starts afresh
                        """))
                } catch {
                    let reason = StatePaths.describe(error)
                    return (LearnerProgress(), localized("""
                        warning: \(path) could not be read (\(problem)) and could not be moved aside \
                        (\(reason)); progress will not be saved until it is fixed or removed
                        """))
                }
            }
        }
        return locked ?? (LearnerProgress(), nil)
    }

    /// Merges `progress` into what is on disk and saves the result
    /// atomically; returns it, so that the shell also sees what another
    /// shell recorded, with a warning if a corrupt file had to be set aside
    /// first. Throws rather than replace a file that exists but can neither
    /// be read nor moved aside.
    @discardableResult
    public func save(_ progress: LearnerProgress) throws -> (progress: LearnerProgress, warning: String?) {
        try StateFile.withLock(on: directory, create: true) {
            var merged = progress
            var warning: String?
            switch read() {
            case .missing: break
            case .read(let saved): merged = saved.merging(progress)
            case .unreadable(let problem):
                do {
                    let aside = try setAside()
                    warning = localized("""
                        warning: \(path) could not be read (\(problem)); it was moved to \(aside) and \
                        this session's progress is saved afresh
                        """)
                } catch {
                    let reason = StatePaths.describe(error)
                    throw StateFile.error(localized("""
                        \(path) could not be read (\(problem)) and could not be moved aside \
                        (\(reason)); not overwriting it: fix or remove it
                        """))
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try StatePaths.writeAtomically(Array(try encoder.encode(merged)), to: path)
            return (merged, warning)
        }
    }

    /// Moves the unreadable file aside; returns where it went.
    private func setAside() throws -> String {
        try StateFile.setAside(path, at: now().timeIntervalSince1970)
    }

    private enum Contents {
        case missing
        case read(LearnerProgress)
        case unreadable(String)
    }

    private func read() -> Contents {
        switch StateFile.contents(of: path) {
        case .missing: return .missing
        case .unreadable(let reason): return .unreadable(reason)
        case .bytes(let bytes):
            guard let progress = try? JSONDecoder().decode(LearnerProgress.self, from: Data(bytes)) else {
                return .unreadable(bytes.isEmpty ? localized("it is empty") : localized("it is not progress JSON"))
            }
            return .read(progress)
        }
    }
}
