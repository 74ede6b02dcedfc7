import Foundation

/// The learner's own copies of snippets, one file per snippet in the state
/// directory: `edits/<chapter-id>/snippet-<N>.swift`. They outlive the
/// session; `reset` deletes one.
public struct EditStore: Sendable {
    public let directory: String

    public init(stateDirectory: String) {
        directory = stateDirectory + "/edits"
    }

    public func path(for snippet: Snippet, in lesson: Lesson) -> String {
        "\(directory)/\(lesson.id)/snippet-\(snippet.number).swift"
    }

    /// The learner's version, if there is one.
    public func edited(_ snippet: Snippet, in lesson: Lesson) -> String? {
        try? String(contentsOfFile: path(for: snippet, in: lesson), encoding: .utf8)
    }

    /// The file to open in an editor: the learner's copy, made from the
    /// chapter's code the first time.
    public func prepare(_ snippet: Snippet, in lesson: Lesson) throws -> String {
        let file = path(for: snippet, in: lesson)
        let manager = FileManager.default
        if !manager.fileExists(atPath: file) {
            try manager.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try snippet.code.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return file
    }

    /// Deletes the learner's copy; returns whether there was one.
    @discardableResult
    public func reset(_ snippet: Snippet, in lesson: Lesson) throws -> Bool {
        let file = path(for: snippet, in: lesson)
        guard FileManager.default.fileExists(atPath: file) else { return false }
        try FileManager.default.removeItem(atPath: file)
        return true
    }

    /// The learner's version as a snippet whose diagnostics point at lines of
    /// the learner's file, with the chapter's attributes but no expectations
    /// (the learner is meant to change what it prints).
    public func editedSnippet(_ snippet: Snippet, in lesson: Lesson) -> (Snippet, path: String)? {
        guard let code = edited(snippet, in: lesson) else { return nil }
        var copy = Snippet(number: snippet.number, code: code, fenceLine: 0, attributes: snippet.attributes)
        copy.attributes.time = nil
        if copy.attributes.outcome != .success { copy.attributes.outcome = .success }
        return (copy, path(for: snippet, in: lesson))
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
