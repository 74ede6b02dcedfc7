import Foundation
import Synchronization
import Testing
@testable import TourKit

@Suite struct ProgressStoreTests {
    func directory() -> String {
        NSTemporaryDirectory() + "async-tour-progress-" + UUID().uuidString + "/state"
    }

    func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func aMissingFileIsAFirstVisit() {
        let (progress, warning) = ProgressStore(directory: directory()).load()
        #expect(progress == LearnerProgress())
        #expect(warning == nil)
    }

    @Test func roundTripThroughAnAtomicWrite() throws {
        let folder = directory()
        let store = ProgressStore(directory: folder)
        var progress = LearnerProgress()
        progress.visited = ["why-async", "tasks"]
        progress.ran["why-async"] = [1, 3]
        progress.ran["tasks"] = [2]
        progress.lessonID = "why-async"
        progress.step = 2
        try store.save(progress)
        progress.step = 3
        try store.save(progress)
        let (loaded, warning) = store.load()
        #expect(loaded == progress)
        #expect(warning == nil)
        // No temporary file is left behind.
        #expect(try names(folder) == ["progress.json"])
        let json = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(json.contains("\"lessonID\" : \"why-async\""))
    }

    @Test func theFileIsTheLearnersOnly() throws {
        let store = ProgressStore(directory: directory())
        try store.save(LearnerProgress())
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func aCorruptFileIsSetAsideWithAWarning() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let moment = Date(timeIntervalSince1970: 1_741_944_413) // 2025-03-14 09:26:53 UTC
        let store = ProgressStore(directory: folder, now: { moment })
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: store.path))
        let (loaded, warning) = store.load()
        #expect(loaded == LearnerProgress())
        let aside = folder + "/progress.json.corrupt-20250314T092653Z"
        #expect(warning == "warning: \(store.path) could not be read (it is not progress JSON); "
                + "it was moved to \(aside) and progress starts afresh")
        #expect(try String(contentsOfFile: aside, encoding: .utf8) == "{ not json")
        #expect(!FileManager.default.fileExists(atPath: store.path))
        // The next save starts afresh beside the corrupt copy.
        try store.save(loaded)
        #expect(try names(folder) == ["progress.json", "progress.json.corrupt-20250314T092653Z"])
    }

    @Test func aSecondCorruptFileInTheSameSecondGetsItsOwnName() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder, now: { Date(timeIntervalSince1970: 0) })
        for text in ["", "[1, 2]"] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: store.path))
            #expect(store.load().warning != nil)
        }
        #expect(try names(folder) == ["progress.json.corrupt-19700101T000000Z", "progress.json.corrupt-19700101T000000Z-2"])
    }

    @Test func anUnreadableFileIsSetAsideToo() throws {
        guard getuid() != 0 else { return } // root reads anything
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder)
        try ProgressStore(directory: folder).save(LearnerProgress())
        chmod(store.path, 0o000)
        let (_, warning) = store.load()
        #expect(warning?.contains("Permission denied") == true)
        #expect(try names(folder).first?.hasPrefix("progress.json.corrupt-") == true)
    }

    @Test func aDirectoryInItsPlaceIsSetAside() throws {
        let folder = directory()
        let store = ProgressStore(directory: folder)
        try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
        let (_, warning) = store.load()
        #expect(warning?.contains("(it is a directory, not a file); it was moved to") == true)
        try store.save(LearnerProgress())
        #expect(store.load().warning == nil)
    }

    /// A file that turns corrupt while the shell runs (another program
    /// wrote it) is set aside by the next save, bytes kept, not overwritten.
    @Test func neverOverwritesAFileItCouldNotRead() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder, now: { Date(timeIntervalSince1970: 0) })
        try Data([0x67, 0xFF, 0x00, 0x7B]).write(to: URL(fileURLWithPath: store.path))
        var mine = LearnerProgress()
        mine.visited = ["tasks"]
        let (saved, warning) = try store.save(mine)
        let aside = folder + "/progress.json.corrupt-19700101T000000Z"
        #expect(warning == "warning: \(store.path) could not be read (it is not progress JSON); "
                + "it was moved to \(aside) and this session's progress is saved afresh")
        #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data([0x67, 0xFF, 0x00, 0x7B]))
        #expect(saved == mine)
        #expect(store.load().0 == mine)
    }

    /// Where the corrupt file cannot even be moved (a folder the learner
    /// cannot write), the save fails with words, and the file is untouched.
    @Test func aFileThatCannotBeMovedAsideIsNotOverwritten() throws {
        guard getuid() != 0 else { return } // root renames anything
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: store.path))
        chmod(folder, 0o500)
        defer { chmod(folder, 0o700) }
        #expect(throws: (any Error).self) { try store.save(LearnerProgress()) }
        #expect(try String(contentsOfFile: store.path, encoding: .utf8) == "garbage")
    }

    @Test func mergingKeepsBothShellsRecordsAndTheNewerPlace() {
        var first = LearnerProgress()
        first.visited = ["a"]
        first.ran = ["a": [1, 2]]
        first.solved = ["a/2"]
        first.hints = ["a/2": 2, "b/1": 1]
        first.lessonID = "a"
        first.step = 4
        var second = LearnerProgress()
        second.visited = ["b"]
        second.ran = ["a": [3], "b": [1]]
        second.solved = ["b/1"]
        second.hints = ["a/2": 1, "b/1": 3]
        second.lessonID = "b"
        second.step = 1
        let merged = first.merging(second)
        #expect(merged.visited == ["a", "b"])
        #expect(merged.ran == ["a": [1, 2, 3], "b": [1]])
        #expect(merged.solved == ["a/2", "b/1"])
        #expect(merged.hints == ["a/2": 2, "b/1": 3])
        #expect(merged.lessonID == "b")
        #expect(merged.step == 1)
        // A shell that has not opened a chapter yet does not erase the place.
        let kept = first.merging(LearnerProgress())
        #expect(kept.lessonID == "a" && kept.step == 4)
    }

    /// Two shells on one state directory, each with its own store and its
    /// own idea of the progress (loaded once at start, as the shell does),
    /// recording runs in turn: every run of both survives. Before, the
    /// last save won and the other shell's runs were wiped.
    @Test func twoShellsTakingTurnsLoseNothing() throws {
        let folder = directory()
        let first = ProgressStore(directory: folder)
        let second = ProgressStore(directory: folder)
        var mine = first.load().0
        var theirs = second.load().0
        for number in 1...5 {
            mine.ran["a", default: []].insert(number)
            try first.save(mine)
            theirs.ran["b", default: []].insert(number)
            theirs.lessonID = "b"
            try second.save(theirs)
        }
        let (saved, warning) = ProgressStore(directory: folder).load()
        #expect(warning == nil)
        #expect(saved.ran == ["a": [1, 2, 3, 4, 5], "b": [1, 2, 3, 4, 5]])
        #expect(saved.lessonID == "b")
    }

    /// The same at once: two threads, each a shell with its own store,
    /// saving as fast as they can. The lock makes each read-merge-write
    /// whole, so no save is lost between another's read and write.
    @Test func twoShellsSavingAtOnceLoseNothing() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let rounds = 60
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { shell in
            let store = ProgressStore(directory: folder)
            var progress = LearnerProgress()
            for number in 1...rounds {
                // Each shell only knows its own runs: the store merges.
                progress.ran["shell-\(shell)", default: []].insert(number)
                do { try store.save(progress) } catch { failures.withLock { $0.append("\(error)") } }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let saved = ProgressStore(directory: folder).load().0
        #expect(saved.ran["shell-0"] == Set(1...rounds))
        #expect(saved.ran["shell-1"] == Set(1...rounds))
        #expect(try names(folder) == ["progress.json"])
    }

    @Test func readsFilesWrittenBeforeExercisesExisted() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder)
        try Data(#"{"visited": ["tasks"], "ran": {"tasks": [1]}, "lessonID": "tasks", "step": 4}"#.utf8)
            .write(to: URL(fileURLWithPath: store.path))
        let (progress, warning) = store.load()
        #expect(warning == nil)
        #expect(progress.visited == ["tasks"])
        #expect(progress.ran == ["tasks": [1]])
        #expect(progress.lessonID == "tasks")
        #expect(progress.step == 4)
        #expect(progress.solved.isEmpty)
    }

    @Test func doneMeansVisitedAndEverySnippetRun() throws {
        let fixture = try LessonsFixture(["01-a.md": "# A\n\n```swift\nprint(1)\n```\n"])
        let lesson = try #require(try LessonLoader.load(directory: fixture.directory).lesson("a"))
        var progress = LearnerProgress()
        #expect(!progress.isDone(lesson))
        progress.visited = ["a"]
        progress.ran["a"] = [1]
        #expect(progress.isDone(lesson))
    }
}
