import Foundation
import Testing
import TourKit
@testable import TourTerminal

@Suite struct ComparisonRendererTests {
    @Test func bothTimelinesShareOneAxisUnderTheFigures() throws {
        let python = TimelineRendererTests.downloads(concurrent: false)
        var swift = TimelineRendererTests.downloads(concurrent: true)
        swift.peakMemoryBytes = 12 << 20
        let lines = try #require(ComparisonRenderer(style: .plain).render(python: python, pythonLabel: "Python snippet 1",
                                                                          swift: swift, swiftLabel: "Swift snippet 2"))
        #expect(lines.contains { $0.hasPrefix("elapsed") && $0.contains("3.004 s") && $0.contains("1.003 s") })
        #expect(lines.contains { $0.hasPrefix("peak memory") && $0.contains("8.6 MB") && $0.contains("12.0 MB") })
        let headers = lines.filter { $0.hasPrefix("timeline") }
        #expect(headers.count == 2)
        #expect(headers[0] == headers[1], "the one-second Swift run is drawn on the Python run's three-second axis")
        #expect(headers[1].hasSuffix("3s"))
        // The Swift lanes end a third of the way along.
        let swiftRows = lines.drop { $0 != "Swift" }.filter { $0.hasPrefix("task") || $0.hasPrefix("main") }
        let widest = swiftRows.map { $0.count }.max() ?? 0
        #expect(widest > 0 && widest < headers[1].count / 2)
    }

    /// In a Chinese session the figures' names are Chinese and the values
    /// stay in their columns, measured in display columns.
    @Test func theFiguresSpeakChineseInTheirColumns() throws {
        var python = ChineseReportCheck.downloads()
        python.wall = 3.004
        python.lanesSpanTaskLives = true
        let swift = ChineseReportCheck.downloads()
        let style = TerminalStyle(width: 80, color: false, unicode: true)
        let lines = try #require(Language.$scoped.withValue(.simplifiedChinese) {
            ComparisonRenderer(style: style).render(python: python, pythonLabel: "Python 代码片段 1", swift: swift, swiftLabel: "Swift 代码片段 2")
        })
        let text = lines.joined(separator: "\n")
        #expect(lines[0] == "▶ Python 代码片段 1 与 Swift 代码片段 2 对照")
        #expect(ChineseReportCheck.englishWords(in: text, allowed: ["Python", "Swift", "CPU", "main"]) == [], "\(text)")
        #expect(lines.allSatisfy { displayWidth($0) <= 80 })
        #expect(text.contains("● 打印  ━ 一个任务，从创建到结束"))
        // Where a column starts, in display columns: the headings and each figure line up.
        func column(_ line: String, _ text: String) -> Int? {
            line.range(of: text).map { displayWidth(String(line[..<$0.lowerBound])) }
        }
        let header = try #require(lines.first { $0.contains("Python") && $0.contains("Swift") && !$0.contains("对照") })
        let elapsed = try #require(lines.first { $0.hasPrefix("耗时") })
        let memory = try #require(lines.first { $0.hasPrefix("内存峰值") })
        #expect(column(elapsed, "3.004 s") == column(header, "Python"))
        #expect(column(elapsed, "1.003 s") == column(header, "Swift"))
        #expect(column(memory, "8.6 MB") == column(header, "Python"))
        #expect(memory.range(of: "8.6 MB", options: .backwards).map { displayWidth(String(memory[..<$0.lowerBound])) } == column(header, "Swift"))
    }

    @Test func aSkippedRunHasNoComparison() {
        var skipped = RunReport(ending: .unavailable("python3 is not installed"))
        skipped.skipped = "python3 is not installed"
        #expect(ComparisonRenderer(style: .plain).render(python: skipped, pythonLabel: "a", swift: TimelineRendererTests.downloads(concurrent: true),
                                                         swiftLabel: "b") == nil)
    }
}
