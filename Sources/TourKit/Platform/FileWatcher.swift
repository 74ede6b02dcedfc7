#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for a file to be saved, for `check LESSON.N --watch`.
///
/// On Linux it asks inotify about the file's directory, not the file: most
/// editors save by writing a new file and renaming it over the old one, and
/// a watch on the old file's inode would see nothing after the first save.
/// Where inotify is missing or refused (no more watches, another system) it
/// compares the file's modification time, size and inode every half second.
///
/// The inotify descriptor is non-blocking and read every 100 ms from an
/// async loop, so waiting holds no thread and ends as soon as the task is
/// cancelled (Ctrl-C).
public final class FileWatcher: @unchecked Sendable {
    public let path: String
    /// Whether changes come from inotify; `false` means polling.
    public var usesNotifications: Bool { descriptor >= 0 }

    private let directory: String
    private let name: String
    private var descriptor: Int32 = -1
    private var signature: Signature?
    private let pollInterval: Duration

    /// What polling compares: a save changes at least one of them.
    struct Signature: Equatable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int64
        var inode: UInt64
    }

    /// `polling: true` never uses inotify (for tests of the fallback).
    public init(path: String, polling: Bool = false, pollInterval: Duration = .milliseconds(500)) {
        self.path = path
        self.pollInterval = pollInterval
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
            name = String(path[path.index(after: slash)...])
        } else {
            directory = "."
            name = path
        }
        signature = Self.signature(of: path)
        #if os(Linux)
        if !polling { startNotifications() }
        #endif
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Returns once the file has been saved again (written and closed,
    /// renamed into place, or, when polling, changed), after a short pause
    /// that lets an editor finish its save; `false` when the task was
    /// cancelled first.
    public func nextChange() async -> Bool {
        while !Task.isCancelled {
            if changedSinceLastLook() {
                // An editor's save can take several steps; wait for them, then forget their events.
                try? await Task.sleep(for: .milliseconds(150))
                _ = changedSinceLastLook()
                signature = Self.signature(of: path)
                return !Task.isCancelled
            }
            do {
                try await Task.sleep(for: usesNotifications ? .milliseconds(100) : pollInterval)
            } catch {
                return false
            }
        }
        return false
    }

    private func changedSinceLastLook() -> Bool {
        #if os(Linux)
        if descriptor >= 0 { return drainEvents() }
        #endif
        let now = Self.signature(of: path)
        guard now != signature else { return false }
        signature = now
        return true
    }

    static func signature(of path: String) -> Signature? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        let modified = info.st_mtim
        #else
        let modified = info.st_mtimespec
        #endif
        return Signature(seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec),
                         size: Int64(info.st_size), inode: UInt64(info.st_ino))
    }

    #if os(Linux)
    private func startNotifications() {
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else { return }
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_ATTRIB)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            close(fd)
            return
        }
        descriptor = fd
    }

    /// Reads every pending event; whether one was about the file.
    private func drainEvents() -> Bool {
        var touched = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let length = buffer.withUnsafeBytes { raw in
                    Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                }
                let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
                if String(decoding: nameBytes, as: UTF8.self) == name { touched = true }
                offset += header + length
            }
        }
        return touched
    }
    #endif
}
