import Foundation
import Testing
@testable import TourTerminal

@Suite struct HistoryTests {
    func path() -> String {
        NSTemporaryDirectory() + "async-tour-history-" + UUID().uuidString + "/state/async-tour/history"
    }

    func mode(_ path: String) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test func boundedKeepingTheNewest() {
        let history = History(path: nil, capacity: 3)
        for line in ["a", "b", "c", "d", "e"] { history.add(line) }
        #expect(history.entries == ["c", "d", "e"])
    }

    @Test func everyRepeatDroppedByDefault() {
        let history = History(path: nil, capacity: 3)
        for line in ["toc", "run 1", "toc", "run 2", "  ", "next", "run 2"] { history.add(line) }
        #expect(history.entries == ["toc", "next", "run 2"])
    }

    @Test func onlyConsecutiveRepeatsDroppedWhenAsked() {
        let history = History(path: nil, duplicates: .consecutive)
        for line in ["toc", "toc", "run 1", "toc", " toc "] { history.add(line) }
        #expect(history.entries == ["toc", "run 1", "toc"])
    }

    @Test func blankAndMultilineLinesAreNotKept() {
        let history = History(path: nil)
        #expect(!history.add(""))
        #expect(!history.add(" \t "))
        #expect(!history.add("one\ntwo"))
        #expect(history.add("  goto 2  "))
        #expect(!history.add("goto 2"))
        #expect(history.entries == ["goto 2"])
    }

    @Test func savedWithMode0600InNewDirectoriesAndLoadedAgain() throws {
        let file = path()
        let history = History(path: file)
        history.add("goto why-async")
        history.add("run 1")
        history.add("你好 世界")
        try history.save()
        #expect(try mode(file) == 0o600)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "goto why-async\nrun 1\n你好 世界\n")
        #expect(History(path: file).entries == ["goto why-async", "run 1", "你好 世界"])
        // Saving again replaces the file and leaves nothing else behind.
        history.add("toc")
        try history.save()
        let folder = (file as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["history"])
        #expect(try mode(file) == 0o600)
    }

    @Test func loadingAppliesTheSameRules() throws {
        let file = path()
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("a\nb\na\nc\n\nd\r\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(History(path: file, capacity: 3).entries == ["a", "c", "d"])
        #expect(History(path: file, capacity: 10, duplicates: .consecutive).entries == ["a", "b", "a", "c", "d"])
    }

    @Test func aMissingOrBadFileIsAnEmptyHistory() throws {
        #expect(History(path: path()).entries.isEmpty)
        let file = path()
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data([0xFF, 0xFE, 0x0A, 0x6F, 0x6B]).write(to: URL(fileURLWithPath: file))
        #expect(History(path: file).entries.last == "ok")
    }

    @Test func libeditMirrorsTheEntries() throws {
        let mirror = try #require(LibEditHistory(capacity: 5))
        mirror.sync(["a", "b"])
        #expect(mirror.count == 2)
        mirror.sync(["a", "b", "c"])
        #expect(mirror.count == 3)
        // An earlier copy dropped: rebuilt, not appended.
        mirror.sync(["b", "c", "a"])
        #expect(mirror.count == 3)
        mirror.sync([])
        #expect(mirror.count == 0)
    }
}
