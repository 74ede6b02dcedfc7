import Foundation
import Testing
import TourFuzzing

/// Every input the fuzzer or an attacker found hostile stays a test: each
/// file in Tests/FuzzCorpus goes through the fuzzer's own `fuzzOne`.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 10)
    }

    @Test(arguments: files)
    func replays(_ name: String) throws {
        let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
        let start = ContinuousClock.now
        let rendered = data.withUnsafeBytes { ChapterFuzzer.fuzzOne($0) }
        let elapsed = ContinuousClock.now - start
        #expect(rendered > 0)
        // libFuzzer's -timeout=1 in scripts/fuzz; debug builds are slower, so
        // allow some room, but a quadratic path would blow far past this.
        #expect(elapsed < .seconds(3), "\(name) took \(elapsed)")
    }
}
