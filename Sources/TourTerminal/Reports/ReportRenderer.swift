public import TourKit

/// What the learner sees after a run: the output with timestamps, a summary
/// line with wall time, CPU time and threads, and the timeline.
public struct ReportRenderer: Sendable {
    public var style: TerminalStyle
    /// Output lines shown before the rest is summarised.
    public var maxLines = 200

    public init(style: TerminalStyle) {
        self.style = style
    }

    /// One output line as it is shown, live or afterwards.
    public func outputLine(_ line: OutputLine, laneLabel: String?) -> String {
        let stamp = style.reportDim(Self.timestamp(line.time))
        var tag = ""
        if let laneLabel { tag = style.reportDim("[\(laneLabel)] ") }
        let text = sanitize(line.text)
        switch line.source {
        case .print, .stdout: return "\(stamp) \(tag)\(text)"
        case .stderr: return "\(stamp) \(tag)\(style.reportBad(text))"
        }
    }

    /// The whole report. `liveOutput` means the lines were already shown as
    /// they were printed, so only the summary and timeline follow.
    public func render(_ report: RunReport, liveOutput: Bool = false) -> String {
        var out: [String] = []
        if case .compileFailed(let diagnostics) = report.ending {
            out.append(style.reportBad("the snippet did not compile:"))
            out += diagnostics.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + sanitize(String($0)) }
            return out.joined(separator: "\n")
        }
        if !liveOutput { out += outputLines(report) }
        if let summary = report.endingSummary {
            out.append(style.reportBad((style.unicode ? "✗ " : "x ") + sanitize(summary)))
        }
        out.append(summaryLine(report))
        let timeline = TimelineRenderer(style: style).render(report)
        if !timeline.isEmpty {
            out.append("")
            out += timeline
        }
        return out.joined(separator: "\n")
    }

    public func outputLines(_ report: RunReport) -> [String] {
        let tagLanes = report.lanes.count > 1
        var out = report.lines.prefix(maxLines).map { line in
            outputLine(line, laneLabel: tagLanes ? line.lane.map { report.lanes[$0].label } : nil)
        }
        if report.lines.count > maxLines {
            out.append(style.reportDim("… \(report.lines.count - maxLines) more lines not shown"))
        }
        return out
    }

    /// `elapsed 1.003 s · CPU 0.012 s · 3 threads · 9.8 MB peak · compiled in 0.52 s`
    public func summaryLine(_ report: RunReport) -> String {
        let dot = style.unicode ? " · " : " | "
        var parts = ["elapsed " + style.reportStrong(Self.seconds(report.wall) + " s"), "CPU " + Self.seconds(report.cpu) + " s"]
        if report.threads > 0 { parts.append(report.threads == 1 ? "1 thread" : "\(report.threads) threads") }
        if report.peakMemoryBytes > 0 { parts.append(Self.megabytes(report.peakMemoryBytes) + " peak") }
        if let compile = report.compile {
            parts.append(compile.fromCache ? "cached build" : "compiled on demand in \(Self.seconds(compile.seconds, digits: 2)) s")
        }
        // Fit the width: carry on with the next part on a new line.
        var lines: [String] = []
        var line = ""
        for part in parts {
            if !line.isEmpty, displayWidth(line + dot + part) > style.width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? part : dot + part
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private func sanitize(_ text: String) -> String {
        Sanitizer.sanitize(text, unicode: style.unicode)
    }

    /// `+1.002s`
    public static func timestamp(_ seconds: Double) -> String {
        "+" + Self.seconds(max(0, seconds)) + "s"
    }

    public static func seconds(_ value: Double, digits: Int = 3) -> String {
        let scale = digits == 2 ? 100.0 : 1000.0
        let units = Int((value * scale).rounded())
        let whole = units / Int(scale)
        let fraction = String(units % Int(scale))
        return "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }

    static func megabytes(_ bytes: Int) -> String {
        let tenths = Int((Double(bytes) / 1_048_576 * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}

extension TerminalStyle {
    public func reportPaint(_ code: String, _ text: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func reportDim(_ text: String) -> String { reportPaint("2", text) }
    public func reportBad(_ text: String) -> String { reportPaint("31", text) }
    public func reportGood(_ text: String) -> String { reportPaint("32", text) }
    public func reportStrong(_ text: String) -> String { reportPaint("1", text) }

    /// Each lane in its own colour.
    func lane(_ index: Int, _ text: String) -> String {
        let colours = ["36", "35", "33", "32", "34", "91", "96", "95"]
        return reportPaint(colours[index % colours.count], text)
    }
}
