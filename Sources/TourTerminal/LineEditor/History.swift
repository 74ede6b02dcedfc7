import Foundation
import Synchronization
import TourKit

/// The shell's command history, in plain Swift: a bounded list of lines
/// without repeats, kept in one file per program
/// (`$XDG_STATE_HOME/async-tour/history`, see ``StatePaths/historyFile``),
/// one line per entry, mode 0600. ``LineEditor`` mirrors it into libedit's
/// own list, which is what Up and Down walk through.
///
/// Each entry reaches the file when it is added, as one `O_APPEND` write of
/// a whole line, so a shell that is killed loses nothing, and shells that
/// share the file interleave whole lines. The file is compacted (repeats
/// dropped, the oldest lines beyond ``capacity`` removed, replaced
/// atomically) when it is loaded and when it has grown to twice the
/// capacity; appends and compaction hold the state directory's lock
/// (``StateFile/withLock(on:create:_:)``), and compaction re-reads the file
/// under it, so no other shell's entries are lost. A file that is not UTF-8
/// text, or not a file at all, is never rewritten: it is moved to
/// `history.corrupt-<UTC time>`, its readable lines are kept, and
/// ``takeWarnings()`` says so.
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
    private let file: Mutex<FileState>
    private let now: @Sendable () -> Date

    private struct FileState {
        /// Lines in the file, as far as this shell knows (others append too;
        /// compaction counts again).
        var lines = 0
        /// The file could be neither read nor set aside: leave it alone.
        var disabled = false
        /// A failed append has been reported; report the next kind only.
        var reported: String?
        var warnings: [String] = []
    }

    /// Loads `path` if it exists; `nil` keeps the history in memory only.
    public convenience init(path: String?, capacity: Int = 1000, duplicates: Duplicates = .all) {
        self.init(path: path, capacity: capacity, duplicates: duplicates, now: { Date() })
    }

    /// `now` names the file a corrupt one is moved to.
    init(path: String?, capacity: Int, duplicates: Duplicates, now: @escaping @Sendable () -> Date) {
        self.capacity = max(1, capacity)
        self.path = path
        self.duplicates = duplicates
        self.now = now
        stored = Mutex([])
        file = Mutex(FileState())
        guard let path else { return }
        let directory = (path as NSString).deletingLastPathComponent
        var state = FileState()
        let entries: [String]
        do {
            entries = try StateFile.withLock(on: directory, create: false) { compact(path, &state, above: 2 * self.capacity) }
        } catch {
            entries = []
            let reason = StatePaths.describe(error)
            state.warnings.append(localized("warning: could not read the history \(path): \(reason)"))
        }
        stored.withLock { $0 = entries }
        file.withLock { $0 = state }
    }

    /// Oldest first.
    public var entries: [String] { stored.withLock { $0 } }

    /// One-line warnings about the history file since the last call: a
    /// corrupt file set aside at load, an append that failed.
    public func takeWarnings() -> [String] {
        file.withLock { state in
            defer { state.warnings = [] }
            return state.warnings
        }
    }

    /// Adds a line, trimmed, and appends it to the file. Blank lines are not
    /// kept. Returns whether the list changed.
    @discardableResult
    public func add(_ line: String) -> Bool {
        let added: String? = stored.withLock { entries in
            let updated = History.adding(line, to: entries, capacity: capacity, duplicates: duplicates)
            defer { entries = updated }
            return updated != entries ? updated.last : nil
        }
        guard let added else { return false }
        append(added)
        return true
    }

    /// Compacts the file if it has grown. Entries are already on disk, so
    /// this is not needed to keep them; the shell calls it at exit.
    public func save() throws {
        guard let path else { return }
        let needed = file.withLock { !$0.disabled && $0.lines > capacity }
        guard needed else { return }
        let directory = (path as NSString).deletingLastPathComponent
        try StateFile.withLock(on: directory, create: true) {
            file.withLock { _ = compact(path, &$0, above: capacity) }
        }
    }

    private func append(_ line: String) {
        guard let path, !file.withLock({ $0.disabled }) else { return }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try StateFile.withLock(on: directory, create: true) {
                try History.appendLine(line, to: path)
                let lines = file.withLock { state in
                    state.lines += 1
                    state.reported = nil
                    return state.lines
                }
                if lines > 2 * capacity {
                    file.withLock { _ = compact(path, &$0, above: 2 * capacity) }
                }
            }
        } catch {
            let text = StatePaths.describe(error)
            file.withLock { state in
                guard state.reported != text else { return }
                state.reported = text
                state.warnings.append(localized("warning: could not add to the history \(path): \(text)"))
            }
        }
    }

    /// Reads the file (the caller holds the lock), sets it aside if it is
    /// not UTF-8 text, and rewrites it as its entries when it holds more
    /// than `limit` lines. Returns the entries.
    private func compact(_ path: String, _ state: inout FileState, above limit: Int) -> [String] {
        var lines: [String] = []
        var setAside: String?
        switch StateFile.contents(of: path) {
        case .missing:
            state.lines = 0
            return []
        case .unreadable(let problem):
            setAside = problem
        case .bytes(let bytes):
            var invalid = 0
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                if let text = String(validating: line, as: UTF8.self) { lines.append(text) } else { invalid += 1 }
            }
            if invalid > 0 {
                setAside = invalid == 1 ? localized("1 line is not UTF-8 text") : localized("\(invalid) lines are not UTF-8 text")
            }
        }
        var entries: [String] = []
        for line in lines { entries = History.adding(line, to: entries, capacity: capacity, duplicates: duplicates) }
        if let problem = setAside {
            do {
                let aside = try StateFile.setAside(path, at: now().timeIntervalSince1970)
                let count = entries.count
                let warning = switch count {
                case 0: localized("warning: the history \(path) could not be read (\(problem)); it was moved to \(aside) and the history starts afresh")
                case 1: localized("warning: the history \(path) could not be read (\(problem)); it was moved to \(aside) and its 1 readable entry was kept")
                default: localized("""
                    warning: the history \(path) could not be read (\(problem)); it was moved to \(aside) and \
                    its \(count) readable entries were kept
                    """)
                }
                state.warnings.append(warning)
            } catch {
                state.disabled = true
                let reason = StatePaths.describe(error)
                state.warnings.append(localized("""
                    warning: the history \(path) could not be read (\(problem)) and could not be moved aside \
                    (\(reason)); this session's history will not be kept
                    """))
                return entries
            }
            if entries.isEmpty {
                state.lines = 0
                return entries
            }
        } else if lines.count <= limit {
            state.lines = lines.count
            return entries
        }
        do {
            try StatePaths.writeAtomically(Array(entries.map { $0 + "\n" }.joined().utf8), to: path)
            state.lines = entries.count
        } catch {
            state.lines = lines.count
            let reason = StatePaths.describe(error)
            state.warnings.append(localized("warning: could not compact the history \(path): \(reason)"))
        }
        return entries
    }

    /// One `write` of `line` and its newline at the end of the file, which
    /// is created with mode 0600.
    static func appendLine(_ line: String, to path: String) throws {
        var fd: Int32
        repeat { fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o600) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            let reason = StateFile.reason(errno)
            throw StateFile.error(localized("cannot open \(path): \(reason)"))
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw StateFile.error(localized("\(path) is not a regular file"))
        }
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = StateFile.reason(errno)
                throw StateFile.error(localized("cannot write to \(path): \(reason)"))
            }
            offset += written
        }
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
