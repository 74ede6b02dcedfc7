import Foundation
import Testing
@testable import TourKit

/// The transcript builder reads bytes a snippet controls: forged event
/// lines, endless lines, invalid UTF-8. Each test feeds synthetic chunks;
/// no child process runs.
@Suite struct TranscriptBuilderTests {
    /// The run starts at 1,000 s on the monotonic clock; `at` is seconds after.
    static let zero: UInt64 = 1_000_000_000_000
    static func ns(_ seconds: Double) -> UInt64 { zero + UInt64(seconds * 1e9) }

    func chunk(_ stream: ChildChunk.Stream, _ text: String, at seconds: Double) -> ChildChunk {
        ChildChunk(stream: stream, bytes: Array(text.utf8), time: Self.ns(seconds))
    }

    /// A builder that has seen the harness's start event at 0.
    func started() -> TranscriptBuilder {
        var builder = TranscriptBuilder(origin: Self.zero)
        _ = builder.feed(chunk(.events, "S\t\(Self.ns(0))\t7\tT1\n", at: 0.001))
        return builder
    }

    @Test func aForgedEndEventDoesNotOverflow() {
        var builder = started()
        // The line from issue 8: a peak of 9e18 kB overflowed `kilobytes * 1024`.
        _ = builder.feed(chunk(.events, "E\t1\t9000000000000000000\n", at: 0.5))
        _ = builder.finish(at: Self.ns(0.6))
        #expect(builder.peakMemoryBytes == nil)
        // Its time, 1 ns after boot, is before the start: it is moved up to it.
        #expect(builder.endTime == Self.ns(0))
    }

    @Test func eventTimesStayWithinTheRun() {
        var builder = started()
        let lines = builder.feed(chunk(.events, "P\t9000000000000000000\t7\tT1\t\tfar future\\n\nP\t5\t7\tT1\t\tfar past\\n\n", at: 0.25))
        #expect(lines.map(\.text) == ["far future", "far past"])
        // No later than the chunk's arrival, no earlier than the start, and
        // never before the line above it: lines keep the order they came in.
        #expect(lines.map(\.time) == [0.25, 0.25])
        #expect(builder.lanes.allSatisfy { $0.first >= 0 && $0.last <= 0.25 })
        _ = builder.feed(chunk(.events, "E\t18000000000000000000\t100\n", at: 0.5))
        _ = builder.finish(at: Self.ns(0.4))
        #expect(builder.endTime == Self.ns(0.4))
        #expect(builder.peakMemoryBytes == 102_400)
    }

    @Test func onlyTheFirstStartEventCounts() {
        var builder = started()
        _ = builder.feed(chunk(.events, "S\t\(Self.ns(0.2))\t9\tT2\n", at: 0.2))
        let lines = builder.feed(chunk(.events, "P\t\(Self.ns(0.3))\t7\tT1\t\tafter\\n\n", at: 0.3))
        #expect(builder.origin == Self.ns(0))
        #expect(lines.first?.time == 0.3)
    }

    @Test func malformedEventLinesAreIgnored() {
        var builder = started()
        let garbage = ["E", "P\t5", "S\tx\t1\t2", "E\t-1\t5", "E\t18446744073709551616\t1", "P\t1\t2", "\t\t\t",
                       "E\t\(Self.ns(0.1))\t-99999999999999999999", "Z\t1\t2\t3\t4\t5",
                       "E\t\(Self.ns(0.1))\t\(Int.max)", "E\t\(Self.ns(0.1))\t\(Int.max / 1000)",
                       "E\t\(Self.ns(0.1))\t2000000000000"]
        for line in garbage { #expect(builder.feed(chunk(.events, line + "\n", at: 0.1)).isEmpty) }
        _ = builder.feed(ChildChunk(stream: .events, bytes: [0x50, 0x09, 0xFF, 0xFE, 0x09, 0x0A], time: Self.ns(0.1)))
        let printed = builder.feed(ChildChunk(stream: .events, bytes: Array("P\t\(Self.ns(0.1))\t7\tT1\t\t".utf8) + [0xFF, 0x41, 0x5C, 0x6E, 0x0A],
                                              time: Self.ns(0.1)))
        #expect(printed.map(\.text) == ["\u{FFFD}A"])
        _ = builder.finish(at: Self.ns(0.2))
        #expect(builder.peakMemoryBytes == nil)
        #expect(builder.lanes.map(\.label) == ["main"])
    }

    @Test func aLongLineIsCutAndItsRestCounted() {
        var builder = started()
        let total = 50_000_000
        let piece = [UInt8](repeating: 0x42, count: 65_536)
        var sent = 0
        var completed: [OutputLine] = []
        let start = ContinuousClock.now
        while sent < total {
            let size = min(piece.count, total - sent)
            completed += builder.feed(ChildChunk(stream: .stdout, bytes: Array(piece[0..<size]), time: Self.ns(0.1)))
            sent += size
        }
        completed += builder.feed(chunk(.stdout, "\nnext\n", at: 0.2))
        let elapsed = ContinuousClock.now - start
        #expect(completed.map(\.text.utf8.count) == [TranscriptBuilder.lineLimit, 4])
        #expect(completed.map(\.droppedBytes) == [total - TranscriptBuilder.lineLimit, 0])
        // Linear: 763 chunks; appending each to the whole pending line took minutes.
        #expect(elapsed < .seconds(2), "feeding 50 MB took \(elapsed)")
    }

    @Test func manyLinesInOneChunkAreSplitInLinearTime() {
        var builder = started()
        let count = 200_000
        let bytes = Array(String(repeating: "ab\n", count: count).utf8)
        let start = ContinuousClock.now
        let lines = builder.feed(ChildChunk(stream: .stderr, bytes: bytes, time: Self.ns(0.1)))
        let elapsed = ContinuousClock.now - start
        #expect(lines.count == count)
        #expect(lines.allSatisfy { $0.text == "ab" && $0.source == .stderr })
        // removeSubrange per line moved the rest of the 600 KB chunk each time.
        #expect(elapsed < .seconds(2), "splitting took \(elapsed)")
    }

    @Test func aCutNeverSplitsACharacter() throws {
        var builder = started()
        let text = String(repeating: "€", count: 10_000) // 3 bytes each
        let lines = builder.feed(chunk(.stdout, text + "\n", at: 0.1))
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.text.unicodeScalars.allSatisfy { $0 == "€" })
        #expect(line.text.utf8.count == TranscriptBuilder.lineLimit / 3 * 3)
        #expect(line.text.utf8.count + line.droppedBytes == 30_000)
    }

