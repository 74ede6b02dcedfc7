import Foundation
import Synchronization
import Testing

/// State that survives, end to end: real shells, one state directory.
@Suite(.serialized) struct StateTests {
    static let chapters = [
        "01-a.md": "# A\n\n```swift\nprint(\"chapter a\", 40 + 1)\n```\n\n```swift\nprint(\"chapter a\", 40 + 2)\n```\n",
        "02-b.md": "# B\n\n```swift\nprint(\"chapter b\", 40 + 1)\n```\n",
    ]

    static func state() -> String { NSTemporaryDirectory() + "async-tour-e2e-state-" + UUID().uuidString }

    /// Two shells at once on one state directory, each loading the progress
    /// at start and running snippets: the file ends with both shells' runs.
    /// Before, the last shell to save wiped the other's.
    @Test func twoShellsAtOnceKeepBothShellsRuns() throws {
        let lessons = try BinaryRunner.fixture(Self.chapters)
        let state = Self.state()
        let scripts = ["goto a\nrun 1\nrun 2\nquit\n", "goto b\nrun 1\nquit\n"]
        let outputs = Mutex<[Int: BinaryRunner.Output]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            // Piped sessions save only when asked.
            let output = try? BinaryRunner.run(["--lessons", lessons, "--save-progress"], environment: ["XDG_STATE_HOME": state],
                                               stdin: scripts[index], timeout: 300)
            outputs.withLock { $0[index] = output }
        }
        for index in 0..<2 {
            let output = try #require(outputs.withLock { $0[index] })
            #expect(output.status == 0, "\(output.stderr)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: state + "/async-tour/progress.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let ran = try #require(json["ran"] as? [String: [Int]])
        #expect(Set(ran["a"] ?? []) == [1, 2])
        #expect(Set(ran["b"] ?? []) == [1])
        #expect(Set(json["visited"] as? [String] ?? []) == ["a", "b"])
    }

    /// `run 1` with a copy that is not UTF-8 text says so and runs nothing,
    /// rather than the chapter's code in its place.
    @Test func anUnreadableEditIsReportedNotSkipped() throws {
        let lessons = try BinaryRunner.fixture(Self.chapters)
        let state = Self.state()
        let copy = state + "/async-tour/edits/a/snippet-1.swift"
        try FileManager.default.createDirectory(atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data([0x70, 0x72, 0x69, 0x6E, 0x74, 0x28, 0xE9, 0x29, 0x0A]).write(to: URL(fileURLWithPath: copy))
        let result = try BinaryRunner.run(["--lessons", lessons], environment: ["XDG_STATE_HOME": state, "COLUMNS": "400"],
                                          stdin: "goto a\nrun 1\nquit\n", timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        // Long lines are wrapped at spaces: read them as one.
        let out = result.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(out.contains("your copy of snippet 1, \(copy), cannot be read (it is not UTF-8 text); it was moved to \(copy).corrupt-"))
        #expect(!out.contains("chapter a 41"), "the chapter's code ran in place of the learner's")
        let names = try FileManager.default.contentsOfDirectory(atPath: (copy as NSString).deletingLastPathComponent)
        #expect(names.count == 1 && names[0].hasPrefix("snippet-1.swift.corrupt-"))
    }

    /// A corrupt progress file: the shell says in one line what it set
    /// aside and where, and goes on.
    @Test func aCorruptProgressFileIsSetAsideWithANotice() throws {
        let lessons = try BinaryRunner.fixture(Self.chapters)
        let state = Self.state()
        try FileManager.default.createDirectory(atPath: state + "/async-tour", withIntermediateDirectories: true)
        let file = state + "/async-tour/progress.json"
        try Data("{\"visited\": [".utf8).write(to: URL(fileURLWithPath: file))
        let result = try BinaryRunner.run(["--lessons", lessons], environment: ["XDG_STATE_HOME": state, "COLUMNS": "400"],
                                          stdin: "toc\nquit\n", timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(out.contains("warning: \(file) could not be read (it is not progress JSON); it was moved to \(file).corrupt-"))
        let names = try FileManager.default.contentsOfDirectory(atPath: state + "/async-tour")
        let aside = try #require(names.first { $0.hasPrefix("progress.json.corrupt-") })
        #expect(try String(contentsOfFile: state + "/async-tour/" + aside, encoding: .utf8) == "{\"visited\": [")
    }
}
