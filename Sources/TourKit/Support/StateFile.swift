import Foundation

/// Reading, locking and setting aside the files in the state directory
/// (history, progress, the learner's edits), shared by their stores.
///
/// The rules: a file that cannot be read as it should be is never rewritten
/// or skipped in silence. It is renamed to `<name>.corrupt-<UTC time>` beside
/// itself, so its bytes are kept, and the store says so in one line.
/// Read-merge-write sequences hold an exclusive `flock` on the directory the
/// file is in, so that two shells on one state directory take turns; the
/// directory's own inode is the lock, so no lock file is left beside the
/// learner's files, and renaming a file over another does not change it.
public enum StateFile {
    /// What is at a path.
    public enum Contents: Sendable, Equatable {
        case missing
        case bytes([UInt8])
        /// Something is there but cannot be read as a file: the reason, in words.
        case unreadable(String)
    }

    /// Far more than any state file should hold; a bigger one is not read
    /// into memory.
    public static let sizeLimit = 16 << 20

    /// Reads a whole regular file. A FIFO or a device is not opened for
    /// long (`O_NONBLOCK`) and is reported, like a directory, as not a file.
    public static func contents(of path: String, limit: Int = sizeLimit) -> Contents {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } while fd < 0 && errno == EINTR
        // ENOTDIR: a file where a folder of the path should be, so nothing
        // is there; writing says what is in the way.
        if fd < 0 { return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(reason(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(reason(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .unreadable(localized("it is a directory, not a file"))
        default: return .unreadable(localized("it is not a regular file"))
        }
        let megabytes = limit >> 20
        let tooBig = localized("it is larger than \(megabytes) MB, far more than it should be")
        if Int(info.st_size) > limit { return .unreadable(tooBig) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .unreadable(reason(errno))
            }
            if count == 0 { break }
            bytes += buffer[..<count]
            if bytes.count > limit { return .unreadable(tooBig) }
        }
        return .bytes(bytes)
    }

    /// An errno value in words a learner can act on.
    public static func reason(_ number: Int32) -> String {
        switch number {
        case EISDIR: localized("it is a directory, not a file")
        case ENOTDIR: localized("a folder on its path is a file")
        case ELOOP: localized("it is a symbolic link that loops")
        default: String(cString: strerror(number))
        }
    }

    /// Renames `path` to a free `<path>.corrupt-<UTC time>` name and returns
    /// that name; the bytes stay as they were.
    /// `seconds` (since 1970) names the copy; tests pass their own.
    public static func setAside(_ path: String, at seconds: Double? = nil) throws -> String {
        let aside = asidePath(for: path, at: seconds ?? Date().timeIntervalSince1970)
        guard rename(path, aside) == 0 else {
            let why = reason(errno)
            throw StateFile.error(localized("could not rename \(path) to \(aside): \(why)"))
        }
        return aside
    }

    /// `file.corrupt-20250314T092653Z`, with `-2`, `-3`… if taken.
    public static func asidePath(for path: String, at time: Double) -> String {
        var seconds = time_t(time)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let stamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
        let base = "\(path).corrupt-\(stamp)"
        var candidate = base
        var suffix = 2
        var info = stat()
        while lstat(candidate, &info) == 0 {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    /// Runs `body` holding an exclusive `flock` on `directory`, which is
    /// created (mode 0700) when `create` is set. Where the directory cannot
    /// be locked (it is missing, or the file system has no locks) `body`
    /// runs anyway: every write is a rename or a whole-line append, so the
    /// lock only decides whose changes are merged, never whether a file is
    /// whole.
    public static func withLock<T>(on directory: String, create: Bool, _ body: () throws -> T) throws -> T {
        if create { try makeDirectories(directory) }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0, errno == EINTR {}
        return try body()
    }

    /// `mkdir -p` with mode 0700, with errors that name the culprit (a file
    /// where a folder should be) rather than Foundation's "error 512".
    public static func makeDirectories(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return }
            throw StateFile.error(localized("\(path) is a file, not a folder: move it away so that Async Tour can keep its state there"))
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            let why = reason(errno)
            throw StateFile.error(localized("cannot create the folder \(path): \(why)"))
        }
    }
}

extension StateFile {
    /// A state file problem, in words (which file, what went wrong), as an
    /// error whose `localizedDescription` is those words.
    public static func error(_ message: String) -> any Error {
        CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: message])
    }
}

extension StatePaths {
    /// An error from reading or writing state, in words: never Foundation's
    /// "(NSCocoaErrorDomain error 512.)", which names neither the file nor
    /// the cause.
    public static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let text = ns.userInfo[NSLocalizedDescriptionKey] as? String { return text }
        let path = ns.userInfo[NSFilePathErrorKey] as? String ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
            let inner = underlying as NSError
            if inner.domain == NSPOSIXErrorDomain {
                let cause = StateFile.reason(Int32(inner.code))
                return path.map { "\($0): \(cause)" } ?? cause
            }
        }
        if ns.domain == NSPOSIXErrorDomain {
            let cause = StateFile.reason(Int32(ns.code))
            return path.map { "\($0): \(cause)" } ?? cause
        }
        let text = ns.localizedDescription
        return path.map { "\($0): \(text)" } ?? text
    }
}
