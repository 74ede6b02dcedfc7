import Foundation

/// The installed Swift compiler.
public struct Toolchain: Sendable, Equatable {
    public var swiftc: String
    /// `swiftc --version`, part of every cache key.
    public var version: String

    public init(swiftc: String, version: String) {
        self.swiftc = swiftc
        self.version = version
    }
}

public enum ToolchainError: Error, Equatable, CustomStringConvertible {
    case notFound
    case notExecutable(String)
    case versionFailed(String, String)

    public var description: String {
        switch self {
        case .notFound:
            return localized("""
                swiftc not found: set SWIFTC to the compiler's path, or add the Swift toolchain's usr/bin to PATH \
                (install Swift from swift.org)
                """)
        case .notExecutable(let path):
            return localized("SWIFTC is set to \(path), which is not an executable file: fix or unset SWIFTC")
        case .versionFailed(let path, let output):
            return localized("\(path) --version failed: \(output)")
        }
    }
}

extension Toolchain {
    /// The compiler named by `SWIFTC`, else the first `swiftc` on `PATH`.
    public static func locate(environment: [String: String]) throws(ToolchainError) -> String {
        let manager = FileManager.default
        if let explicit = environment["SWIFTC"], !explicit.isEmpty {
            guard manager.isExecutableFile(atPath: explicit) else { throw .notExecutable(explicit) }
            return explicit
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/swiftc"
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw .notFound
    }

    /// Finds the compiler and its version. The version is cached on disk,
    /// keyed by the compiler's path, size and modification time, because
    /// asking swiftc costs tens of milliseconds on every start.
    public static func discover(environment: [String: String], cacheDirectory: String) async throws(ToolchainError) -> Toolchain {
        let path = try locate(environment: environment)
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let attributes = try? FileManager.default.attributesOfItem(atPath: resolved)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let stamp = "\(resolved)|\(size)|\(modified)"
        let stampFile = cacheDirectory + "/toolchain-" + StableHash.hex(stamp)
        if let cached = try? String(contentsOfFile: stampFile, encoding: .utf8), !cached.isEmpty {
            return Toolchain(swiftc: path, version: cached)
        }
        let child = ChildProcess(executable: path, arguments: ["--version"], environment: environment, timeout: 30)
        let result = await child.run()
        let output = result.text(of: .stdout) + result.text(of: .stderr)
        guard result.ending == .exited(0), !output.isEmpty else {
            throw .versionFailed(path, output.isEmpty ? "\(result.ending)" : output)
        }
        let version = output.trimmingCharacters(in: .whitespacesAndNewlines)
        try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        try? version.write(toFile: stampFile, atomically: true, encoding: .utf8)
        return Toolchain(swiftc: path, version: version)
    }
}

extension ChildResult {
    func text(of stream: ChildChunk.Stream) -> String {
        String(decoding: chunks.filter { $0.stream == stream }.flatMap(\.bytes), as: UTF8.self)
    }
}
