public import TourKit
import Foundation

/// What the learner sees after a run: the output with timestamps, a summary
/// line with wall time, CPU time and threads, and the timeline.
public struct ReportRenderer: Sendable {
    public var style: TerminalStyle
    /// Output lines shown before the rest is summarised.
    public var maxLines = 200
    /// Screen rows one output line may take; the rest is summarised as
    /// "… N bytes more", so a 7 MB line costs what a short one does.
    public var maxRowsPerLine = 8
    /// Paths shown shorter in compiler messages: the chapter's full path by
    /// its file name.
    public var displayPaths: [String: String] = [:]

    public init(style: TerminalStyle) {
        self.style = style
    }

    /// One output line as it is shown, live or afterwards.
    /// A line longer than the terminal continues under its text, indented
    /// past the timestamp.
    /// A line longer than ``maxRowsPerLine`` rows is cut, with a dim note
    /// of the bytes not shown (those the transcript dropped included).
    public func outputLine(_ line: OutputLine, laneLabel: String?) -> String {
        let stampText = Self.timestamp(line.time)
        let tagText = laneLabel.map { "[\(self.laneTag($0))] " } ?? ""
        let indent = displayWidth(stampText) + 1
        let rowWidth = max(10, style.width - indent)
        let (shown, _, rest) = Sanitizer.prefix(line.text, unicode: style.unicode, columns: rowWidth * max(1, maxRowsPerLine))
        let more = line.text.utf8.distance(from: rest, to: line.text.endIndex) + max(0, line.droppedBytes)
        let pieces = Self.wrap(shown, width: style.width - indent, firstWidth: style.width - indent - displayWidth(tagText))
        let paint: (String) -> String = line.source == .stderr ? { style.reportBad($0) } : { $0 }
        var out = style.reportDim(stampText) + " " + style.reportDim(tagText) + paint(pieces[0])
        for piece in pieces.dropFirst() {
            out += "\n" + String(repeating: " ", count: indent) + paint(piece)
        }
        if more > 0 {
            out += "\n" + String(repeating: " ", count: indent) + style.reportDim(moreNote(more))
        }
        return out
    }

    /// `… 6999890 bytes more`
    func moreNote(_ bytes: Int) -> String {
        style.marks.ellipsis + " " + localized("\(bytes) byte\(bytes == 1 ? "" : "s") more")
    }

    /// A task's name as a `[name]` tag: harmless, on one line, at most 16
    /// columns (the timeline's label width).
    func laneTag(_ label: String) -> String {
        Self.shortLabel(label, columns: 16, style: style)
    }

    /// `label` made harmless and cut to `columns` columns, ending in `…`
    /// (`~` in ASCII) when cut. Reads only as much of `label` as it shows.
    static func shortLabel(_ label: String, columns: Int, style: TerminalStyle) -> String {
        let columns = max(2, columns)
        let (whole, _, rest) = Sanitizer.prefix(label, unicode: style.unicode, columns: columns)
        if rest == label.endIndex { return whole }
        let (cut, _, _) = Sanitizer.prefix(label, unicode: style.unicode, columns: columns - 1)
        return cut + (style.unicode ? "…" : "~")
    }

    /// A line read from a pipe, echoed after `marker` so a transcript shows
    /// what was typed: harmless, dim, and cut like a program's line. The
    /// marker (`› `) is the tour's, so it is spelled in ASCII on an ASCII
    /// terminal; what was typed is the learner's and is left as it is.
    public func echo(_ marker: String, _ typed: String) -> String {
        let (shown, _, rest) = Sanitizer.prefix(typed, unicode: style.unicode, columns: style.width * max(1, maxRowsPerLine))
        let more = typed.utf8.distance(from: rest, to: typed.endIndex)
        return style.reportDim(ascii(marker) + shown + (more > 0 ? " " + moreNote(more) : ""))
    }

