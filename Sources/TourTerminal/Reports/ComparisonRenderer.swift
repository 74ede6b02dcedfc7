public import TourKit

/// A Python program and the Swift snippet that retells it, after both ran:
/// elapsed, CPU and peak memory side by side, then both timelines one
/// above the other on one time axis.
public struct ComparisonRenderer: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    /// Nil when either run has nothing to compare (it was skipped, did not
    /// start, or was stopped): the reports above already say why.
    public func render(python: RunReport, pythonLabel: String, swift: RunReport, swiftLabel: String) -> [String]? {
        for report in [python, swift] {
            switch report.ending {
            case .unavailable, .compileFailed, .cancelled: return nil
            default: continue
            }
        }
        let first = 13
        let column = max(12, (style.width - first) / 2)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - displayWidth(text))) }
        func row(_ name: String, _ left: String, _ right: String) -> String { pad(name, first) + pad(left, column) + right }
        let mark = style.marks.running
        var out = [style.reportDim(localized("\(mark) \(pythonLabel) beside \(swiftLabel)"))]
        out.append(row("", style.reportStrong("Python"), style.reportStrong("Swift")))
        out.append(row(localized("elapsed"), ReportRenderer.seconds(python.wall) + " s", ReportRenderer.seconds(swift.wall) + " s"))
        out.append(row("CPU", ReportRenderer.seconds(python.cpu) + " s", ReportRenderer.seconds(swift.cpu) + " s"))
        out.append(row(localized("peak memory"), ReportRenderer.megabytes(python.peakMemoryBytes), ReportRenderer.megabytes(swift.peakMemoryBytes)))
        let end = max(python.wall, swift.wall)
        let timelines = TimelineRenderer(style: style)
        for (name, report) in [("Python", python), ("Swift", swift)] {
            let drawn = timelines.render(report, axisEnd: end)
            guard !drawn.isEmpty else { continue }
            out.append("")
            out.append(style.reportStrong(name))
            out += drawn
        }
        // Both sides' lanes are tasks' lives: the Swift one's from the
        // runtime trace, the Python one's from its task factory.
        if python.lanesSpanTaskLives { out.append(timelines.legend(taskLives: true)) }
        return out
    }
}
