import Foundation
import Synchronization

/// The shell's command history: bounded, without repeats, one file per
/// program, written with mode 0600 by replacing the file atomically.
public final class History: Sendable {
    public let capacity: Int
    public let path: String?
    private let stored: Mutex<[String]>

    public init(path: String?, capacity: Int = 1000) {
        self.capacity = capacity
        self.path = path
        var loaded: [String] = []
        if let path, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            loaded = text.split(separator: "\n").map(String.init)
        }
        stored = Mutex(History.bounded(History.unique(loaded), capacity))
    }

    public var entries: [String] { stored.withLock { $0 } }

    /// Adds a line; an earlier copy of the same line is dropped, so the list
    /// holds each command once, in the order of its latest use.
    public func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains("\n") else { return }
        stored.withLock { entries in
            entries.removeAll { $0 == trimmed }
            entries.append(trimmed)
            entries = History.bounded(entries, capacity)
        }
    }

    /// Writes the history file: a temporary file with mode 0600, then a rename.
    public func save() throws {
        guard let path else { return }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let text = entries.map { $0 + "\n" }.joined()
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    static func unique(_ lines: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for line in lines.reversed() where !line.isEmpty && seen.insert(line).inserted { result.append(line) }
        return result.reversed()
    }

    static func bounded(_ lines: [String], _ capacity: Int) -> [String] {
        lines.count > capacity ? Array(lines.suffix(capacity)) : lines
    }
}
