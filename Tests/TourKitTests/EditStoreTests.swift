import Foundation
import Testing
@testable import TourKit

/// The learner's copies: one that cannot be read is reported and set aside,
/// never replaced in silence by the chapter's code.
@Suite struct EditStoreTests {
    struct Fixture {
        let store: EditStore
        let lesson: Lesson
        let snippet: Snippet
        let file: String

        init() throws {
            let lessons = try LessonsFixture(["01-a.md": "# A\n\n```swift\nprint(\"chapter\")\n```\n"])
            lesson = try #require(try LessonLoader.load(directory: lessons.directory).lesson("a"))
            snippet = try #require(lesson.snippet(1))
            store = EditStore(stateDirectory: NSTemporaryDirectory() + "async-tour-edits-" + UUID().uuidString)
            file = store.path(for: snippet, in: lesson)
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
        }

        func asides() throws -> [String] {
            let folder = (file as NSString).deletingLastPathComponent
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".corrupt-") }
                .map { folder + "/" + $0 }
        }
    }

    @Test func aReadableCopyIsTheLearnersCode() throws {
        let fixture = try Fixture()
        #expect(fixture.store.copy(of: fixture.snippet, in: fixture.lesson).value == nil)
        try Data("print(\"mine\")\n".utf8).write(to: URL(fileURLWithPath: fixture.file))
        #expect(fixture.store.copy(of: fixture.snippet, in: fixture.lesson).value == "print(\"mine\")\n")
        let edited = try #require(fixture.store.editedSnippet(fixture.snippet, in: fixture.lesson).value)
        #expect(edited.0.code == "print(\"mine\")\n")
        #expect(edited.path == fixture.file)
    }

    @Test func anEditKeepsTheChaptersPreludeAndInput() throws {
        let fixture = try Fixture()
        var snippet = fixture.snippet
        snippet.prelude = Prelude(code: "let shared = 1\n", fenceLine: 3)
        snippet.stdin = "input\n"
        try Data("print(shared, readLine()!)\n".utf8).write(to: URL(fileURLWithPath: fixture.file))
        let edited = try #require(fixture.store.editedSnippet(snippet, in: fixture.lesson).value)
        #expect(edited.0.prelude == snippet.prelude)
        #expect(edited.0.stdin == "input\n")
    }

    @Test func invalidUTF8IsReportedAndSetAsideWithItsBytes() throws {
        let fixture = try Fixture()
        let bytes: [UInt8] = [0x70, 0x72, 0x69, 0x6E, 0x74, 0x28, 0xE9, 0x29, 0x0A] // print(é) in Latin-1
        try Data(bytes).write(to: URL(fileURLWithPath: fixture.file))
        // What run N uses: an unreadable copy, not "no copy" (which runs the chapter's code).
        guard case .unreadable(let message) = fixture.store.editedSnippet(fixture.snippet, in: fixture.lesson) else {
            Issue.record("an unreadable copy was taken for no copy")
            return
        }
        let aside = try #require(try fixture.asides().first)
        #expect(message == "your copy of snippet 1, \(fixture.file), cannot be read (it is not UTF-8 text); it was moved to \(aside). "
                + "'edit 1' starts a new copy from the chapter's code; 'original 1' runs the chapter's version")
        #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data(bytes))
        #expect(!FileManager.default.fileExists(atPath: fixture.file))
    }

    @Test func aDirectoryInPlaceOfTheCopyIsReported() throws {
        let fixture = try Fixture()
        try FileManager.default.createDirectory(atPath: fixture.file, withIntermediateDirectories: true)
        guard case .unreadable(let message) = fixture.store.copy(of: fixture.snippet, in: fixture.lesson) else {
            Issue.record("a directory was taken for no copy")
            return
        }
        #expect(message.contains("cannot be read (it is a directory, not a file); it was moved to \(fixture.file).corrupt-"))
        #expect(try fixture.asides().count == 1)
    }

    /// `edit N` after a bad copy: the bad one is kept aside, a new copy is
    /// made from the chapter's code, and the learner is told.
    @Test func editingAfterABadCopyStartsAfreshAndSaysSo() throws {
        let fixture = try Fixture()
        try Data([0xFF, 0xFE]).write(to: URL(fileURLWithPath: fixture.file))
        let (path, warning) = try fixture.store.prepare(fixture.snippet, in: fixture.lesson)
        #expect(path == fixture.file)
        #expect(warning?.contains("(it is not UTF-8 text); it was moved to") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == fixture.snippet.code)
        #expect(try fixture.asides().count == 1)
        // A good copy is left as it is, without a word.
        try Data("print(2)\n".utf8).write(to: URL(fileURLWithPath: fixture.file))
        let again = try fixture.store.prepare(fixture.snippet, in: fixture.lesson)
        #expect(again.warning == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "print(2)\n")
    }

    @Test func resetDeletesEvenABadCopy() throws {
        let fixture = try Fixture()
        #expect(try !fixture.store.reset(fixture.snippet, in: fixture.lesson))
        try FileManager.default.createDirectory(atPath: fixture.file, withIntermediateDirectories: true)
        #expect(try fixture.store.reset(fixture.snippet, in: fixture.lesson))
        #expect(!fixture.store.hasCopy(fixture.snippet, in: fixture.lesson))
    }
}
