import Foundation
import Testing
@testable import TourKit

/// The commands' own messages in a Chinese session: a chapter's problems
/// and hints, a translation that drifted from its original, how a run
/// ended, a trace claim that cannot be read, a missing directory.
@Suite struct CommandMessagesChineseTests {
    /// Runs of three or more ASCII letters in `text` that are not in
    /// `allowed` (attribute words, commands, API names, units).
    static func englishWords(in text: String, allowing allowed: Set<String>) -> [String] {
        let words = text.split(whereSeparator: { !($0.isASCII && $0.isLetter) }).map(String.init)
        return words.filter { $0.count >= 3 && !allowed.contains($0) }
    }

    static func chinese<T>(_ body: () throws -> T) rethrows -> T {
        try Language.$scoped.withValue(.simplifiedChinese, operation: body)
    }

    @Test func aChaptersProblemsAndHintsAreInChinese() throws {
        let fixture = try LessonsFixture([
            "01-broken.md": """
            # Broken

            ```swift tme=1
            print("a")
            ```

            ```swift time=3..1
            print("b")
            ```

            ```output
            b
            ```

            ```output
            b
            ```

            ```swift
            print("never closed")
            """,
        ])
        let problems = try Self.chinese { try LessonLoader.load(directory: fixture.directory).problems }
        let words = problems.map { "\($0.message) \($0.hint)" }.joined(separator: "\n")
        // The attribute the author mistyped, what the tour knows instead, and the fence that never ends.
        #expect(words.contains("swift 代码片段上的属性 'tme' 无法识别"), "\(words)")
        #expect(words.contains("你是想写 'time=' 吗？可用的属性：display、compile_fail、crash"), "\(words)")
        #expect(words.contains("这个代码围栏没有闭合"), "\(words)")
        #expect(words.contains("在代码之后加一行 ``` 闭合它"), "\(words)")
        let allowed: Set = ["swift", "tme", "time", "display", "compile", "fail", "crash", "times", "out", "server", "exercise",
                            "optimize", "prelude", "LOW", "HIGH", "timeout", "SECONDS", "mode", "memory", "SIZE", "linux", "darwin",
                            "sanitize", "thread", "address", "isolation", "MainActor", "nonisolated", "upcoming", "FEATURE"]
        #expect(Self.englishWords(in: words, allowing: allowed).isEmpty, "\(words)")
    }

    @Test func aTranslationThatDriftsIsReportedInChinese() throws {
        let original = """
            # One

            ```swift
            print("one")
            ```
            """
        let fixture = try LessonsFixture(["01-one.md": original])
        try FileManager.default.createDirectory(atPath: fixture.directory + "/zh-Hans", withIntermediateDirectories: true)
        try fixture.write("zh-Hans/01-one.md", Data(original.replacingOccurrences(of: "print(\"one\")", with: "print(\"two\")").utf8))
        let library = try Self.chinese { try LessonLoader.load(directory: fixture.directory, language: .simplifiedChinese) }
        let words = (library.problems.map { "\($0.message) \($0.hint)" } + library.notes).joined(separator: "\n")
        #expect(words.contains("代码片段 1 的这一行改动了代码，而不只是注释（原文在 01-one.md:3）"), "\(words)")
        #expect(words.contains("译文只能修改代码片段的注释，且逐行对应"), "\(words)")
        #expect(words.contains("第 1 章的简体中文译文在代码片段上与英文原文不一致，改以英文显示"), "\(words)")
        #expect(Self.englishWords(in: words, allowing: ["one", "async", "tour", "check"]).isEmpty, "\(words)")
    }

    @Test func howARunEndedIsSaidInChinese() {
        var cancelled = RunReport(ending: .cancelled, wall: 1.25)
        cancelled.stoppedByItself = true
        let reports = [RunReport(ending: .exited(code: 3)), RunReport(ending: .crashed(signal: 11)),
                       RunReport(ending: .timedOut(limit: 10)), cancelled,
                       RunReport(ending: .memoryLimit(bytes: 2 << 30)), RunReport(ending: .compileFailed(diagnostics: ""))]
        let summaries = Self.chinese { reports.compactMap(\.endingSummary) }
        #expect(summaries == [
            "代码片段以状态 3 退出",
            "代码片段崩溃（SIGSEGV，非法内存访问）",
            "运行到 10 s（该代码片段允许的时长）时被停止：它始终没有结束",
            "1.25 s 后取消：主任务被取消，程序自行停止",
            "已停止：代码片段使用的内存超过上限 2048 MB（章节可用 memory=SIZE 提高上限，例如 memory=4G）",
            "代码片段未能编译",
        ])
        // The English is what it was.
        #expect(RunReport(ending: .exited(code: 3)).endingSummary == "the snippet exited with status 3")
    }

    @Test func aTraceClaimThatCannotBeReadIsExplainedInChinese() throws {
        let error = Self.chinese { () -> String? in
            guard case .failure(let error) = TraceExpectation.parse("at least many tasks") else { return nil }
            return error.description
        }
        #expect(error == "无法读取 trace 声明 'at least many tasks'：'many' 不是数量：写一个整数，或 'cores'")
    }

    @Test func aMissingChapterOrDirectoryIsExplainedInChinese() throws {
        let fixture = try LessonsFixture(["01-why-async.md": "# Why\n"])
        let library = try LessonLoader.load(directory: fixture.directory)
        let unknown = Self.chinese { library.unknownLessonMessage("why-asink") }
        #expect(unknown == "\(fixture.directory) 中没有章节 'why-asink'；你是想输入 'why-async' 吗？（'async-tour list' 列出所有章节）")
        let missing = Self.chinese { LibraryError.missingDirectory("/nowhere").description }
        #expect(missing == "找不到课程目录：/nowhere\n  提示：检查传给 --lessons 的路径")
    }

    @Test func aTimeBandReadsInChinese() {
        let bands = Self.chinese { [TimeBand(lower: 1, upper: nil), TimeBand(lower: nil, upper: 2)].map(\.description) }
        #expect(bands == ["至少 1 s", "至多 2 s"])
    }
}
