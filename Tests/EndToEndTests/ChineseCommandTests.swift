import Foundation
import Testing

/// The commands in a Chinese session, chosen by `--lang zh-Hans` or by the
/// locale, end to end.
@Suite(.serialized) struct ChineseCommandTests {
    /// The locale of a Chinese-speaking learner; LC_ALL and LC_MESSAGES are
    /// emptied so that the test runner's own locale does not win.
    static let chineseLocale = ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]
    static let englishLocale = ["LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]

    /// Columns on a terminal: two for a CJK ideograph or full-width form, one otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                || (0xFFE0...0xFFE6).contains(scalar.value)
            return width + (wide ? 2 : 1)
        }
    }

    /// The `# Title` of each translated chapter, by number.
    static func chineseTitles() throws -> [Int: String] {
        let directory = LessonDirectory.bundled + "/zh-Hans"
        var titles: [Int: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".md") {
            guard let number = Int(name.prefix(2)) else { continue }
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            if let heading = text.split(separator: "\n").first(where: { $0.hasPrefix("# ") }) {
                titles[number] = String(heading.dropFirst(2))
            }
        }
        return titles
    }

    /// Every line of `list`: its number, id, Chinese title and Chinese count.
    static func expectChineseList(_ output: BinaryRunner.Output) throws {
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.isEmpty, "\(output.stderr)")
        let titles = try chineseTitles()
        #expect(titles.count >= 10)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == titles.count, "\(output.stdout)")
        for line in lines {
            let number = try #require(Int(line.prefix(2).trimmingCharacters(in: .whitespaces)), "\(line)")
            let title = try #require(titles[number], "\(line)")
            #expect(line.contains("  \(title)（"), "\(line)")
            #expect(line.wholeMatch(of: /.*（\d+ 个代码片段）/) != nil, "\(line)")
            #expect(!line.contains("snippet"), "\(line)")
        }
        #expect(output.stdout.contains(" 1  why-async"))
        #expect(output.stdout.contains("（8 个代码片段）"))
    }

    @Test func listSpeaksChineseWithTheLangOption() throws {
        try Self.expectChineseList(BinaryRunner.run(["list", "--lang", "zh-Hans"], environment: Self.englishLocale))
    }

    @Test func listSpeaksChineseInAChineseLocale() throws {
        try Self.expectChineseList(BinaryRunner.run(["list"], environment: Self.chineseLocale))
    }

    @Test func anUnknownLanguageIsRefusedWithWhatWorks() throws {
        let english = try BinaryRunner.run(["list", "--lang", "fr"], environment: Self.englishLocale)
        #expect(english.status == 64)
        #expect(english.stdout.isEmpty)
        #expect(english.stderr.contains("The tour has no language 'fr': --lang takes en or zh-Hans."), "\(english.stderr)")
        // A Chinese locale says the same in Chinese.
        let chinese = try BinaryRunner.run(["list", "--lang", "fr"], environment: Self.chineseLocale)
        #expect(chinese.status == 64)
        #expect(chinese.stderr.contains("教程没有语言 'fr'：--lang 接受 en 或 zh-Hans。"), "\(chinese.stderr)")
    }

    @Test func helpSpeaksChinese() throws {
        // The root takes no --lang of its own (the default subcommand would take `--help --lang`): the locale chooses.
        let root = try BinaryRunner.run(["--help"], environment: Self.chineseLocale.merging(["COLUMNS": "80"]) { $1 })
        #expect(root.status == 0)
        #expect(root.stdout.contains("边运行边学 Swift 并发：章节、代码片段、计时和时间线。"), "\(root.stdout)")
        #expect(root.stdout.contains("列出所有章节：编号、id、标题和代码片段数。"))
        let test = try BinaryRunner.run(["test", "--help", "--lang", "zh-Hans"], environment: Self.englishLocale.merging(["COLUMNS": "80"]) { $1 })
        #expect(test.status == 0)
        #expect(test.stdout.contains("要测试的章节（编号或 id）；不指定则测试全部。"), "\(test.stdout)")
        // 55 columns, too wide for the 54 beside the labels though it has fewer characters: broken by display width.
        #expect(test.stdout.contains("章节和界面的语言：en 或 zh-Hans（默认：跟随区域设\n                          置）。"), "\(test.stdout)")
    }

    /// The parser wraps by characters, at spaces; a Chinese help line is
    /// broken by display width instead, so it fits a narrow terminal too.
    @Test func chineseHelpFitsTheTerminalsWidth() throws {
        for command in [["--help"], ["check", "--help"], ["test", "--help"], ["run", "--help"]] {
            let help = try BinaryRunner.run(command, environment: Self.chineseLocale.merging(["COLUMNS": "60"]) { $1 })
            #expect(help.status == 0)
            #expect(help.stdout.contains("。"), "\(command): \(help.stdout)")
            // The usage line is the parser's own syntax, as wide in either language.
            for line in help.stdout.split(separator: "\n") where !line.hasPrefix("用法：") {
                #expect(Self.displayWidth(String(line)) <= 60, "\(command): \(line)")
            }
        }
    }

    /// The parser's own words too: its headings, the --help line, its errors.
    @Test func theParsersOwnWordsAreChinese() throws {
        let help = try BinaryRunner.run(["--help"], environment: Self.chineseLocale.merging(["COLUMNS": "80"]) { $1 })
        for heading in ["概述：", "用法：", "选项：", "子命令：", "显示帮助信息。", "'async-tour help <subcommand>' 显示子命令的详细帮助。"] {
            #expect(help.stdout.contains(heading), "\(heading): \(help.stdout)")
        }
        for english in ["OVERVIEW:", "USAGE:", "OPTIONS:", "SUBCOMMANDS:", "Show help information", "(default)"] {
            #expect(!help.stdout.contains(english), "\(english) left in: \(help.stdout)")
        }
        // The label column stays aligned where "(default)" became shorter.
        let rows = help.stdout.split(separator: "\n").filter { $0.hasPrefix("  shell") || $0.hasPrefix("  list ") }
        #expect(rows.count == 2)
        #expect(Set(rows.map { row in Self.displayWidth(String(row.prefix { $0 != "启" && $0 != "列" })) }).count == 1, "\(rows)")
        let wrong = try BinaryRunner.run(["list", "--bogus", "--lang", "zh-Hans"], environment: Self.englishLocale)
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("错误：未知选项 '--bogus'"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("用法：async-tour list"))
        #expect(wrong.stderr.contains("'async-tour list --help' 说明更多。"))
        // English stays the parser's.
        let english = try BinaryRunner.run(["list", "--bogus"], environment: Self.englishLocale)
        #expect(english.stderr.contains("Error: Unknown option '--bogus'"))
    }

    /// The last --lang wins, as the parser takes it, for the interface too.
    @Test func theLastLangWins() throws {
        let english = try BinaryRunner.run(["list", "--lang", "zh-Hans", "--lang", "en"], environment: Self.englishLocale)
        #expect(english.status == 0)
        #expect(english.stdout.contains("Why async?"), "\(english.stdout)")
        #expect(english.stdout.contains("snippets)"), "the counts are English too: \(english.stdout)")
        let chinese = try BinaryRunner.run(["list", "--lang=en", "--lang=zh-Hans"], environment: Self.englishLocale)
        #expect(chinese.stdout.contains("为什么要用异步？"), "\(chinese.stdout)")
        #expect(chinese.stdout.contains("个代码片段"), "\(chinese.stdout)")
    }

    @Test func aMistypedCommandIsNamedInChinese() throws {
        let result = try BinaryRunner.run(["lsit"], environment: Self.chineseLocale)
        #expect(result.status == 64)
        #expect(result.stderr.contains("错误：未知命令 'lsit'。你是想输入 'list' 吗？"), "\(result.stderr)")
        #expect(result.stderr.contains("'async-tour --help' 会逐一说明。"))
    }

    @Test func testReportsInChinese() throws {
        let directory = try BinaryRunner.fixture([
            "01-checks.md": """
            # Checks

            ```swift time=..5
            print("right")
            ```

            ```output
            right
            ```

            ```swift exercise time=0.9..1.6
            print("slow")
            ```

            ```output
            fast
            ```

            ```hint
            Print the other word.
            ```

            ```solution
            try await Task.sleep(for: .seconds(1))
            print("fast")
            ```

            ```swift os=darwin
            print("apple")
            ```
            """,
        ])
        let result = try BinaryRunner.run(["test", "--lang", "zh-Hans", "--lessons", directory], environment: Self.englishLocale)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count >= 3, "\(result.stdout)")
        #expect(lines[0].hasPrefix("通过 checks #1"), "\(result.stdout)")
        #expect(lines[0].contains("（区间 至多 5 s）"), "\(result.stdout)")
        #expect(lines[1].hasPrefix("通过 checks #2"), "\(result.stdout)")
        #expect(lines[1].contains("练习：起始代码失败，参考答案 1."), "\(result.stdout)")
        #expect(lines[2].hasPrefix("跳过 checks #3"), "\(result.stdout)")
        #expect(lines[2].contains("已跳过：仅在 darwin 上运行"), "\(result.stdout)")
        // Each mark takes the four columns "ok  " takes, so what follows starts at column 30,
        // and the longest line, an exercise's, still fits 80 columns.
        for line in lines.prefix(3) {
            let name = try #require(line.firstMatch(of: /^.+? checks #\d+ +/), "\(line)")
            #expect(Self.displayWidth(String(name.output)) == 30, "\(line)")
            #expect(Self.displayWidth(line) <= 80, "\(line)")
        }
        #expect(result.stdout.contains("\n已检查 1 章中的 3 个代码片段，耗时 "), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("\n2 通过，0 失败，1 跳过（其他平台）\n"), "\(result.stdout)")
        // The fixture has no Chinese translation: a note says so, in Chinese.
        #expect(result.stderr.contains("本课程没有简体中文译本"), "\(result.stderr)")
    }

    @Test func checkReportsAChaptersProblemsInChinese() throws {
        let directory = try BinaryRunner.fixture([
            "01-checks.md": """
            # Checks

            ```swift tme=1
            print("right")
            ```
            """,
            "02-good.md": """
            # Good

            ```swift
            print("good")
            ```
            """,
        ])
        let result = try BinaryRunner.run(["check", "--lessons", directory], environment: Self.chineseLocale)
        #expect(result.status == 1)
        #expect(result.stderr.contains("swift 代码片段上的属性 'tme' 无法识别"), "\(result.stderr)")
        #expect(result.stdout.contains("中有 1 章、1 个代码片段、0 个练习：1 个问题\n"), "\(result.stdout)")
        // The English summary is what it was, a whole line.
        let english = try BinaryRunner.run(["check", "--lessons", directory], environment: Self.englishLocale)
        #expect(english.stdout.hasSuffix(": 1 problem\n"), "\(english.stdout)")
        #expect(english.stdout.contains("1 chapter, 1 snippet, 0 exercises in "), "\(english.stdout)")
    }
}
