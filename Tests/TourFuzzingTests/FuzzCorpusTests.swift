import Foundation
import Testing
import TourFuzzing

/// Every input the fuzzer or an attacker found hostile stays a test: each
/// file in Tests/FuzzCorpus goes through the fuzzer's own `fuzzOne`.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    static func files(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "slow-render" }.sorted()
    }

    static var files: [String] { files(in: corpus) }

    /// Inputs that render too slowly today, in TourTerminal's renderer (word
    /// wrapping) and highlighter (swift-syntax's recovery on unbalanced
    /// brackets): each takes seconds in a debug build. Enabled once those
    /// are linear; until then `scripts/fuzz` and `async-tour-fuzz FILE` show
    /// their times.
    static let slowRender = corpus.appendingPathComponent("slow-render")

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 10)
    }

    @Test(arguments: files)
    func replays(_ name: String) throws {
        try replay(Self.corpus.appendingPathComponent(name))
    }

    @Test(arguments: files(in: slowRender))
    func replaysSlowRenders(_ name: String) throws {
        try replay(Self.slowRender.appendingPathComponent(name))
    }

    func replay(_ file: URL) throws {
        let name = file.lastPathComponent
        let data = try Data(contentsOf: file)
        let start = ContinuousClock.now
        let rendered = data.withUnsafeBytes { ChapterFuzzer.fuzzOne($0) }
        let elapsed = ContinuousClock.now - start
        #expect(rendered > 0)
        // libFuzzer's -timeout=1 in scripts/fuzz; debug builds are slower, so
        // allow some room, but a quadratic path would blow far past this.
        #expect(elapsed < .seconds(3), "\(name) took \(elapsed)")
    }
}
