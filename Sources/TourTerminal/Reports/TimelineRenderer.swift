public import TourKit

/// Draws one lane per task across a time axis, with a mark where each line
/// was printed: overlap (concurrency) or its absence shows at a glance.
public struct TimelineRenderer: Sendable {
    public var style: TerminalStyle
    /// Lanes beyond this are summarised in one line.
    public var maxLanes = 24

    public init(style: TerminalStyle) {
        self.style = style
    }

    public func render(_ report: RunReport) -> [String] {
        guard !report.lanes.isEmpty else { return [] }
        let end = max(report.wall, report.lines.map(\.time).max() ?? 0, 0.001)
        let shown = Array(report.lanes.prefix(maxLanes))
        let labelWidth = min(16, max(8, shown.map { displayWidth($0.label) }.max() ?? 4)) + 2
        let axisWidth = max(20, style.width - labelWidth - 1)
        var ticks = Self.ticks(span: end, width: axisWidth)
        // A run that ends well past the last round tick gets one more, so
        // the axis is labelled to its end (0.5 s is not drawn as "…0.4s").
        var span = end
        if let last = ticks.last, ticks.count > 1, end - last > 0.03 * end {
            span = last + (ticks[1] - ticks[0])
            ticks.append(span)
        }
        func column(_ time: Double) -> Int {
            min(axisWidth - 1, max(0, Int((time / span * Double(axisWidth - 1)).rounded())))
        }
        var out: [String] = []
        var header = [Character](repeating: " ", count: axisWidth)
        var ruler = [Character](repeating: style.unicode ? "─" : "-", count: axisWidth)
        for tick in ticks {
            let at = column(tick)
            let label = Array(Self.tickLabel(tick, step: ticks.count > 1 ? ticks[1] - ticks[0] : span))
            // The last label ends at the axis's end rather than past it.
            let start = min(at, header.count - label.count)
            if start >= 0, header[start..<(start + label.count)].allSatisfy({ $0 == " " }),
               start == 0 || header[start - 1] == " " {
                header.replaceSubrange(start..<(start + label.count), with: label)
            }
            ruler[at] = style.unicode ? "┬" : "+"
        }
        out.append(pad("timeline", labelWidth) + style.reportDim(String(header).trimmingTrailingSpaces()))
        out.append(String(repeating: " ", count: labelWidth) + style.reportDim(String(ruler)))
        for (index, lane) in shown.enumerated() {
            var cells = [Character](repeating: " ", count: axisWidth)
            let from = column(lane.first), to = column(lane.last)
            for position in from...to { cells[position] = style.unicode ? "━" : "=" }
            for line in report.lines where line.lane == index {
                cells[column(line.time)] = style.unicode ? "●" : "o"
            }
            let label = pad(truncate(lane.label, labelWidth - 2), labelWidth)
            out.append(label + style.lane(index, String(cells).trimmingTrailingSpaces()))
        }
        if report.lanes.count > shown.count {
            out.append(style.reportDim("… and \(report.lanes.count - shown.count) more tasks not drawn"))
        }
        return out
    }

    /// Tick times at a round step, four to eight of them.
    static func ticks(span: Double, width: Int) -> [Double] {
        let steps: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300]
        let wanted = max(2, min(6, width / 12))
        let step = steps.first { span / $0 <= Double(wanted) } ?? steps[steps.count - 1]
        return stride(from: 0, through: span + step * 1e-9, by: step).map { $0 }
    }

    static func tickLabel(_ time: Double, step: Double) -> String {
        if time == 0 { return "0s" }
        if step < 0.1 { return "\(Int((time * 1000).rounded()))ms" }
        let hundredths = Int((time * 100).rounded())
        var fraction = String(format2: hundredths % 100)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(hundredths / 100)s" : "\(hundredths / 100).\(fraction)s"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    private func truncate(_ text: String, _ width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var out = ""
        for character in text {
            if displayWidth(out + String(character)) >= width { break }
            out.append(character)
        }
        return out + (style.unicode ? "…" : "~")
    }
}

extension String {
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }

    func trimmingTrailingSpaces() -> String {
        var view = Substring(self)
        while view.last == " " { view.removeLast() }
        return String(view)
    }
}
