public import TourKit

/// The table of contents (`toc`): one entry per chapter with its state
/// (done, visited), number, id, title, how many snippets were run and
/// exercises solved, and where the learner is.
///
/// It takes the widest of three layouts that fits the terminal, so no row
/// wraps:
/// - one line per chapter with every column (`✓  1  why-async  Why async?  4/4 run, 1/2 solved  ← here`);
/// - without the id column, which `goto` does not need (`goto 1` works);
/// - two lines per chapter, the counts under the title, the title cut to
///   the width if it must be.
///
/// A pure function of the chapters, the progress and the style.
public struct ContentsRenderer: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    /// One chapter as the contents shows it.
    struct Entry {
        var mark: String
        var number: String
        var id: String
        var title: String
        var counts: String
        var here: Bool
    }

    /// `here` is the id of the chapter the learner is reading, if any.
    public func render(_ lessons: [Lesson], progress: LearnerProgress, here: String?) -> String {
        let marks = style.marks
        let numberWidth = String(lessons.map(\.number).max() ?? 1).count
        let entries = lessons.map { lesson -> Entry in
            let mark = progress.isDone(lesson) ? marks.done : progress.visited.contains(lesson.id) ? marks.visited : " "
            let exercises = progress.exercises(in: lesson)
            let (ran, snippets, solved, exercisesTotal) = (progress.ran[lesson.id]?.count ?? 0, lesson.snippets.count,
                                                           exercises.solved, exercises.total)
            let counts = exercisesTotal == 0 ? localized("\(ran)/\(snippets) run")
                                             : localized("\(ran)/\(snippets) run, \(solved)/\(exercisesTotal) solved")
            let number = String(lesson.number)
            return Entry(mark: mark, number: String(repeating: " ", count: max(0, numberWidth - number.count)) + number,
                         id: line(lesson.id), title: line(lesson.title),
                         counts: counts,
                         here: lesson.id == here)
        }
        let rows = oneLine(entries, withID: true) ?? oneLine(entries, withID: false) ?? twoLines(entries)
        var out = [style.paint(localized("Chapters"), SGR.bold)] + rows
        let (done, visited, here) = (marks.done, marks.visited, marks.here)
        let legend = [localized("\(done) done"), localized("\(visited) visited"), localized("\(here) you are here"),
                      localized("'goto N' opens chapter N")]
        out += TraceTimelineRenderer.wrapItems(legend, width: style.width).map { style.reportDim($0) }
        return out.joined(separator: "\n")
    }

    /// Chapter text on one line, harmless, in ASCII on an ASCII terminal.
    private func line(_ text: String) -> String {
        let clean = Sanitizer.inline(text, unicode: style.unicode)
        return style.unicode ? clean : ASCIIFallback.transliterate(clean)
    }

    private func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    /// ` ✓  1  why-async  Why async?  4/4 run  ← here`, or nil when the
    /// widest row does not fit.
    private func oneLine(_ entries: [Entry], withID: Bool) -> [String]? {
        let idWidth = withID ? entries.map { displayWidth($0.id) }.max() ?? 0 : 0
        let titleWidth = entries.map { displayWidth($0.title) }.max() ?? 0
        let countsWidth = entries.map { displayWidth($0.counts) }.max() ?? 0
        // Without the id column the terminal is narrow: the mark alone, as the legend explains it.
        let mark = style.marks.here
        let hereText = "  " + (withID ? localized("\(mark) here") : mark)
        let numberWidth = entries.first.map { $0.number.count } ?? 1
        // " m  nn  " + id + "  " + title + "  " + counts + here
        let widest = 4 + numberWidth + 2 + (withID ? idWidth + 2 : 0) + titleWidth + 2 + countsWidth
            + (entries.contains(where: \.here) ? displayWidth(hereText) : 0)
        guard widest <= style.width else { return nil }
        return entries.map { entry in
            let id = withID ? padded(entry.id, idWidth) + "  " : ""
            // The counts are padded too only when a here mark follows, so rows end without spaces.
            let counts = entry.here ? padded(entry.counts, countsWidth) : entry.counts
            return " \(entry.mark)  \(entry.number)  " + id + padded(entry.title, titleWidth) + "  "
                + style.reportDim(counts) + (entry.here ? style.reportStrong(hereText) : "")
        }
    }

    /// ` ✓  1  Why async?  ← here` over `       4/4 run, 1/2 solved`.
    private func twoLines(_ entries: [Entry]) -> [String] {
        let numberWidth = entries.first.map { $0.number.count } ?? 1
        let indent = 4 + numberWidth + 2
        let hereText = "  " + style.marks.here
        return entries.flatMap { entry -> [String] in
            let room = max(4, style.width - indent - (entry.here ? displayWidth(hereText) : 0))
            let title = ReportRenderer.shortLabel(entry.title, columns: room, style: style)
            let first = " \(entry.mark)  \(entry.number)  " + title + (entry.here ? style.reportStrong(hereText) : "")
            let counts = ReportRenderer.shortLabel(entry.counts, columns: max(4, style.width - indent), style: style)
            return [first, String(repeating: " ", count: indent) + style.reportDim(counts)]
        }
    }
}
