import Foundation
import Synchronization
import TourKit

/// The shell's command history, in plain Swift: a bounded list of lines
/// without repeats, kept in one file per program
/// (`$XDG_STATE_HOME/async-tour/history`, see ``StatePaths/historyFile``),
/// one line per entry, written with mode 0600 by replacing the file
/// atomically. ``LineEditor`` mirrors it into libedit's own list, which is
/// what Up and Down walk through.
///
/// Several shells at once: the last one to save wins.
public final class History: Sendable {
    /// Which repeated lines are dropped.
    public enum Duplicates: Sendable {
        /// Only a line equal to the one before it (bash's `ignoredups`).
        case consecutive
        /// Any earlier copy: each command is kept once, at its latest use
        /// (bash's `erasedups`).
        case all
    }

    public let capacity: Int
    public let path: String?
    public let duplicates: Duplicates
    private let stored: Mutex<[String]>

    /// Loads `path` if it exists; `nil` keeps the history in memory only.
    public init(path: String?, capacity: Int = 1000, duplicates: Duplicates = .all) {
        self.capacity = max(1, capacity)
        self.path = path
        self.duplicates = duplicates
        var entries: [String] = []
        if let path, let data = FileManager.default.contents(atPath: path) {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                entries = History.adding(String(line), to: entries, capacity: self.capacity, duplicates: duplicates)
            }
        }
        stored = Mutex(entries)
    }

    /// Oldest first.
    public var entries: [String] { stored.withLock { $0 } }

    /// Adds a line, trimmed. Blank lines are not kept. Returns whether the
    /// list changed.
    @discardableResult
    public func add(_ line: String) -> Bool {
        stored.withLock { entries in
            let updated = History.adding(line, to: entries, capacity: capacity, duplicates: duplicates)
            defer { entries = updated }
            return updated != entries
        }
    }

    /// Writes the file atomically with mode 0600, creating its directory.
    public func save() throws {
        guard let path else { return }
        try StatePaths.writeAtomically(Array(entries.map { $0 + "\n" }.joined().utf8), to: path)
    }

    /// The list after adding `line`: the pure rule the type applies.
    static func adding(_ line: String, to entries: [String], capacity: Int, duplicates: Duplicates) -> [String] {
        let line = line.trimmingCharacters(in: .whitespacesAndNewlines)
        // One entry is one line of the file.
        guard !line.isEmpty, !line.contains(where: \.isNewline) else { return entries }
        var entries = entries
        switch duplicates {
        case .consecutive:
            if entries.last == line { return entries }
        case .all:
            entries.removeAll { $0 == line }
        }
        entries.append(line)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        return entries
    }
}
