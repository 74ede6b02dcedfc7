import Foundation
import Testing
@testable import TourKit

@Suite struct StatePathsTests {
    @Test func followsXDG() {
        let paths = StatePaths(environment: ["HOME": "/home/l", "XDG_CACHE_HOME": "/c", "XDG_STATE_HOME": "/s/"])
        #expect(paths.cacheDirectory == "/c/async-tour")
        #expect(paths.stateDirectory == "/s/async-tour")
        #expect(paths.historyFile == "/s/async-tour/history")
        #expect(paths.progressFile == "/s/async-tour/progress.json")
    }

    @Test func fallsBackToHome() {
        let paths = StatePaths(environment: ["HOME": "/home/l/"])
        #expect(paths.cacheDirectory == "/home/l/.cache/async-tour")
        #expect(paths.stateDirectory == "/home/l/.local/state/async-tour")
    }

    @Test func ignoresRelativeAndEmptyValues() {
        let paths = StatePaths(environment: ["HOME": "/home/l", "XDG_CACHE_HOME": "relative", "XDG_STATE_HOME": ""])
        #expect(paths.cacheDirectory == "/home/l/.cache/async-tour")
        #expect(paths.stateDirectory == "/home/l/.local/state/async-tour")
    }

    @Test func withoutHomeUsesTheAccountsHome() {
        let paths = StatePaths(environment: [:])
        #expect(paths.stateDirectory.hasSuffix("/.local/state/async-tour"))
        #expect(!paths.stateDirectory.hasPrefix("/tmp/"))
    }

    /// A file where the state folder should be used to read
    /// "(NSCocoaErrorDomain error 512.)". Now the message names the file in
    /// the way and what to do.
    @Test func aFileInPlaceOfTheStateFolderIsNamed() throws {
        let root = NSTemporaryDirectory() + "async-tour-state-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: root))
        let error = try #require(throws: (any Error).self) {
            try StatePaths.writeAtomically(Array("one\n".utf8), to: root + "/async-tour/progress.json")
        }
        let text = StatePaths.describe(error)
        #expect(text == "\(root) is a file, not a folder: move it away so that Async Tour can keep its state there")
        #expect(error.localizedDescription == text)
        // Foundation's own errors are put in words too.
        let foundation = try #require(throws: (any Error).self) {
            try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        }
        #expect(!StatePaths.describe(foundation).contains("NSCocoaErrorDomain"))
        #expect(StatePaths.describe(foundation).contains(root + "/sub"))
    }

    @Test func atomicWriteCreatesDirectoriesWithPrivateModes() throws {
        let root = NSTemporaryDirectory() + "async-tour-state-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + "/deep/async-tour/file"
        try StatePaths.writeAtomically(Array("one\n".utf8), to: file)
        try StatePaths.writeAtomically(Array("two\n".utf8), to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "two\n")
        #expect(try mode(file) == 0o600)
        #expect(try mode(root + "/deep/async-tour") == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/deep/async-tour") == ["file"])
    }

    @Test func atomicWriteFailureLeavesTheOldFile() throws {
        let root = NSTemporaryDirectory() + "async-tour-state-" + UUID().uuidString
        defer {
            chmod(root, 0o700)
            try? FileManager.default.removeItem(atPath: root)
        }
        let file = root + "/file"
        try StatePaths.writeAtomically(Array("old".utf8), to: file)
        chmod(root, 0o500)
        // Root ignores directory permissions; nothing to test then.
        guard getuid() != 0 else { return }
        #expect(throws: (any Error).self) { try StatePaths.writeAtomically(Array("new".utf8), to: file) }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "old")
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
