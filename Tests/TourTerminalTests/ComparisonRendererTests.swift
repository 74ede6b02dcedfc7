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

    @Test func aSkippedRunHasNoComparison() {
        var skipped = RunReport(ending: .unavailable("python3 is not installed"))
        skipped.skipped = "python3 is not installed"
        #expect(ComparisonRenderer(style: .plain).render(python: skipped, pythonLabel: "a", swift: TimelineRendererTests.downloads(concurrent: true),
                                                         swiftLabel: "b") == nil)
    }
}