    /// How a run missed an expectation, indented under the verdict. The
    /// text quotes the chapter's expected lines and the program's output,
    /// so it is sanitised first.
    /// On an ASCII terminal the tour's words in it (a time band's dash) are
    /// spelled in ASCII, and so is what it quotes: the terminal could not
    /// show it otherwise.
    public func failure(_ text: String) -> String {
        block(ascii(capped(text)), indent: 2)
    }

    /// Text already cut to a few rows, spelled in ASCII on an ASCII terminal.
    func ascii(_ text: String) -> String {
        style.unicode ? text : ASCIIFallback.transliterate(text)
    }

    /// Each line of untrusted `text` made harmless and cut after
    /// ``maxRowsPerLine`` rows of the terminal, with a note of the bytes
    /// left out: a failure that quotes a 7 MB line shows a few rows of it.
    func capped(_ text: String) -> String {
        let columns = max(10, style.width) * max(1, maxRowsPerLine)
        return text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { piece in
            let line = String(piece)
            let (shown, _, rest) = Sanitizer.prefix(line, unicode: style.unicode, columns: columns)
            let more = line.utf8.distance(from: rest, to: line.endIndex)
            return more > 0 ? shown + " " + moreNote(more) : shown
        }.joined(separator: "\n")
    }

    /// A problem in a chapter, harmless: the file name stays on one line
    /// (a newline in it would split the `path:line: error` line), the
    /// message and hint cannot send escape sequences.
    public static func problem(_ problem: LessonProblem, unicode: Bool) -> String {
        let path = Sanitizer.inline(problem.path, unicode: unicode)
        let location = problem.line.map { "\(path):\($0)" } ?? path
        let message = Sanitizer.inline(problem.message, unicode: unicode), hint = Sanitizer.inline(problem.hint, unicode: unicode)
        return problem.isWarning ? localized("\(location): warning: \(message)\n  hint: \(hint)")
                                 : localized("\(location): error: \(message)\n  hint: \(hint)")
    }

    /// Whether a compiler line is a message ("file:3:7: error: …") rather
    /// than a quoted source line or the caret under it.
    static func isDiagnosticMessage(_ text: String) -> Bool {
        [": error: ", ": warning: ", ": note: ", ": remark: "].contains { text.contains($0) }
            || text.hasPrefix("error: ") || text.hasPrefix("warning: ")
    }

    /// Whether a stderr line is a frame of the stack trace the Swift runtime
    /// prints after a fatal error in a debug build ("3  libswiftCore.so  0x…").
    public static func isStackFrame(_ text: String) -> Bool {
        let fields = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        return fields.count >= 3 && Int(fields[0]) != nil && fields[2].hasPrefix("0x")
    }

    /// Plain text cut into pieces of at most `width` columns, at spaces where
    /// possible; the first piece may be narrower.
    /// Leading spaces are kept: program output is often indented on purpose.
    static func wrap(_ text: String, width: Int, firstWidth: Int? = nil) -> [String] {
        let indent = String(text.prefix(while: { $0 == " " }))
        guard !indent.isEmpty, indent.count < text.count else { return wrapWords(text, width: width, firstWidth: firstWidth) }
        var pieces = wrapWords(String(text.dropFirst(indent.count)), width: width,
                               firstWidth: (firstWidth ?? width) - indent.count)
        pieces[0] = indent + pieces[0]
        return pieces
    }

