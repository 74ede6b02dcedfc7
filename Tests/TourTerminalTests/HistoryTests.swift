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

    func folder(of file: String) -> String { (file as NSString).deletingLastPathComponent }

    func read(_ file: String) throws -> String { try String(contentsOfFile: file, encoding: .utf8) }

    /// A shell killed with SIGKILL never saves: what it was typed must
    /// already be on disk.
    @Test func eachEntryReachesTheFileWhenItIsAdded() throws {
        let file = path()
        let history = History(path: file)
        history.add("goto tasks")
        #expect(try read(file) == "goto tasks\n")
        #expect(try mode(file) == 0o600)
        history.add("run 1")
        history.add("run 1") // a repeat changes nothing, so nothing is written
        #expect(try read(file) == "goto tasks\nrun 1\n")
        #expect(History(path: file).entries == ["goto tasks", "run 1"])
    }

    /// Two shells on one file: both shells' lines are kept, in the order
    /// they were typed, whoever "saves" last.
    @Test func twoShellsOnOneFileKeepBothShellsEntries() throws {
        let file = path()
        let first = History(path: file)
        let second = History(path: file)
        first.add("toc")
        second.add("goto 2")
        first.add("run 1")
        try second.save()
        try first.save()
        #expect(History(path: file).entries == ["toc", "goto 2", "run 1"])
        // Each shell's Up still walks its own session.
        #expect(second.entries == ["goto 2"])
    }

    /// The file stays bounded: past twice the capacity it is compacted, and
    /// the compaction re-reads the file, so the other shell's newest entries
    /// survive it.
    @Test func compactionKeepsTheOtherShellsEntries() throws {
        let file = path()
        let first = History(path: file, capacity: 4)
        let other = History(path: file, capacity: 4)
        other.add("theirs")
        for number in 1...7 { first.add("mine \(number)") }
        other.add("theirs again")
        first.add("mine 8")
        #expect(try read(file).split(separator: "\n").count == 10)
        // The first shell's ninth line takes it past twice the capacity.
        first.add("mine 9")
        #expect(try read(file) == "mine 7\ntheirs again\nmine 8\nmine 9\n")
        other.add("theirs last")
        #expect(History(path: file, capacity: 4).entries == ["theirs again", "mine 8", "mine 9", "theirs last"])
        // A compaction at load keeps the newest lines of every shell too.
        #expect(History(path: file, capacity: 2).entries == ["mine 9", "theirs last"])
        #expect(try read(file) == "mine 9\ntheirs last\n")
    }

    /// 4 KB of history with one bad byte used to become the few lines that
    /// decoded. Now the file is moved aside whole, the readable entries are
    /// kept, and the learner is told in one line.
    @Test func invalidBytesAreSetAsideNotRewritten() throws {
        let file = path()
        try FileManager.default.createDirectory(atPath: folder(of: file), withIntermediateDirectories: true)
        var bytes: [UInt8] = []
        for number in 0..<400 { bytes += Array("run \(number)\n".utf8) }
        bytes += [0x67, 0x6F, 0xFF, 0x0A] + Array("toc\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let history = History(path: file, capacity: 1000, duplicates: .all, now: { Date(timeIntervalSince1970: 1_741_944_413) })
        let aside = file + ".corrupt-20250314T092653Z"
        #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data(bytes))
        #expect(history.entries.count == 401)
        #expect(history.entries.last == "toc")
        let warnings = history.takeWarnings()
        #expect(warnings == ["warning: the history \(file) could not be read (1 line is not UTF-8 text); "
                             + "it was moved to \(aside) and its 401 readable entries were kept"])
        #expect(history.takeWarnings().isEmpty)
        // The new file holds only text; the next shell loads it quietly.
        let again = History(path: file)
        #expect(again.entries.count == 401)
        #expect(again.takeWarnings().isEmpty)
    }

    @Test func aDirectoryInPlaceOfTheFileIsSetAside() throws {
        let file = path()
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: true)
        let history = History(path: file)
        #expect(history.entries.isEmpty)
        let warning = try #require(history.takeWarnings().first)
        #expect(warning.contains("(it is a directory, not a file); it was moved to \(file).corrupt-"))
        #expect(warning.hasSuffix("the history starts afresh"))
        history.add("toc")
        #expect(try read(file) == "toc\n")
    }

    /// An append that fails is said once, in words, not once per line.
    @Test func aFailedAppendIsReportedOnce() throws {
        let root = NSTemporaryDirectory() + "async-tour-history-" + UUID().uuidString
        try Data("x".utf8).write(to: URL(fileURLWithPath: root)) // a file where the folder should be
        let file = root + "/async-tour/history"
        let history = History(path: file)
        history.add("toc")
        history.add("next")
        let warnings = history.takeWarnings()
        #expect(warnings == ["warning: could not add to the history \(file): "
                             + "\(root) is a file, not a folder: move it away so that Async Tour can keep its state there"])
        #expect(history.entries == ["toc", "next"])
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
