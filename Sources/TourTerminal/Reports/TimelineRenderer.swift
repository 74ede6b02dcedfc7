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

    /// The longest time drawn: later times (a far-future timestamp from a
    /// forged event line) are drawn at this end.
    static let maxTime = 1e12

    /// A time safe to compute with: within 0…``maxTime``, and 0 for NaN.
    static func clamp(_ time: Double) -> Double {
        guard !time.isNaN else { return 0 }
        return min(maxTime, max(0, time))
    }

    /// Bounded whatever the report holds: at most ``maxLanes`` rows of at
    /// most the terminal's width, a handful of ticks, one pass over the lines.
    /// `axisEnd` stretches the axis to a common end, so two runs drawn one
    /// above the other (a comparison) share one time scale.
    public func render(_ report: RunReport, axisEnd: Double? = nil) -> [String] {
        guard !report.lanes.isEmpty else { return [] }
        let end = max(Self.clamp(report.wall), report.lines.reduce(0) { max($0, Self.clamp($1.time)) }, 0.001,
                      Self.clamp(axisEnd ?? 0))
        let shown = Array(report.lanes.prefix(maxLanes))
        let labels = shown.map { ReportRenderer.shortLabel($0.label, columns: 17, style: style) }
        let labelWidth = min(16, max(8, labels.map { displayWidth($0) }.max() ?? 4)) + 2
        let axisWidth = max(20, style.width - labelWidth - 1)
        let axis = TimelineAxis(end: end, width: axisWidth, unicode: style.unicode)
        let column = axis.column
        var out = axis.header(label: pad(localized("timeline"), labelWidth), indent: labelWidth, style: style)
        var marks = [[Int]](repeating: [], count: shown.count)
        for line in report.lines {
            if let lane = line.lane, lane >= 0, lane < shown.count { marks[lane].append(column(line.time)) }
        }
        for (index, lane) in shown.enumerated() {
            var cells = [Character](repeating: " ", count: axisWidth)
            let first = column(lane.first), last = column(lane.last)
            for position in min(first, last)...max(first, last) { cells[position] = style.unicode ? "━" : "=" }
            for position in marks[index] { cells[position] = style.unicode ? "●" : "o" }
            let label = pad(truncate(labels[index], labelWidth - 2), labelWidth)
            out.append(label + style.lane(index, String(cells).trimmingTrailingSpaces()))
        }
        if report.lanes.count > shown.count {
            let ellipsis = style.marks.ellipsis, hidden = report.lanes.count - shown.count
            out.append(style.reportDim(localized("\(ellipsis) and \(hidden) more tasks not drawn")))
        }
        return out
    }

    /// One line under the picture: this timeline comes from the prints
    /// alone, so its marks mean less than the runtime timeline's.
    /// `taskLives`: the lanes came from task events (the Python harness's
    /// task factory), each from the task's creation to its completion.
    public func legend(taskLives: Bool = false) -> String {
        let (line, dot) = style.unicode ? ("━", "●") : ("=", "o")
        let text = taskLives ? localized("\(dot) print  \(line) a task, from its creation to its end")
                             : localized("\(dot) print  \(line) from a lane's first print to its last (no runtime trace)")
        return style.reportDim(ReportRenderer(style: style).fit(text))
    }

    /// Round steps: seconds up to 5 minutes, then minutes, hours and days
    /// (1, 2 and 5 times a power of ten), past ``maxTime``.
    static let steps: [Double] = {
        var steps: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300,
                               600, 1800, 3600, 7200, 21600, 43200]
        var days = 1.0
        while days * 86400 <= maxTime {
            steps += [days, 2 * days, 5 * days].map { $0 * 86400 }
            days *= 10
        }
        return steps
    }()

    /// Tick times at a round step, two to seven of them, whatever the span.
    static func ticks(span: Double, width: Int) -> [Double] {
        let span = clamp(span)
        let wanted = max(2, min(6, width / 12))
        let step = steps.first { span / $0 <= Double(wanted) } ?? steps[steps.count - 1]
        return stride(from: 0, through: span + step * 1e-9, by: step).prefix(wanted + 2).map { $0 }
    }

    /// `0s`, `250ms`, `1.5s`, `120s`; from 10 minutes on `10m`, `2h`, `5d`.
    static func tickLabel(_ time: Double, step: Double) -> String {
        if time == 0 { return "0s" }
        let time = clamp(time)
        if step >= 86400 { return "\(Int((time / 86400).rounded()))d" }
        if step >= 3600 { return "\(Int((time / 3600).rounded()))h" }
        if step >= 600 { return "\(Int((time / 60).rounded()))m" }
        if step < 0.1 { return "\(Int((time * 1000).rounded()))ms" }
        let hundredths = Int((time * 100).rounded())
        var fraction = String(format2: hundredths % 100)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(hundredths / 100)s" : "\(hundredths / 100).\(fraction)s"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    /// Measured as it goes: one pass over a label of any length.
    private func truncate(_ text: String, _ width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var out = ""
        var meter = WidthMeter()
        var taken = 0
        for character in text {
            taken += meter.width(of: character)
            if taken >= width { break }
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