    /// One pass: each word is measured once, and a word longer than a line
    /// is cut as it is measured.
    private static func wrapWords(_ text: String, width: Int, firstWidth: Int?) -> [String] {
        let full = max(10, width)
        var pieces: [String] = []
        var line = "", lineWidth = 0
        var limit = max(10, firstWidth ?? width)
        for var word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var wordWidth = displayWidth(word)
            while wordWidth > full {
                if !line.isEmpty {
                    pieces.append(line)
                    (line, lineWidth) = ("", 0)
                    limit = full
                }
                var meter = WidthMeter()
                var taken = 0
                var end = word.startIndex
                while end < word.endIndex {
                    let next = taken + meter.width(of: word[end])
                    if next > limit { break }
                    taken = next
                    end = word.index(after: end)
                }
                pieces.append(String(word[..<end]))
                word = word[end...]
                wordWidth -= taken
                limit = full
            }
            if line.isEmpty {
                line = String(word)
                lineWidth = wordWidth
            } else if lineWidth + 1 + wordWidth > limit {
                pieces.append(line)
                line = String(word)
                lineWidth = wordWidth
                limit = full
            } else {
                line += " "
                line += word
                lineWidth += 1 + wordWidth
            }
        }
        pieces.append(line)
        return pieces
    }

    /// The whole report. `liveOutput` means the lines were already shown as
    /// they were printed, so only the summary and timeline follow.
    public func render(_ report: RunReport, liveOutput: Bool = false) -> String {
        var out: [String] = []
        if case .compileFailed(let diagnostics) = report.ending {
            out.append(style.reportBad(localized("the snippet did not compile:")))
            out += diagnosticLines(diagnostics)
            return out.joined(separator: "\n")
        }
        if !liveOutput { out += outputLines(report) }
        if let warnings = report.compile?.warnings, !warnings.isEmpty {
            out.append(style.reportPaint("33", localized("the compiler warned (the program built and ran anyway):")))
            out += diagnosticLines(warnings).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        if let summary = report.endingSummary {
            out.append(style.reportBad(block(style.marks.failed + " " + ascii(capped(summary)))))
        }
        // Nothing ran: no times and no timeline to show.
        if report.cancelledBeforeStart { return out.joined(separator: "\n") }
        if let notice = report.compile?.notice { out.append(style.reportDim(block(capped(notice)))) }
        out.append(summaryLine(report))
        if let note = Self.cpuNote(report) { out.append(style.tone(.dim, block(note))) }
        // A program with no task at all (synchronous top-level code) has
        // nothing for the runtime timeline: its prints are drawn.
        let timeline = report.hasTaskTrace ? TraceTimelineRenderer(style: style).render(report)
                                           : TimelineRenderer(style: style).render(report)
        if !timeline.isEmpty {
            out.append("")
            out += timeline
            if !report.hasTaskTrace { out.append(TimelineRenderer(style: style).legend(taskLives: report.lanesSpanTaskLives)) }
        }
        if !report.hasTaskTrace, let note = report.traceNote, !timeline.isEmpty {
            out.append(style.reportDim(block(capped(note))))
        }
        return out.joined(separator: "\n")
    }

    /// Compiler output, indented, with chapter paths shortened. A quoted
    /// source line and the caret under it must stay aligned: only the
    /// message lines are wrapped.
    func diagnosticLines(_ diagnostics: String) -> [String] {
        var out: [String] = []
        for line in diagnostics.split(separator: "\n", omittingEmptySubsequences: false) {
            var text = capped(String(line))
            for (long, short) in displayPaths { text = text.replacingOccurrences(of: long, with: short) }
            guard Self.isDiagnosticMessage(text) else {
                out.append("  " + text)
                continue
            }
            let pieces = Self.wrap(text, width: style.width - 4, firstWidth: style.width - 2)
            out.append("  " + pieces[0])
            out += pieces.dropFirst().map { "    " + $0 }
        }
        return out
    }

    public func outputLines(_ report: RunReport) -> [String] {
        let tagLanes = report.lanes.count > 1
        let frames = report.lines.filter { $0.source == .stderr && Self.isStackFrame($0.text) }.count
        var out = report.lines.prefix(maxLines).filter { !($0.source == .stderr && Self.isStackFrame($0.text)) }.map { line in
            outputLine(line, laneLabel: tagLanes ? line.lane.map { report.lanes[$0].label } : nil)
        }
        if frames > 0 { out.append(stackFramesNote(frames)) }
        if report.lines.count > maxLines {
            let ellipsis = style.marks.ellipsis, hidden = report.lines.count - maxLines
            out.append(style.reportDim(localized("\(ellipsis) \(hidden) more lines not shown")))
        }
        return out
    }

    /// `elapsed 1.003 s · CPU 0.012 s · 3 threads · 9.8 MB peak · compiled in 0.52 s`
    public func summaryLine(_ report: RunReport) -> String {
        let dot = style.marks.separator
        let wall = style.reportStrong(Self.seconds(report.wall) + " s"), cpu = Self.seconds(report.cpu)
        var parts = [localized("elapsed \(wall)"), localized("CPU \(cpu) s")]
        if let trace = report.trace, report.hasTaskTrace {
            // Part by part: joined, the counts alone are wider than 80 columns.
            parts += TraceTimelineRenderer.countParts(trace)
        }
        if report.threads > 0 {
            let threads = report.threads, plural = report.threads == 1 ? "" : "s"
            parts.append(report.hasTaskTrace ? localized("\(threads) thread\(plural) printed") : localized("\(threads) thread\(plural)"))
        }
        // The threads above are those that printed. A program that starts
        // many more (a thousand sleeping threads) says so; the runtime's own
        // few threads are not worth a mention.
        if report.peakThreads > report.threads + 8 {
            let peak = report.peakThreads
            parts.append(localized("\(peak) threads at peak"))
        }
        // Below 1 MB the figure is an early sample of a program that ended at once, not a peak.
        if report.peakMemoryBytes >= 1 << 20 {
            let memory = Self.megabytes(report.peakMemoryBytes)
            parts.append(localized("\(memory) peak"))
        }
        if let compile = report.compile {
            let seconds = Self.seconds(compile.seconds, digits: 2)
            parts.append(compile.fromCache ? localized("cached build") : localized("compiled on demand in \(seconds) s"))
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

    /// One line for a run whose CPU time is clearly above its elapsed time,
    /// which surprises a learner the first time.
    public static func cpuNote(_ report: RunReport) -> String? {
        guard report.wall >= 0.05, report.cpu > report.wall * 1.1 else { return nil }
        return localized("CPU time is above elapsed time: several threads ran at once, and CPU time adds up each thread's time.")
    }

    /// Text wrapped to the terminal, each line indented by `indent` spaces
    /// and its continuations by two more.
    public func block(_ text: String, indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let pieces = Self.wrap(String(line), width: style.width - indent - 2, firstWidth: style.width - indent)
            return [pad + pieces[0]] + pieces.dropFirst().map { pad + "  " + $0 }
        }.joined(separator: "\n")
    }

    /// Text with every line wider than the terminal broken between words;
    /// lines that fit are left exactly as they are. The shell says its
    /// messages through here, so on an ASCII terminal they are spelled in
    /// ASCII here ("snippets 1…4" reads "snippets 1...4").
    public func fit(_ text: String) -> String {
        return ascii(text).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            guard displayWidth(line) > style.width else { return line }
            return Self.wrap(line, width: style.width).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    public func stackFramesNote(_ count: Int) -> String {
        style.reportDim(localized("(\(count) lines of the runtime's stack trace not shown)"))
    }

    /// `+1.002s`
    public static func timestamp(_ seconds: Double) -> String {
        "+" + Self.seconds(max(0, seconds)) + "s"
    }

    /// Seconds with `digits` decimals. A value no run can have (not a
    /// number, infinite, beyond a million years) is shown as such rather
    /// than trapping when converted to an integer.
    public static func seconds(_ value: Double, digits: Int = 3) -> String {
        if value.isNaN { return "?" }
        if abs(value) >= 3e13 { return (value < 0 ? "-" : "") + (value.isInfinite ? "inf" : ">3e13") }
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

/// The report's names for the tones (``Tone``): one styling API underneath.
extension TerminalStyle {
    public func reportPaint(_ code: String, _ text: String) -> String { paint(text, code) }

    public func reportDim(_ text: String) -> String { tone(.dim, text) }
    public func reportBad(_ text: String) -> String { tone(.bad, text) }
    public func reportGood(_ text: String) -> String { tone(.good, text) }
    public func reportStrong(_ text: String) -> String { tone(.strong, text) }

    /// Each lane in its own colour.
    func lane(_ index: Int, _ text: String) -> String {
        let colours = ["36", "35", "33", "32", "34", "91", "96", "95"]
        return reportPaint(colours[index % colours.count], text)
    }
}
