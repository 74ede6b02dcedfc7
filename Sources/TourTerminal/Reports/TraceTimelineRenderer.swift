public import TourKit

/// The timeline drawn from the runtime's trace: one lane per task from its
/// creation to its end, with a glyph for each state, and print marks; or,
/// in the thread view, one lane per thread showing which task ran when.
///
/// Each column covers an equal slice of time and shows the most telling
/// state in it (running over waiting over sleeping over suspended), so a
/// job of a fraction of a column still shows. Drawing is linear in the
/// number of segments: a task's segments are walked once.
public struct TraceTimelineRenderer: Sendable {
    public var style: TerminalStyle
    /// Task lanes drawn; the busiest are kept, in creation order.
    public var maxLanes = 24

    public init(style: TerminalStyle) {
        self.style = style
    }

    struct Glyphs {
        var running, onMain, waiting, suspended, sleeping, print, finished, threw, cancelled, unfinished, unseen: Character
        /// The thread view: a job of no visible task, and several tasks' jobs in one column.
        var otherJob, several: Character

        /// ASCII marks are all distinct, and none is the summary line's `|`.
        init(unicode: Bool) {
            if unicode {
                (running, onMain, waiting, suspended, sleeping, print, finished, threw, cancelled, unfinished, unseen) =
                    ("█", "▓", "░", "─", "┈", "●", "┤", "!", "×", "▸", "?")
                (otherJob, several) = ("·", "+")
            } else {
                (running, onMain, waiting, suspended, sleeping, print, finished, threw, cancelled, unfinished, unseen) =
                    ("#", "M", ":", "-", ".", "o", "]", "!", "X", ">", "?")
                (otherJob, several) = ("~", "+")
            }
        }
    }

    /// The task lanes, their legend and what the trace counted.
    public func render(_ report: RunReport) -> [String] {
        guard let trace = report.trace, !trace.tasks.isEmpty else { return [] }
        let glyphs = Glyphs(unicode: style.unicode)
        let shownIndices = busiest(trace)
        // Task names are the snippet's: harmless, on one line, cut before measuring.
        let labels = shownIndices.map { index in
            report.lanes.indices.contains(index) ? ReportRenderer.shortLabel(report.lanes[index].label, columns: 17, style: style) : localized("task")
        }
        let labelWidth = min(16, max(8, labels.map { displayWidth($0) }.max() ?? 4)) + 2
        // One column past the axis holds a lane's end mark when it ends at
        // the axis's end.
        let axis = TimelineAxis(end: max(report.wall, trace.tasks.map(\.end).max() ?? 0, 0.001),
                                width: max(20, style.width - labelWidth - 2), unicode: style.unicode)
        var out = axis.header(label: pad(localized("timeline"), labelWidth), indent: labelWidth, style: style)
        var printsByLane: [Int: [Double]] = [:]
        for line in report.lines where line.source == .print {
            if let lane = line.lane { printsByLane[lane, default: []].append(line.time) }
        }
        for (row, index) in shownIndices.enumerated() {
            let task = trace.tasks[index]
            var cells = RuntimeTrace.columnWinners(task.segments, span: axis.span, width: axis.width).map { winner -> Character in
                guard winner >= 0 else { return " " }
                let segment = task.segments[winner]
                switch segment.state {
                case .running: return segment.onMain ? glyphs.onMain : glyphs.running
                case .waiting: return glyphs.waiting
                case .sleeping: return glyphs.sleeping
                case .suspended: return glyphs.suspended
                }
            } + [" "]
            for time in printsByLane[index] ?? [] { cells[axis.column(time)] = glyphs.print }
            // The end mark follows the lane's last column: a task still
            // going when the program ended is marked where the program
            // ended, not at the axis's rounded end after a gap.
            let last = axis.column(task.end)
            let mark: Character = switch task.ending {
            case .cancelled: glyphs.cancelled
            case .threw: glyphs.threw
            case .unfinished: glyphs.unfinished
            // Where outcomes are read, a task whose completion was not seen
            // is not said to have returned: it never resumed, or its last
            // part ran inside a job the tracer could not follow it into.
            case .finished: trace.outcomesKnown && !task.completionSeen && index != 0 ? glyphs.unseen : glyphs.finished
            }
            if last + 1 < cells.count, cells[last + 1] == " " {
                cells[last + 1] = mark
            } else if task.ending == .unfinished {
                cells[cells.count - 1] = mark
            }
            out.append(pad(truncate(labels[row], labelWidth - 2), labelWidth)
                       + style.lane(row, String(cells).trimmingTrailingSpaces()))
        }
        if trace.tasks.count > shownIndices.count {
            let ellipsis = style.marks.ellipsis, hidden = trace.tasks.count - shownIndices.count, drawn = shownIndices.count
            out.append(style.reportDim(localized("\(ellipsis) \(hidden) more tasks not drawn (the \(drawn) that ran longest are)")))
        }
        let unseen = trace.outcomesKnown && shownIndices.contains { $0 != 0 && trace.tasks[$0].ending == .finished && !trace.tasks[$0].completionSeen }
        out += legend(glyphs, outcomesKnown: trace.outcomesKnown, unseen: unseen).map { style.reportDim($0) }
        return out
    }

