import Foundation

/// Where Async Tour keeps its files, after the XDG base directory spec.
public struct StatePaths: Sendable, Equatable {
    /// Compiled snippets: `$XDG_CACHE_HOME/async-tour` or `~/.cache/async-tour`.
    public var cacheDirectory: String
    /// History and progress: `$XDG_STATE_HOME/async-tour` or `~/.local/state/async-tour`.
    public var stateDirectory: String

    /// `environment` is usually `ProcessInfo.processInfo.environment`; tests
    /// pass their own.
    public init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func base(_ variable: String, _ fallback: String) -> String {
            // The spec says relative paths are invalid and must be ignored.
            if let value = environment[variable], value.hasPrefix("/") { return StatePaths.trimmed(value) }
            return StatePaths.trimmed(home) + fallback
        }
        cacheDirectory = base("XDG_CACHE_HOME", "/.cache") + "/async-tour"
        stateDirectory = base("XDG_STATE_HOME", "/.local/state") + "/async-tour"
    }

    /// The command history: `<state>/history`.
    public var historyFile: String { stateDirectory + "/history" }
    /// The learner's progress: `<state>/progress.json`.
    public var progressFile: String { stateDirectory + "/progress.json" }

    /// `/home/l/` → `/home/l`, so that joined paths have no `//`.
    private static func trimmed(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return String(path)
    }
}

extension StatePaths {
    /// Writes a state file so that a reader sees the old contents or the new,
    /// never half of them, even if the program dies midway: the data goes to
    /// a temporary file in the same directory, created with `permissions`
    /// (0600: history and progress are the learner's own), flushed to disk,
    /// then renamed over `path`. Missing parent directories are created with
    /// mode 0700.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, permissions: Int = 0o600) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try StateFile.makeDirectories(directory) }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw writeError(errno, temporary) }
        var failure: Int32 = 0
        // open() applies the umask, which can only take permissions away.
        if fchmod(fd, mode_t(permissions)) != 0 { failure = errno }
        bytes.withUnsafeBytes { bytes in
            var offset = 0
            while failure == 0, offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno != EINTR { failure = errno }
                } else {
                    offset += written
                }
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw writeError(failure, path)
        }
    }

    private static func writeError(_ number: Int32, _ path: String) -> CocoaError {
        let code: CocoaError.Code = switch number {
        case EACCES, EPERM: .fileWriteNoPermission
        case ENOSPC, EDQUOT: .fileWriteOutOfSpace
        case EROFS: .fileWriteVolumeReadOnly
        default: .fileWriteUnknown
        }
        let reason = String(cString: strerror(number))
        return CocoaError(code, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: localized("cannot write \(path): \(reason)")])
    }
}
