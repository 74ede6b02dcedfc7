import Foundation
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
        #expect(warning?.contains("(cannot read it); it was moved to") == true)
        try store.save(LearnerProgress())
        #expect(store.load().warning == nil)
    }

    @Test func neverOverwritesAFileItCouldNotRead() throws {
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ProgressStore(directory: folder)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: store.path))
        #expect(throws: (any Error).self) { try store.save(LearnerProgress()) }
        #expect(try String(contentsOfFile: store.path, encoding: .utf8) == "garbage")
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