    /// One lane per thread that ran jobs: which task's job ran when. Each
    /// task is shown by its lane's letter (`a` for the first lane drawn),
    /// main-actor jobs by the running glyph of the main actor, and jobs of
    /// no visible task (an actor draining its queue, a sleep's timer) by `·`.
    public func renderThreads(_ report: RunReport) -> [String] {
        guard let trace = report.trace, !trace.threads.isEmpty else { return [] }
        let glyphs = Glyphs(unicode: style.unicode)
        let labelWidth = trace.threads.contains(where: \.ranCustom) ? 15 : 12
        let axis = TimelineAxis(end: max(report.wall, 0.001), width: max(20, style.width - labelWidth - 1), unicode: style.unicode)
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLNOPQRSTUVWXYZ")
        var out = axis.header(label: pad(localized("threads"), labelWidth), indent: labelWidth, style: style)
        let threads = trace.threads.filter { !$0.slices.isEmpty }
        if threads.isEmpty {
            // A program whose only task never got a thread (or whose jobs
            // all ran before the recording began) has no lane to draw.
            out.append(style.reportDim(localized("no thread ran a job of this program while it was recorded")))
        }
        for (number, thread) in threads.prefix(maxLanes).enumerated() {
            // Two tasks' jobs in one column: neither is hidden by the other.
            // A task's part inside an actor's job shows through that job.
            let cells = RuntimeTrace.threadColumns(thread.slices, span: axis.span, width: axis.width).map { cell -> Character in
                switch cell {
                case .idle: " "
                case .otherJob: glyphs.otherJob
                case .mainActor: glyphs.onMain
                case .task(let task): letters[task % letters.count]
                case .several: glyphs.several
                }
            }
            let shown = number + 1, star = thread.ranMain ? "*" : ""
            let label = thread.ranCustom ? localized("thread \(shown)\(star) own") : localized("thread \(shown)\(star)")
            out.append(pad(label, labelWidth) + String(cells).trimmingTrailingSpaces())
        }
        if threads.count > maxLanes {
            let ellipsis = style.marks.ellipsis, hidden = threads.count - maxLanes
            out.append(style.reportDim(localized("\(ellipsis) \(hidden) more threads not drawn")))
        }
        // The key names the tasks whose jobs are drawn, not the first lanes.
        var drawn = Set<Int>()
        for thread in threads.prefix(maxLanes) {
            for slice in thread.slices where !slice.onMain { if let task = slice.task { drawn.insert(task) } }
        }
        var key: [String] = []
        let named = drawn.sorted().filter { report.lanes.indices.contains($0) }
        for index in named.prefix(24) {
            let lane = report.lanes[index]
            // Quoted: tasks named "a" and "b" must not read as letters of the key.
            let label = ReportRenderer.shortLabel(lane.label, columns: 16, style: style)
            key.append("\(letters[index % letters.count])=" + (lane.label == "main" ? label : "\"\(label)\""))
        }
        let ellipsis = style.marks.ellipsis, cycle = letters.count
        if named.count > 24 {
            let hidden = named.count - 24
            key.append(localized("\(ellipsis) \(hidden) more tasks"))
        }
        if trace.tasks.count > letters.count { key.append(localized("letters repeat every \(cycle) tasks")) }
        let (onMain, otherJob, several) = (glyphs.onMain, glyphs.otherJob, glyphs.several)
        key += [localized("\(onMain) main actor"), localized("\(otherJob) actor or timer job"), localized("\(several) several tasks"),
                localized("* ran main-actor jobs")]
        if threads.contains(where: \.ranCustom) { key.append(localized("own: ran jobs for the program's own executor")) }
        out += Self.wrapItems(key, width: style.width).map { style.reportDim($0) }
        return out
    }

    /// What the trace counted, for the summary line: "2 pool threads ran
    /// jobs · at most 2 jobs at once · 1 main".
    public static func counts(_ trace: RuntimeTrace, unicode: Bool) -> String {
        countParts(trace).joined(separator: unicode ? Marks.unicode.separator : Marks.ascii.separator)
    }

