import Foundation
import Testing
@testable import TourKit

/// The watch behind `check --watch`: a save is seen whether the editor
/// rewrites the file or renames a new one over it, and a cancelled wait
/// ends at once.
@Suite struct FileWatcherTests {
    static func file() throws -> String {
        let directory = NSTemporaryDirectory() + "async-tour-watch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/snippet-1.swift"
        try Data("print(1)\n".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Saves `text` to `path` after a pause, in place or by rename.
    static func save(_ text: String, to path: String, byRename: Bool) {
        Thread.sleep(forTimeInterval: 0.3)
        if byRename {
            let temporary = path + ".new"
            try? Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            rename(temporary, path)
        } else if let handle = FileHandle(forWritingAtPath: path) {
            handle.truncateFile(atOffset: 0)
            handle.write(Data(text.utf8))
            handle.closeFile()
        }
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func aSaveIsSeen(polling: Bool, byRename: Bool) async throws {
        let path = try Self.file()
        let watcher = FileWatcher(path: path, polling: polling, pollInterval: .milliseconds(100))
        #if os(Linux)
        #expect(watcher.usesNotifications == !polling)
        #endif
        let started = ContinuousClock.now
        let waiting = Task { await watcher.nextChange() }
        Self.save("print(2)\n", to: path, byRename: byRename)
        #expect(await waiting.value)
        #expect(ContinuousClock.now - started < .seconds(5))
        // Another file in the directory is not a save of this one.
        let other = Task { await watcher.nextChange() }
        try Data("x".utf8).write(to: URL(fileURLWithPath: (path as NSString).deletingLastPathComponent + "/other.txt"))
        try await Task.sleep(for: .milliseconds(500))
        other.cancel()
        #expect(await other.value == false, "only the watched file counts")
    }

    @Test func aCancelledWaitEndsAtOnce() async throws {
        let watcher = FileWatcher(path: try Self.file())
        let waiting = Task { await watcher.nextChange() }
        try await Task.sleep(for: .milliseconds(200))
        let cancelled = ContinuousClock.now
        waiting.cancel()
        #expect(await waiting.value == false)
        #expect(ContinuousClock.now - cancelled < .seconds(1))
    }
}
