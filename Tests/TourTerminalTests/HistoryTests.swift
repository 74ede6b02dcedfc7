import Foundation
import Testing
@testable import TourTerminal

@Suite struct HistoryTests {
    func path() -> String {
        NSTemporaryDirectory() + "async-tour-history-" + UUID().uuidString + "/state/history"
    }

    @Test func boundedAndWithoutRepeats() {
        let history = History(path: nil, capacity: 3)
        for line in ["toc", "run 1", "toc", "run 2", "  ", "next", "run 2"] { history.add(line) }
        #expect(history.entries == ["toc", "next", "run 2"])
    }

    @Test func savedWithMode0600AndLoadedAgain() throws {
        let file = path()
        let history = History(path: file)
        history.add("goto why-async")
        history.add("run 1")
        try history.save()
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(History(path: file).entries == ["goto why-async", "run 1"])
    }

    @Test func loadingDropsDuplicatesAndKeepsTheNewest() throws {
        let file = path()
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("a\nb\na\nc\n\nd\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(History(path: file, capacity: 3).entries == ["a", "c", "d"])
    }
}