    @Test func aPartialLineIsCutAtTheEndOfTheRunToo() {
        var builder = started()
        _ = builder.feed(ChildChunk(stream: .stdout, bytes: [UInt8](repeating: 0x43, count: 100_000), time: Self.ns(0.1)))
        let rest = builder.finish(at: Self.ns(0.2))
        #expect(rest.map(\.droppedBytes) == [100_000 - TranscriptBuilder.lineLimit])
    }

    @Test func printsWithoutNewlinesAreCappedAndLinear() {
        var builder = started()
        // 100,000 `print("xy", terminator: "")`: one line of 200 KB.
        var events = ""
        for _ in 0..<100_000 { events += "P\t\(Self.ns(0.1))\t7\tT1\t\txy\n" }
        let start = ContinuousClock.now
        var lines = builder.feed(chunk(.events, events, at: 0.1))
        lines += builder.feed(chunk(.events, "P\t\(Self.ns(0.2))\t7\tT1\t\t!\\nnext\\n\n", at: 0.2))
        let elapsed = ContinuousClock.now - start
        #expect(lines.map(\.text.utf8.count) == [TranscriptBuilder.lineLimit, 4])
        #expect(lines.map(\.droppedBytes) == [200_001 - TranscriptBuilder.lineLimit, 0])
        #expect(lines.map(\.source) == [.print, .print])
        #expect(elapsed < .seconds(5), "100,000 prints took \(elapsed)")
    }

    @Test func oneHugePrintIsCut() {
        var builder = started()
        let text = String(repeating: "z", count: 1_000_000)
        let lines = builder.feed(chunk(.events, "P\t\(Self.ns(0.1))\t7\tT1\t\t\(text)\\n\n", at: 0.1))
        #expect(lines.map(\.text.utf8.count) == [TranscriptBuilder.lineLimit])
        // Cut once as an event line, then as text; the line still ends.
        #expect((lines.first.map { $0.text.utf8.count + $0.droppedBytes } ?? 0) >= 1_000_000)
        let next = builder.feed(chunk(.events, "P\t\(Self.ns(0.2))\t7\tT1\t\tnext\\n\n", at: 0.2))
        #expect(next.map(\.text) == ["next"])
    }

    @Test func sharedTaskNamesGetNumberedLanes() {
        var builder = started()
        var events = ""
        for task in 1...2_000 { events += "P\t\(Self.ns(0.1))\t\(100 + task)\tT1\tdownload\thi\\n\n" }
        let start = ContinuousClock.now
        let lines = builder.feed(chunk(.events, events, at: 0.1))
        let elapsed = ContinuousClock.now - start
        // Each label scanned every lane for every candidate number: cubic.
        #expect(elapsed < .seconds(2), "2,000 lanes took \(elapsed)")
        #expect(lines.count == 2_000)
        #expect(builder.lanes.count == 2_001)
        #expect(Array(builder.lanes.prefix(4).map(\.label)) == ["main", "download", "download #2", "download #3"])
        #expect(Set(builder.lanes.map(\.label)).count == 2_001)
    }
}
