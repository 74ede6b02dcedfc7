import Foundation

/// The learner's own copies of snippets, one file per snippet in the state
/// directory: `edits/<chapter-id>/snippet-<N>.swift`. They outlive the
/// session; `reset` deletes one.
///
/// A copy that cannot be read as UTF-8 text (bad bytes, a directory, no
/// permission) is never skipped in favour of the chapter's code: reading it
/// moves it to `snippet-<N>.swift.corrupt-<UTC time>` and answers
/// ``Copy/unreadable(_:)`` with the words to show.
public struct EditStore: Sendable {
    public let directory: String

    /// What the learner's copy of a snippet is.
    public enum Copy<Value> {
        /// There is none: the chapter's code is what runs.
        case none
        case edited(Value)
        /// There is one but it cannot be read: one line saying which file,
        /// why, where it went and what to do. Nothing should run.
        case unreadable(String)

        public var value: Value? {
            if case .edited(let value) = self { return value }
            return nil
        }
    }

    public init(stateDirectory: String) {
        directory = stateDirectory + "/edits"
    }

    public func path(for snippet: Snippet, in lesson: Lesson) -> String {
        "\(directory)/\(lesson.id)/snippet-\(snippet.number).\(snippet.language == .python ? "py" : "swift")"
    }

    /// Whether something is at the copy's path, readable or not.
    public func hasCopy(_ snippet: Snippet, in lesson: Lesson) -> Bool {
        var info = stat()
        return lstat(path(for: snippet, in: lesson), &info) == 0
    }

    /// The learner's version, if there is one; an unreadable one is set
    /// aside and reported.
    public func copy(of snippet: Snippet, in lesson: Lesson) -> Copy<String> {
        let file = path(for: snippet, in: lesson)
        let problem: String
        switch StateFile.contents(of: file) {
        case .missing: return .none
        case .unreadable(let reason): problem = reason
        case .bytes(let bytes):
            if let code = String(validating: bytes, as: UTF8.self) { return .edited(code) }
            problem = localized("it is not UTF-8 text")
        }
        let number = snippet.number
        do {
            let aside = try StateFile.setAside(file)
            return .unreadable(localized("""
                your copy of snippet \(number), \(file), cannot be read (\(problem)); it was moved to \(aside). \
                'edit \(number)' starts a new copy from the chapter's code; 'original \(number)' runs the chapter's version
                """))
        } catch {
            let reason = StatePaths.describe(error)
            return .unreadable(localized("""
                your copy of snippet \(number), \(file), cannot be read (\(problem)) and could not be moved aside \
                (\(reason)): fix it, or 'reset \(number)' to delete it
                """))
        }
    }

    /// The file to open in an editor: the learner's copy, made from the
    /// chapter's code the first time, or again when the old copy could not
    /// be read (set aside, and `warning` says so).
    public func prepare(_ snippet: Snippet, in lesson: Lesson) throws -> (path: String, warning: String?) {
        let file = path(for: snippet, in: lesson)
        var warning: String?
        switch copy(of: snippet, in: lesson) {
        case .edited: return (file, nil)
        case .unreadable(let message):
            if hasCopy(snippet, in: lesson) { throw StateFile.error(message) }
            warning = message
        case .none: break
        }
        try StateFile.makeDirectories((file as NSString).deletingLastPathComponent)
        try StatePaths.writeAtomically(Array(snippet.code.utf8), to: file, permissions: 0o644)
        return (file, warning)
    }

    /// Deletes the learner's copy; returns whether there was one.
    @discardableResult
    public func reset(_ snippet: Snippet, in lesson: Lesson) throws -> Bool {
        let file = path(for: snippet, in: lesson)
        guard hasCopy(snippet, in: lesson) else { return false }
        do {
            try FileManager.default.removeItem(atPath: file)
        } catch {
            let reason = StatePaths.describe(error)
            throw StateFile.error(localized("cannot delete \(file): \(reason)"))
        }
        return true
    }

    /// The learner's version as a snippet whose diagnostics point at lines of
    /// the learner's file, with the chapter's attributes but no expectations
    /// (the learner is meant to change what it prints).
    public func editedSnippet(_ snippet: Snippet, in lesson: Lesson) -> Copy<(Snippet, path: String)> {
        switch copy(of: snippet, in: lesson) {
        case .none: return .none
        case .unreadable(let message): return .unreadable(message)
        case .edited(let code):
            var copy = Snippet(number: snippet.number, code: code, fenceLine: 0, attributes: snippet.attributes)
            // The chapter's setup and input stay: the learner edits only the code.
            copy.prelude = snippet.prelude
            copy.stdin = snippet.stdin
            copy.language = snippet.language
            copy.pairedWith = snippet.pairedWith
            copy.attributes.time = nil
            if copy.attributes.outcome != .success { copy.attributes.outcome = .success }
            return .edited((copy, path(for: snippet, in: lesson)))
        }
    }
}

/// A line diff in the unified style, from the standard library's
/// `CollectionDifference`.
public enum LineDiff {
    public static func unified(from old: String, to new: String, oldName: String, newName: String) -> String {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = after.difference(from: before)
        guard !difference.isEmpty else { return "" }
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var out = ["--- \(oldName)", "+++ \(newName)"]
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) {
                out.append("-" + before[i])
                i += 1
            } else if j < after.count, inserted.contains(j) {
                out.append("+" + after[j])
                j += 1
            } else {
                if i < before.count { out.append(" " + before[i]) }
                i += 1
                j += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
