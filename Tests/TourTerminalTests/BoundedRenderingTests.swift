import Foundation
import Testing
import TourKit
@testable import TourTerminal

/// Rendering is linear in its input: inputs that took the old renderers
/// seconds to minutes (each figure below) render in well under a second.
/// The bounds are generous for a loaded 2-core machine.
@Suite(.serialized) struct BoundedRenderingTests {
    static func seconds(_ work: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static let sevenMegabyteLine = "[" + (0..<1_000_000).map { "\($0)" }.joined(separator: ", ") + "]"

    /// `print(Array(0..<1_000_000))` is one 7 MB line: shown as 8 rows and
    /// a note of the rest (the old wrap took minutes on it).
    @Test func aSevenMegabyteLineIsCutToEightRowsWithANote() {
        let text = Self.sevenMegabyteLine
        let renderer = ReportRenderer(style: .plain)
        var shown = ""
        let elapsed = Self.seconds { shown = renderer.outputLine(OutputLine(time: 0.1, text: text, source: .stdout), laneLabel: nil) }
        #expect(elapsed < 2, "took \(elapsed) s")
        let rows = shown.split(separator: "\n")
        #expect(rows.count <= 10)
        #expect(rows.count >= 9)
        let shownBytes = rows.dropLast().map { $0.dropFirst(8).utf8.count }.reduce(0, +)
        #expect(rows.last?.trimmingCharacters(in: .whitespaces) == "... \(text.utf8.count - shownBytes - rows.count + 2) bytes more")
        for row in rows { #expect(row.count <= 80) }
        #expect(shown.hasPrefix("+0.100s [0, 1, 2, 3"))
    }

    /// A 1 MB word (no space to break at): the old wrap measured the head
    /// again for every character (11.5 s for 100 KB).
    @Test func aMegabyteWordWrapsInLinearTime() {
        let word = String(repeating: "x", count: 1_000_000)
        var pieces: [String] = []
        let elapsed = Self.seconds { pieces = ReportRenderer.wrap(word, width: 72) }
        #expect(elapsed < 2, "took \(elapsed) s")
        #expect(pieces.count == (1_000_000 + 71) / 72)
        #expect(pieces.dropLast().allSatisfy { $0.count == 72 })
    }

    /// `fit` on a 1 MB line piped into the shell took over 11 minutes.
    @Test func fittingAMegabyteLineIsLinear() {
        let line = (0..<150_000).map { "w\($0)" }.joined(separator: " ")
        let renderer = ReportRenderer(style: .plain)
        var fitted = ""
        let elapsed = Self.seconds { fitted = renderer.fit(line) }
        #expect(elapsed < 3, "took \(elapsed) s")
        #expect(fitted.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(fitted.replacingOccurrences(of: "\n", with: " ") == line)
    }

    @Test func wrappingStillBreaksAtSpacesAndCutsLongWords() {
        #expect(ReportRenderer.wrap("aaaa bbbb cccc dddd", width: 10) == ["aaaa bbbb", "cccc dddd"])
        #expect(ReportRenderer.wrap("x" + String(repeating: "y", count: 25), width: 10) == ["xyyyyyyyyy", "yyyyyyyyyy", "yyyyyy"])
        #expect(ReportRenderer.wrap("ab \u{1B}[1mcdefghijklmn\u{1B}[0m", width: 10) == ["ab", "\u{1B}[1mcdefghijkl", "mn\u{1B}[0m"])
        #expect(ReportRenderer.wrap("   indented words here", width: 12) == ["   indented", "words here"])
    }

    /// A word of 300 KB in a chapter paragraph (100 KB took 16 s, 1 MB
    /// over 5 minutes).
    @Test func aLongWordInAParagraphIsLinear() {
        for color in [false, true] {
            let style = TerminalStyle(width: 80, color: color, unicode: true)
            let word = String(repeating: "y", count: 300_000)
            var text = ""
            let elapsed = Self.seconds {
                text = MarkdownRenderer(style: style).render([.paragraph([.text("a "), .strong([.text(word)]), .text(" b")], line: 1)])
            }
            #expect(elapsed < 6, "took \(elapsed) s")
            let lines = text.split(separator: "\n")
            // "a", 3,750 full lines of y, then "b", which no longer fits.
            #expect(lines.count == 1 + 300_000 / 80 + 1)
            #expect(lines.allSatisfy { displayWidth($0) <= 80 })
            #expect(lines.first == "a")
            #expect(lines.last?.hasSuffix("b") == true)
        }
    }

    /// A long styled word is cut keeping its style on every line, exactly
    /// as before.
    @Test func aLongStyledWordKeepsItsStyleAcrossLines() {
        let style = TerminalStyle(width: 40, color: true, unicode: true)
        let text = MarkdownRenderer(style: style).render([.paragraph([.strong([.text(String(repeating: "z", count: 90))])], line: 1)])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        for line in lines {
            #expect(line.hasPrefix("\u{1B}[1m"))
            #expect(line.hasSuffix("\u{1B}[0m"))
        }
        #expect(lines.map { displayWidth($0) } == [40, 40, 10])
    }

    /// The table of 10,000 columns (31 s, most of it outside the
    /// renderer): laid out as records, bounded in width, quick.
    @Test func aTableOfTenThousandColumnsIsQuick() {
        let count = 10_000
        let header = (0..<count).map { [MarkdownInline.text("h\($0)")] }
        let row = (0..<count).map { [MarkdownInline.text("v\($0)")] }
        var text = ""
        let elapsed = Self.seconds {
            text = MarkdownRenderer(style: .plain).render([.table(header: header, rows: [row], alignments: [], line: 1)])
        }
        #expect(elapsed < 3, "took \(elapsed) s")
        #expect(text.split(separator: "\n").allSatisfy { displayWidth($0) <= 80 })
        #expect(text.contains("h9999: v9999"))
    }

    /// Six columns of a million columns each: narrowing them one column at
    /// a time took 42 s.
    @Test func veryWideColumnsNarrowAtOnce() {
        var widths: [Int]?
        let elapsed = Self.seconds {
            widths = MarkdownRenderer.fitColumns(natural: Array(repeating: 1_000_000, count: 6), longestWords: Array(repeating: 6, count: 6), available: 61)
        }
        #expect(elapsed < 1, "took \(elapsed) s")
        #expect(widths == [10, 10, 10, 10, 10, 11])
    }

    /// The greedy narrowing the level replaces: the widest column (the first
    /// of equals) gives up a column at a time.
    static func greedy(natural: [Int], longestWords: [Int], available: Int) -> [Int]? {
        let floors = zip(natural, longestWords).map { min($0, max(8, min($1, 12))) }
        guard floors.reduce(0, +) <= available else { return nil }
        var widths = natural
        while widths.reduce(0, +) > available,
              let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) {
            widths[widest] -= 1
        }
        return widths
    }

    @Test func theLevelGivesTheGreedyWidths() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...6, using: &generator)
            let natural = (0..<count).map { _ in Int.random(in: 1...60, using: &generator) }
            let words = natural.map { Int.random(in: 1...$0, using: &generator) }
            let available = Int.random(in: 10...120, using: &generator)
            #expect(MarkdownRenderer.fitColumns(natural: natural, longestWords: words, available: available)
                    == Self.greedy(natural: natural, longestWords: words, available: available), "\(natural) \(words) \(available)")
        }
    }

    /// Columns too wide narrow by a water level, not one column at a time.
    @Test func wideColumnsNarrowToTheSameWidthsAsBefore() {
        #expect(MarkdownRenderer.fitColumns(natural: [30, 10, 50], longestWords: [5, 5, 5], available: 60) == [25, 10, 25])
        #expect(MarkdownRenderer.fitColumns(natural: [30, 31, 30], longestWords: [5, 5, 5], available: 61) == [20, 20, 21])
        #expect(MarkdownRenderer.fitColumns(natural: [40, 40, 40], longestWords: [5, 5, 5], available: 100) == [33, 33, 34])
        #expect(MarkdownRenderer.fitColumns(natural: [500_000, 500_000], longestWords: [9, 9], available: 70) == [35, 35])
        #expect(MarkdownRenderer.fitColumns(natural: [20, 3], longestWords: [20, 3], available: 10) == nil)
    }

    /// A forged event far in the future made the old timeline draw ticks
    /// like "13699419000s" for 103 s; NaN and infinity trapped.
    @Test func aTimelineEndingFarInTheFutureIsBounded() {
        for end in [1e10, 9e18, .infinity, .nan, -5] {
            let lanes = [Lane(label: "main", first: 0, last: 0.5), Lane(label: "far", first: 0.2, last: end)]
            let lines = [OutputLine(time: 0, text: "a", source: .print, lane: 0),
                         OutputLine(time: end, text: "b", source: .print, lane: 1)]
            let report = RunReport(ending: .exited(code: 0), lines: lines, lanes: lanes, wall: end)
            var picture: [String] = []
            let elapsed = Self.seconds { picture = TimelineRenderer(style: .plain).render(report) }
            #expect(elapsed < 1, "took \(elapsed) s for \(end)")
            #expect(picture.count == 4)
            #expect(picture.allSatisfy { $0.count <= 80 }, "\(picture)")
            _ = ReportRenderer(style: .plain).render(report)
        }
        let ticks = TimelineRenderer.ticks(span: 1e10, width: 60)
        #expect(ticks.count <= 7)
        let step = ticks[1] - ticks[0]
        #expect(TimelineRenderer.tickLabel(ticks[1], step: step).hasSuffix("d"))
        #expect(TimelineRenderer.tickLabel(7200, step: 3600) == "2h")
        #expect(TimelineRenderer.tickLabel(1200, step: 600) == "20m")
    }

    /// Ten thousand lanes and a megabyte task name: 24 rows drawn, names cut.
    @Test func manyLanesAndLongNamesAreBounded() {
        let name = String(repeating: "n", count: 1_000_000)
        let lanes = (0..<10_000).map { Lane(label: $0 == 1 ? name : "t\($0)", first: 0, last: 1) }
        let lines = (0..<10_000).map { OutputLine(time: Double($0) / 10_000, text: "x", source: .print, lane: $0) }
        let report = RunReport(ending: .exited(code: 0), lines: lines, lanes: lanes, wall: 1)
        var picture: [String] = []
        let elapsed = Self.seconds { picture = TimelineRenderer(style: .plain).render(report) }
        #expect(elapsed < 2, "took \(elapsed) s")
        #expect(picture.count == 2 + 24 + 1)
        #expect(picture[3].hasPrefix("nnnnnnnnnnnnnnn~ "))
        let tagged = ReportRenderer(style: .plain).outputLine(OutputLine(time: 0, text: "hi", source: .print), laneLabel: name)
        #expect(tagged == "+0.000s [nnnnnnnnnnnnnnn~] hi")
    }

    /// Long lines of code, a long token and raw HTML, 200 KB each: wrapped
    /// in linear time (plainSegments copied the growing token for each
    /// character: 23 s for 1 MB; softWrap measured and copied the rest of
    /// the line at each cut; the highlighter overflowed the stack on a chain
    /// of 10,000 calls).
    @Test func longCodeLinesWrapInLinearTime() {
        let style = TerminalStyle(width: 80, color: true, unicode: true)
        let renderer = MarkdownRenderer(style: style)
        let token = String(repeating: "y", count: 200_000)
        let words = (0..<35_000).map { "a\($0)" }.joined(separator: " ")
        let chain = (0..<10_000).map { "f(\($0))" }.joined(separator: ".")
        for block in [MarkdownBlock.code(info: "swift", text: token, line: 1), .code(info: "swift", text: words, line: 1),
                      .code(info: "swift", text: chain, line: 1), .html(token, line: 1)] {
            var text = ""
            let elapsed = Self.seconds { text = renderer.render([block]) }
            #expect(elapsed < 6, "took \(elapsed) s")
            #expect(text.split(separator: "\n").allSatisfy { displayWidth($0) <= 80 })
        }
    }

    /// A failure or a crash message quoting a 7 MB line shows a few rows of it.
    @Test func failuresAndCrashMessagesQuotingAHugeLineAreCut() {
        let renderer = ReportRenderer(style: .plain)
        var failure = ""
        let elapsed = Self.seconds { failure = renderer.failure("output differs at line 1: expected 'x', got '\(Self.sevenMegabyteLine)'") }
        #expect(elapsed < 2, "took \(elapsed) s")
        #expect(failure.split(separator: "\n").count <= 10)
        #expect(failure.contains(" bytes more"))
        let crash = RunReport(ending: .crashed(signal: 6), lines: [OutputLine(time: 0, text: Self.sevenMegabyteLine, source: .stderr)])
        let report = renderer.render(crash)
        #expect(report.split(separator: "\n").count < 30)
    }

    /// Bytes the transcript already dropped are counted in the note.
    @Test func droppedBytesAreCountedInTheNote() {
        var line = OutputLine(time: 0, text: "short", source: .stdout)
        line.droppedBytes = 4_000_000
        let shown = ReportRenderer(style: TerminalStyle(width: 80, color: false, unicode: true)).outputLine(line, laneLabel: nil)
        #expect(shown == "+0.000s short\n        … 4000000 bytes more")
    }
}