    /// The same, part by part, so the summary line can wrap between them.
    public static func countParts(_ trace: RuntimeTrace) -> [String] {
        // English plurals: the Chinese drops the `s` value.
        func plural(_ count: Int) -> String { count == 1 ? "" : "s" }
        let tasks = trace.tasks.count
        var parts = [localized("\(tasks) task\(plural(tasks))")]
        let pool = trace.poolThreads
        parts.append(localized("\(pool) pool thread\(plural(pool)) ran jobs"))
        let jobs = trace.mostJobsAtOnce
        parts.append(localized("at most \(jobs) job\(plural(jobs)) at once"))
        let waiting = trace.mostWaitingAtOnce
        if waiting > 0 { parts.append(localized("up to \(waiting) waiting to run")) }
        let custom = trace.customExecutorThreads
        if custom > 0 { parts.append(localized("\(custom) thread\(plural(custom)) ran the program's own executor\(plural(custom))")) }
        let threw = trace.tasks.filter { $0.ending == .threw }.count
        if threw > 0 { parts.append(localized("\(threw) task\(plural(threw)) threw")) }
        let cancelled = trace.tasks.filter { $0.ending == .cancelled }.count
        if cancelled > 0 { parts.append(localized("\(cancelled) task\(plural(cancelled)) cancelled")) }
        return parts
    }

    /// The legend, its items kept whole and wrapped to the width.
    /// Where the trace tells returning from throwing, the end marks say
    /// which; otherwise one mark means either.
    func legend(_ glyphs: Glyphs, outcomesKnown: Bool, unseen: Bool = false) -> [String] {
        let (finished, threw, unseenMark) = (glyphs.finished, glyphs.threw, glyphs.unseen)
        let ends = outcomesKnown ? [localized("\(finished) returned"), localized("\(threw) threw")] : [localized("\(finished) done")]
        let lost = unseen ? [localized("\(unseenMark) end not seen (it never resumed, or its last part ran where the trace cannot follow)")] : []
        let (running, onMain, waiting, suspended, sleeping, print) =
            (glyphs.running, glyphs.onMain, glyphs.waiting, glyphs.suspended, glyphs.sleeping, glyphs.print)
        let (cancelled, unfinished) = (glyphs.cancelled, glyphs.unfinished)
        let items = [localized("\(running) running"), localized("\(onMain) on the main actor"), localized("\(waiting) ready, waiting to run"),
                     localized("\(suspended) suspended"), localized("\(sleeping) sleeping"), localized("\(print) print")]
            + ends + [localized("\(cancelled) cancelled"), localized("\(unfinished) still going")] + lost
        return Self.wrapItems(items, width: style.width)
    }

    static func wrapItems(_ items: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for item in items {
            if !line.isEmpty, displayWidth(line) + 2 + displayWidth(item) > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? item : "  " + item
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The main task, then the tasks that ran longest, in creation order.
    func busiest(_ trace: RuntimeTrace) -> [Int] {
        guard trace.tasks.count > maxLanes else { return Array(trace.tasks.indices) }
        let seconds = trace.tasks.map(\.runningSeconds)
        let busy = trace.tasks.indices.dropFirst().sorted { seconds[$0] > seconds[$1] }
        return ([0] + busy.prefix(maxLanes - 1)).sorted()
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    /// Measured once, not again at every character.
    private func truncate(_ text: String, _ width: Int) -> String {
        let fits = displayWidth(text) <= width
        var out = ""
        var used = 0
        for character in text {
            let next = characterWidth(character)
            if used + next >= width, !fits { return out + (style.unicode ? "…" : "~") }
            out.append(character)
            used += next
        }
        return out
    }
}

/// A time axis of `width` columns from 0 to `end` seconds, with round ticks.
struct TimelineAxis {
    let width: Int
    let span: Double
    let ticks: [Double]
    let unicode: Bool

    init(end: Double, width: Int, unicode: Bool) {
        let end = max(TimelineRenderer.clamp(end), 0.001)
        self.width = width
        self.unicode = unicode
        var ticks = TimelineRenderer.ticks(span: end, width: width)
        var span = end
        if let last = ticks.last, ticks.count > 1, end - last > 0.03 * end {
            span = last + (ticks[1] - ticks[0])
            ticks.append(span)
        }
        self.ticks = ticks
        self.span = span
    }

    /// Any time, even NaN or 1e300, lands on a column without trapping.
    func column(_ time: Double) -> Int {
        RuntimeTrace.column(of: time, span: span, width: width)
    }

    /// The labels line and the ruler.
    func header(label: String, indent: Int, style: TerminalStyle) -> [String] {
        var header = [Character](repeating: " ", count: width)
        var ruler = [Character](repeating: unicode ? "─" : "-", count: width)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : span
        for tick in ticks {
            let at = column(tick)
            let text = Array(TimelineRenderer.tickLabel(tick, step: step))
            let start = min(at, header.count - text.count)
            if start >= 0, header[start..<(start + text.count)].allSatisfy({ $0 == " " }), start == 0 || header[start - 1] == " " {
                header.replaceSubrange(start..<(start + text.count), with: text)
            }
            ruler[at] = unicode ? "┬" : "+"
        }
        return [label + style.reportDim(String(header).trimmingTrailingSpaces()),
                String(repeating: " ", count: indent) + style.reportDim(String(ruler))]
    }
}
