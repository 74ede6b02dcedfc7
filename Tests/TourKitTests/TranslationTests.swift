import Foundation
import Testing
@testable import TourKit

/// Choosing the language, and a translated course kept in step with its original.
@Suite struct TranslationTests {
    // MARK: Choosing

    @Test(arguments: [
        (["LANG": "zh_CN.UTF-8"], Language.simplifiedChinese, false),
        (["LANG": "zh_SG"], .simplifiedChinese, false),
        (["LANG": "zh_Hans_CN.UTF-8"], .simplifiedChinese, false),
        (["LANG": "zh_CN.GB18030@stroke"], .simplifiedChinese, false),
        (["LANG": "zh_TW.UTF-8"], .english, true),
        (["LANG": "zh_HK"], .english, true),
        (["LANG": "en_US.UTF-8"], .english, false),
        (["LANG": "fr_FR.UTF-8"], .english, false),
        (["LANG": "C"], .english, false),
        (["LANG": "POSIX"], .english, false),
        ([:], .english, false),
        // LC_ALL wins over LC_MESSAGES, which wins over LANG; an empty one does not count.
        (["LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"], .english, false),
        (["LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"], .simplifiedChinese, false),
        (["LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"], .english, false),
    ])
    func theLocaleChooses(environment: [String: String], language: Language, noted: Bool) {
        let choice = Language.choice(environment: environment)
        #expect(choice.language == language)
        #expect((choice.note != nil) == noted, "\(environment): a note only where Chinese was asked for and English given")
    }

    @Test func langTakesTheSpellingsOfALocaleAndRefusesOthers() {
        for code in ["zh-Hans", "zh_Hans", "ZH-HANS", "zh-CN", "zh_cn", "zh"] {
            #expect(Language.choice(forCode: code)?.language == .simplifiedChinese, "\(code)")
        }
        #expect(Language.choice(forCode: "en")?.language == .english)
        #expect(Language.choice(forCode: "en-GB")?.language == .english)
        #expect(Language.choice(forCode: "zh-Hant")?.language == .english)
        #expect(Language.choice(forCode: "zh-Hant")?.note?.contains("Traditional") == true)
        #expect(Language.choice(forCode: "fr") == nil)
        #expect(Language.choice(forCode: "") == nil)
    }

    @Test func aTaskMaySpeakAnotherLanguageThanTheProcess() async {
        let before = Language.current
        let inside = Language.$scoped.withValue(.simplifiedChinese) { localized("chapter \(3)") }
        #expect(inside == "第 3 章")
        #expect(localized("chapter \(3)") == (before == .english ? "chapter 3" : "第 3 章"))
        #expect(Language.current == before)
    }

    // MARK: Comments

