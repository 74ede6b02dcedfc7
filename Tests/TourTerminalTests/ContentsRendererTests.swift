import Foundation
import Testing
import TourKit
@testable import TourTerminal

/// `toc` at the widths learners have: no row wider than the terminal, so
/// none wraps, and everything a row says still there.
@Suite struct ContentsRendererTests {
    /// The course itself: its longest ids and titles are what must fit.
    static let course: [Lesson] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
        return (try? LessonLoader.load(directory: directory).lessons) ?? []
    }()

    /// Chapter 1 done, 4 visited with an exercise solved, the learner in 4.
    static func progress() -> LearnerProgress {
        var progress = LearnerProgress()
        let first = course[0], tasks = course[3]
        progress.visited = [first.id, tasks.id]
        progress.ran[first.id] = Set(first.snippets.map(\.number))
        for snippet in first.snippets where snippet.exercise != nil {
            progress.solved.insert(LearnerProgress.key(first, snippet))
        }
        progress.ran[tasks.id] = [1, 2, 3]
        if let exercise = tasks.snippets.first(where: { $0.exercise != nil }) {
            progress.solved.insert(LearnerProgress.key(tasks, exercise))
        }
        return progress
    }

    /// A row's start: its mark and its number, right-aligned to the widest
    /// chapter number (" ✓   1  " once the course has ten chapters).
    static func rowStart(_ mark: String, _ number: Int) -> String {
        let width = String(course.map(\.number).max() ?? 1).count
        let digits = String(number)
        return " \(mark)  " + String(repeating: " ", count: max(0, width - digits.count)) + digits + "  "
    }

    func render(width: Int, unicode: Bool = true, color: Bool = false) -> [String] {
        let style = TerminalStyle(width: width, color: color, unicode: unicode)
        return ContentsRenderer(style: style).render(Self.course, progress: Self.progress(), here: Self.course[3].id)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test(arguments: [40, 60, 80, 200])
    func noRowIsWiderThanTheTerminal(width: Int) throws {
        try #require(Self.course.count >= 9)
        let lines = render(width: width)
        for line in lines { #expect(displayWidth(line) <= width, "\(width) columns: \(line)") }
        let text = lines.joined(separator: "\n")
        // Each chapter's number, and its title whole where there is room.
        for lesson in Self.course {
            #expect(lines.contains { $0.contains(" \(lesson.number)  ") }, "chapter \(lesson.number) at \(width)")
            if width >= 60 { #expect(text.contains(lesson.title), "\(lesson.title) at \(width)") }
        }
        #expect(lines.filter { $0.contains("←") && !$0.contains("you are here") }.count == 1, "one chapter is here")
        #expect(text.contains("← you are here"), "the legend says what the mark means")
        #expect(lines.contains { $0.contains("←") && $0.contains(" 4  ") }, "the here mark is on chapter 4's line")
        let tasks = Self.course[3]
        #expect(text.contains("3/\(tasks.snippets.count) run"))
        #expect(lines.contains { $0.hasPrefix(Self.rowStart("✓", 1)) }, "chapter 1 is done")
        #expect(lines.contains { $0.hasPrefix(Self.rowStart("•", 4)) }, "chapter 4 is visited")
    }

    /// In a Chinese session the heading, the counts and the legend are
    /// Chinese, and every row still fits by display width.
    @Test(arguments: [40, 60, 80])
    func theContentsSpeakChinese(width: Int) {
        let lines = Language.$scoped.withValue(.simplifiedChinese) { render(width: width) }
        #expect(lines.allSatisfy { displayWidth($0) <= width }, "\(lines)")
        #expect(lines[0] == "章节")
        let text = lines.joined(separator: "\n")
        for expected in ["已运行 3/", "已解出 1/", "✓ 已完成", "• 看过", "← 当前位置", "'goto N' 打开第 N 章"] {
            #expect(text.contains(expected), "\(expected) in:\n\(text)")
        }
        // The chapters' ids and titles are the English course's; the rest is the tour's.
        var rest = text
        for lesson in Self.course { rest = rest.replacingOccurrences(of: lesson.id, with: "").replacingOccurrences(of: lesson.title, with: "") }
        #expect(ChineseReportCheck.englishWords(in: rest, allowed: ["goto"]) == [], "\(rest)")
    }

    @Test func wideTerminalsShowTheIdColumnAndNarrowOnesDropIt() {
        let wide = render(width: 200).joined(separator: "\n")
        #expect(wide.contains("async-vs-threads"), "ids at 200 columns")
        #expect(wide.contains("← here"))
        // At 80 columns the course still fits on one line per chapter.
        #expect(render(width: 80).count == Self.course.count + 2)
        let sixty = render(width: 60)
        #expect(!sixty.joined().contains("async-vs-threads"), "no id column at 60")
        #expect(sixty.count == Self.course.count + 2, "one line per chapter at 60")
    }

    @Test func fortyColumnsPutTheCountsUnderTheTitle() {
        let lines = render(width: 40)
        let row = lines.firstIndex { $0.hasPrefix(Self.rowStart("•", 4)) } ?? 0
        #expect(lines[row].contains(Self.course[3].title))
        #expect(lines[row + 1].trimmingCharacters(in: .whitespaces).hasPrefix("3/"), "counts on the next line, indented")
    }

    @Test func asciiHasDistinctMarksForDoneAndFailed() {
        let lines = render(width: 60, unicode: false)
        #expect(lines.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix(Self.rowStart("+", 1)) }, "done is +")
        #expect(lines.contains { $0.hasPrefix(Self.rowStart("*", 4)) }, "visited is *")
        #expect(lines.contains { $0.contains("  <") })
        #expect(Marks.ascii.done != Marks.ascii.failed)
        #expect(Set([Marks.ascii.done, Marks.ascii.failed, Marks.ascii.visited, Marks.ascii.pending]).count == 4)
    }

    @Test func colourDoesNotChangeTheLayout() {
        let plain = render(width: 60)
        let coloured = render(width: 60, color: true)
        #expect(coloured.count == plain.count)
        for line in coloured { #expect(displayWidth(line) <= 60) }
    }
}

/// Prose is capped at a readable width; code and tables use the terminal.
@Suite struct ReadableWidthTests {
    static let paragraph = Array(repeating: "word", count: 120).joined(separator: " ")

    @Test func proseStopsAtAHundredColumnsOnAWideTerminal() {
        let style = TerminalStyle(width: 200, color: false, unicode: true)
        let code = "let x = [" + Array(repeating: "12345", count: 30).joined(separator: ", ") + "]"
        let text = MarkdownRenderer(style: style).render(MarkdownParser.parse(
            "# Title\n\n" + Self.paragraph + "\n\n- " + Self.paragraph + "\n\n> " + Self.paragraph + "\n\n```swift\n" + code + "\n```\n"))
        let lines = text.split(separator: "\n").map(String.init)
        let prose = lines.filter { $0.contains("word") }
        #expect(!prose.isEmpty)
        for line in prose { #expect(displayWidth(line) <= 100, "\(line)") }
        #expect(prose.contains { displayWidth($0) > 90 }, "prose still uses the hundred columns")
        let codeLine = lines.first { $0.contains("12345") } ?? ""
        #expect(displayWidth(codeLine) > 100, "code keeps the terminal's width: \(displayWidth(codeLine))")
    }

    @Test func narrowTerminalsAreUnchanged() {
        let style = TerminalStyle(width: 60, color: false, unicode: true)
        let lines = MarkdownRenderer(style: style).render(MarkdownParser.parse(Self.paragraph)).split(separator: "\n")
        #expect(lines.allSatisfy { displayWidth($0) <= 60 })
        #expect(lines.contains { displayWidth($0) > 55 })
    }
}