    @Test func swiftCommentsGoAndTheirLinesStay() {
        let code = """
            let a = "// not a comment" // a comment
            /* two
               lines */ let b = 1
            /// doc
            let c = #"/* raw */"#
            """
        let bare = CodeComments.stripped(code, language: .swift)
        #expect(bare == """
            let a = "// not a comment"

             let b = 1

            let c = #"/* raw */"#
            """)
        #expect(bare.split(separator: "\n", omittingEmptySubsequences: false).count
                == code.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    @Test func pythonCommentsGoButNotAHashInAString() {
        let code = """
            print("# kept")  # gone
            s = '''a # kept
            b'''
            # gone
            x = 'it\\'s # kept'
            """
        #expect(CodeComments.stripped(code, language: .python) == """
            print("# kept")
            s = '''a # kept
            b'''

            x = 'it\\'s # kept'
            """)
    }

    // MARK: Parity

    static let original = """
        # Tasks

        Two tasks.

        ```swift time=0.9..1.5
        // wait a second
        try await Task.sleep(for: .seconds(1))
        print("done")
        ```

        ```output
        done
        ```

        An exercise.

        ```swift exercise time=..1.5
        print("slow") // make it fast
        ```

        ```output
        slow
        ```

        ```hint
        Use `async let`.
        ```

        ```hint
        Or a group.
        ```

        ```solution
        print("slow")
        ```
        """

    static func lesson(_ text: String, path: String = "/l/zh-Hans/01-tasks.md") -> Lesson? {
        LessonLoader.parseReporting(bytes: Array(text.utf8), path: path, number: 1, id: "tasks").lesson
    }

    static func translate(_ replacements: [(String, String)]) -> String {
        replacements.reduce(original) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    static let faithful: [(String, String)] = [
        ("# Tasks", "# 任务"), ("Two tasks.", "两个任务。"), ("// wait a second", "// 等一秒"), ("An exercise.", "一个练习。"),
        ("// make it fast", "// 让它变快"), ("Use `async let`.", "用 `async let`。"), ("Or a group.", "或者用任务组。"),
    ]

    @Test func aTranslationOfTheProseAndTheCommentsIsFaithful() throws {
        let english = try #require(Self.lesson(Self.original, path: "/l/01-tasks.md"))
        let chinese = try #require(Self.lesson(Self.translate(Self.faithful)))
        #expect(chinese.title == "任务")
        #expect(TranslationParity.differences(original: english, translation: chinese).isEmpty)
    }

    @Test(arguments: [
        ("print(\"done\")\n```\n\n```output", "print(\"完成\")\n```\n\n```output", "has other code", 8),
        ("```output\ndone", "```output\n完成", "expects something else", 11),
        ("```swift time=0.9..1.5", "```swift time=0.5..1.5", "has other attributes", 5),
        ("// 等一秒\ntry await", "try await", "has other code", 6),
        ("```hint\n或者用任务组。\n```\n", "", "has 1 hints, the original 2", 17),
        ("```solution\nprint(\"slow\")", "```solution\nprint(\"fast\")", "has another solution", 34),
    ])
    func aTranslationThatChangesWhatRunsIsReportedWithItsLine(from: String, to: String, says: String, line: Int) throws {
        let english = try #require(Self.lesson(Self.original, path: "/l/01-tasks.md"))
        let faithful = Self.translate(Self.faithful)
        try #require(faithful.contains(from))
        let text = faithful.replacingOccurrences(of: from, with: to)
        let chinese = try #require(Self.lesson(text))
        let problems = TranslationParity.differences(original: english, translation: chinese)
        #expect(problems.count == 1, "\(problems)")
        let problem = try #require(problems.first)
        #expect(problem.message.contains(says), "\(problem.message)")
        #expect(problem.path == "/l/zh-Hans/01-tasks.md")
        #expect(problem.line == line, "\(problem)")
    }

    @Test func aMissingSnippetIsReported() throws {
        let english = try #require(Self.lesson(Self.original, path: "/l/01-tasks.md"))
        let start = try #require(Self.original.range(of: "An exercise."))
        let chinese = try #require(Self.lesson(String(Self.original[..<start.lowerBound])))
        let problems = TranslationParity.differences(original: english, translation: chinese)
        #expect(problems.map(\.message).contains { $0.contains("the translation has 1 snippets, the original 2") })
    }

    /// A snippet added near the start shifts every later one: the first
    /// difference and the count are reported, not one problem per snippet.
    @Test func anAddedSnippetIsReportedOnceNotForEverySnippetAfterIt() throws {
        let english = try #require(Self.lesson(Self.original, path: "/l/01-tasks.md"))
        let text = Self.translate(Self.faithful).replacingOccurrences(of: "两个任务。\n", with: "两个任务。\n\n```swift\nprint(\"extra\")\n```\n")
        let chinese = try #require(Self.lesson(text))
        let problems = TranslationParity.differences(original: english, translation: chinese)
        #expect(problems.allSatisfy { !$0.message.contains("snippet 2 ") }, "\(problems.map(\.message))")
        #expect(problems.first?.line == 5, "the first difference is the added snippet: \(problems)")
        #expect(problems.contains { $0.message.contains("the translation has 3 snippets, the original 2") })
    }

    // MARK: Loading

    @Test func aTranslationThatCannotBeLoadedIsNotSaidToDifferInItsSnippets() throws {
        let root = try Self.course(first: "# 任务\n\n```swift\nprint(1)\n")
        try Data([0x23, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: root + "/zh-Hans/01-tasks.md"))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try LessonLoader.load(directory: root, language: .simplifiedChinese)
        #expect(library.lessons.first?.title == "Tasks")
        #expect(library.problems.first?.message.contains("UTF-8") == true, "\(library.problems)")
        #expect(library.notes.contains { $0.contains("cannot be loaded") }, "\(library.notes)")
        #expect(!library.notes.contains { $0.contains("differs") }, "\(library.notes)")
    }

    @Test func aTranslationThatIsAFileIsAProblemNotMissing() throws {
        let root = try Self.course(first: nil)
        try FileManager.default.removeItem(atPath: root + "/zh-Hans")
        try "not a directory".write(toFile: root + "/zh-Hans", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try LessonLoader.load(directory: root, language: .simplifiedChinese)
        #expect(library.lessons.map(\.title) == ["Tasks", "Second"])
        #expect(library.problems.map(\.path) == [root + "/zh-Hans"], "\(library.problems)")
        #expect(library.notes.count == 1)
        #expect(library.notes.first?.contains("cannot be read") == true, "\(library.notes)")
    }

    /// A course of two chapters, the first translated as `first` says.
    static func course(first: String?) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("translation-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/zh-Hans", withIntermediateDirectories: true)
        try original.write(toFile: root + "/01-tasks.md", atomically: true, encoding: .utf8)
        try "# Second\n\nText.\n".write(toFile: root + "/02-second.md", atomically: true, encoding: .utf8)
        if let first { try first.write(toFile: root + "/zh-Hans/01-tasks.md", atomically: true, encoding: .utf8) }
        return root
    }

    @Test func eachChapterIsTranslatedOrEnglishWithANote() throws {
        let root = try Self.course(first: Self.translate(Self.faithful))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try LessonLoader.load(directory: root, language: .simplifiedChinese)
        #expect(library.lessons.map(\.title) == ["任务", "Second"])
        #expect(library.problems.isEmpty)
        #expect(library.notes.count == 1)
        #expect(library.notes.first?.contains("2") == true, "the note names the untranslated chapter: \(library.notes)")
        let english = try LessonLoader.load(directory: root, language: .english)
        #expect(english.lessons.map(\.title) == ["Tasks", "Second"])
        #expect(english.notes.isEmpty)
    }

    @Test func aTranslationThatDiffersIsReplacedByTheOriginal() throws {
        let root = try Self.course(first: Self.translate(Self.faithful + [("print(\"done\")", "print(\"完成\")")]))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try LessonLoader.load(directory: root, language: .simplifiedChinese)
        #expect(library.lessons.first?.title == "Tasks", "the original is shown where the translation runs other code")
        #expect(library.problems.count == 1)
        #expect(library.problems.first?.path == root + "/zh-Hans/01-tasks.md")
        #expect(library.notes.contains { $0.contains("1") && $0.contains("check") })
    }

    @Test func aCourseWithoutTheTranslationSaysSoOnce() throws {
        let root = try Self.course(first: nil)
        try FileManager.default.removeItem(atPath: root + "/zh-Hans")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try LessonLoader.load(directory: root, language: .simplifiedChinese)
        #expect(library.lessons.map(\.title) == ["Tasks", "Second"])
        #expect(library.notes.count == 1)
        #expect(library.problems.isEmpty)
    }

    @Test func aTranslationWithoutAnOriginalIsAProblem() throws {
        let root = try Self.course(first: Self.translate(Self.faithful))
        try "# 第三\n".write(toFile: root + "/zh-Hans/03-third.md", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try LessonLoader.load(directory: root, language: .simplifiedChinese)
        #expect(library.lessons.count == 2)
        #expect(library.problems.map(\.path) == [root + "/zh-Hans/03-third.md"])
    }

    /// A chapter over a limit is told so in Chinese too, the numbers kept.
    @Test func theLimitsOfAChapterSpeakChinese() {
        let violation = MarkdownLimitViolation.size(bytes: 600_000)
        let (message, hint) = Language.$scoped.withValue(.simplifiedChinese) { (violation.description, violation.hint) }
        #expect(message == "文件有 600000 字节，超过了一章允许的 \(MarkdownLimits.maxBytes) 字节")
        #expect(hint == "把这一章拆成几个文件")
        #expect(violation.description.hasPrefix("the file is 600000 bytes"))
    }

    // MARK: The bundled course

    /// Every chapter of the bundled course has its Chinese, in parity: a
    /// translated snippet that differed from the original would be a
    /// problem here, and its chapter would be shown in English.
    @Test func theBundledCourseIsWhollyTranslated() throws {
        let directory = try LessonLocator.bundledDirectory(environment: [:])
        let english = try LessonLoader.load(directory: directory)
        let chinese = try LessonLoader.load(directory: directory, language: .simplifiedChinese)
        #expect(chinese.problems.isEmpty, "\(chinese.problems.map(\.description).joined(separator: "\n"))")
        #expect(chinese.notes.isEmpty, "\(chinese.notes)")
        #expect(chinese.lessons.map(\.id) == english.lessons.map(\.id))
        for (original, translation) in zip(english.lessons, chinese.lessons) {
            #expect(translation.path.contains("/zh-Hans/"), "chapter \(original.number) is shown in English")
            #expect(translation.title != original.title, "chapter \(original.number)'s title is not translated")
            #expect(translation.steps.count == original.steps.count, "chapter \(original.number) has other parts")
            // Prose is translated: a chapter's text outside code is mostly CJK.
            let text = translation.blocks.compactMap { block -> String? in
                if case .paragraph(let inlines, _) = block { return inlines.plainText } else { return nil }
            }.joined()
            let wide = text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
            #expect(wide * 4 > text.unicodeScalars.count, "chapter \(original.number)'s paragraphs look untranslated")
        }
    }

    /// The Chinese README gives the same two commands as the English one,
    /// and CI installs what they install.
    @Test func theChineseReadmeGivesTheSameTwoCommands() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        func commands(_ file: String) throws -> [String] {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            return text.components(separatedBy: "```sh\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
        }
        // The first two: setting up and starting the tour, and passing the tests.
        let english = Array(try commands("README.md").prefix(2))
        #expect(english.count == 2)
        #expect(english.last == "swift build && swift test --no-parallel")
        #expect(try commands("README.zh-Hans.md") == english)
        let ci = try String(contentsOfFile: root + "/.ci/run", encoding: .utf8)
        let packages = try #require(english.first?.components(separatedBy: "install -y ").last?.components(separatedBy: " &&").first)
        for package in packages.split(separator: " ") {
            #expect(ci.contains(" \(package)"), "CI does not install \(package)")
        }
    }

    // MARK: Shared builds

    @Test func aTranslatedSnippetBuildsTheOriginalsProgram() throws {
        let compiler = SnippetCompiler(toolchain: Toolchain(swiftc: "/nonexistent/swiftc", version: "none"),
                                       cacheDirectory: "/nonexistent", environment: [:])
        let englishLesson = try #require(Self.lesson(Self.original, path: "/l/01-tasks.md"))
        let chineseLesson = TranslationParity.compilingOriginals(try #require(Self.lesson(Self.translate(Self.faithful))), of: englishLesson)
        func key(_ snippet: Snippet?) throws -> String {
            compiler.keyMaterial(for: try #require(snippet), lessonPath: "/l/x.md")
        }
        let (english, chinese) = (englishLesson.snippets[0], chineseLesson.snippets[0])
        #expect(english.code != chinese.code, "the comments are translated")
        #expect(try key(english) == key(chinese))
        #expect(SnippetCompiler.mainSource(for: chinese, lessonPath: "/l/x.md").contains("// wait a second"))
        // The exercise's starting code and its solution too.
        #expect(try key(englishLesson.snippets[1]) == key(chineseLesson.snippets[1]))
        #expect(try key(englishLesson.snippets[1].solutionSnippet) == key(chineseLesson.snippets[1].solutionSnippet))
        // Code changed since (a learner's copy) is compiled as it is.
        var edited = chinese
        edited.code = chinese.code.replacingOccurrences(of: "\"done\"", with: "\"finished\"")
        #expect(try key(edited) != key(chinese))
        #expect(SnippetCompiler.mainSource(for: edited, lessonPath: "/l/x.md").contains("// 等一秒"))
    }

    @Test func theQuickLineCheckAgreesWithTheParser() {
        let pairs: [(String, String, Int?)] = [
            ("a() // one\nb()", "a() // 一\nb()", nil),
            ("a() // one\nb()", "a() // 一\nc()", 1),
            ("print(\"// x\") // one", "print(\"// y\") // 一", 0),
            ("let s = \"\\(f(\"//\"))\" // c", "let s = \"\\(f(\"//\"))\" // 注", nil),
            ("/* a\n b */ x()", "/* 甲\n 乙 */ x()", nil),
            ("/* a\n b */ x()", "/* 甲 乙 */\n x()", nil),
            ("x() /* a */", "y() /* a */", 0),
        ]
        for (a, b, line) in pairs {
            #expect(CodeComments.firstDifferentLine(a, b, language: .swift) == line, "\(a) | \(b)")
        }
    }
}
