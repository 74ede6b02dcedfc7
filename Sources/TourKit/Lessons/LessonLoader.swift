import Foundation
import Synchronization

/// Every chapter of one lessons directory, and what was wrong with the ones
/// that could not be loaded.
public struct LessonLibrary: Sendable {
    public var directory: String
    public var lessons: [Lesson]
    public var problems: [LessonProblem]
    /// What looks like a mistake but does not keep a chapter from loading
    /// (a ```` ```Swift ```` fence, which is display code).
    public var warnings: [LessonProblem] = []
    /// The language the chapters are in: the one asked for, chapter by
    /// chapter, where a translation exists and matches the original.
    public var language: Language = .english
    /// One line for the learner for each chapter shown in English although
    /// another language was asked for (no translation, or a broken one).
    public var notes: [String] = []

    public init(directory: String, lessons: [Lesson], problems: [LessonProblem], warnings: [LessonProblem] = []) {
        self.directory = directory
        self.lessons = lessons
        self.problems = problems
        self.warnings = warnings
    }

    /// A chapter by number (`1`, `01`) or id (`why-async`).
    public func lesson(_ reference: String) -> Lesson? {
        if let number = Int(reference) { return lessons.first { $0.number == number } }
        return lessons.first { $0.id == reference.lowercased() }
    }

    /// The message for a reference that names no chapter.
    public func unknownLessonMessage(_ reference: String, listCommand: String = "async-tour list") -> String {
        let shown = reference.quotedForMessage(), place = directory.quotedForMessage(limit: 1024)
        if let guess = closestMatch(to: reference, in: lessons.map(\.id)) {
            return localized("no chapter '\(shown)' in \(place); did you mean '\(guess)'? ('\(listCommand)' shows every chapter)")
        }
        return localized("no chapter '\(shown)' in \(place) ('\(listCommand)' shows every chapter)")
    }
}

public enum LibraryError: Error, Equatable, CustomStringConvertible {
    case missingDirectory(String)
    case notADirectory(String)
    case noChapters(String)
    case bundledLessonsNotFound(searched: [String])

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            let shown = path.quotedForMessage(limit: 1024)
            return localized("lessons directory not found: \(shown)\n  hint: check the path given to --lessons")
        case .notADirectory(let path):
            let shown = path.quotedForMessage(limit: 1024)
            return localized("not a directory: \(shown)\n  hint: --lessons takes the directory that holds the NN-slug.md chapters")
        case .noChapters(let path):
            let shown = path.quotedForMessage(limit: 1024)
            return localized("no chapters in \(shown)\n  hint: a chapter is a file named like 01-why-async.md")
        case .bundledLessonsNotFound(let searched):
            let places = searched.map { $0.quotedForMessage(limit: 1024) }.joined(separator: ", ")
            return localized("""
                could not find the bundled Lessons directory (looked in \(places))
                  hint: pass --lessons DIR or set ASYNC_TOUR_LESSONS
                """)
        }
    }
}

public enum LessonLoader {
    /// The directory of `directory`'s translation into `language`:
    /// `Lessons/zh-Hans`.
    public static func translationDirectory(of directory: String, in language: Language) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + language.code
    }

    /// The chapters of `directory` in `language`: each chapter's
    /// translation from ``translationDirectory(of:in:)`` where it exists
    /// and keeps ``TranslationParity`` with the original, else the original
    /// with a note. What is wrong with a translation is among the problems.
    public static func load(directory: String, language: Language) throws(LibraryError) -> LessonLibrary {
        var library = try load(directory: directory)
        guard language != .english else { return library }
        library.language = language
        let translated = translationDirectory(of: directory, in: language)
        var isDirectory: ObjCBool = false
        let shown = translated.quotedForMessage(limit: 256)
        guard FileManager.default.fileExists(atPath: translated, isDirectory: &isDirectory) else {
            library.notes.append(localized("This course has no \(language.nativeName) translation (\(shown) is missing): the chapters are in English."))
            return library
        }
        let translation: LessonLibrary
        do throws(LibraryError) {
            guard isDirectory.boolValue else { throw .notADirectory(translated) }
            translation = try load(directory: translated)
        } catch {
            // There, but not a directory of chapters: a problem for `check`, and English.
            if case .noChapters = error {
                library.notes.append(localized("This course has no \(language.nativeName) translation (\(shown) holds no chapters): the chapters are in English."))
            } else {
                library.problems.append(LessonProblem(path: translated, line: nil,
                    message: localized("the \(language.nativeName) translation cannot be read: it is not a directory of chapters"),
                    hint: localized("make \(shown) a directory holding the translated NN-slug.md files, or remove it")))
                library.notes.append(localized("The \(language.nativeName) translation (\(shown)) cannot be read: the chapters are in English."))
            }
            return library
        }
        library.problems += translation.problems
        library.warnings += translation.warnings
        var untranslated: [Int] = [], unreadable: [Int] = [], broken: [Int] = []
        library.lessons = library.lessons.map { original in
            guard let lesson = translation.lessons.first(where: { $0.id == original.id && $0.number == original.number }) else {
                if !translation.problems.contains(where: { $0.path.hasSuffix("/" + original.fileName) }) { untranslated.append(original.number) }
                else { unreadable.append(original.number) }
                return original
            }
            let differences = TranslationParity.differences(original: original, translation: lesson)
            guard differences.isEmpty else {
                library.problems += differences
                broken.append(original.number)
                return original
            }
            return TranslationParity.compilingOriginals(lesson, of: original)
        }
        for extra in translation.lessons where !library.lessons.contains(where: { $0.id == extra.id && $0.number == extra.number }) {
            library.problems.append(LessonProblem(path: extra.path, line: nil,
                message: localized("this translation has no original: there is no \(extra.fileName) in \(directory.quotedForMessage(limit: 256))"),
                hint: localized("name a translation exactly as the chapter it translates")))
        }
        if !untranslated.isEmpty {
            let numbers = untranslated.map(String.init).joined(separator: ", ")
            library.notes.append(localized("Not yet translated into \(language.nativeName), shown in English: chapter \(numbers)."))
        }
        if !unreadable.isEmpty {
            let numbers = unreadable.map(String.init).joined(separator: ", ")
            library.notes.append(localized("""
                The \(language.nativeName) text of chapter \(numbers) cannot be loaded and is shown in English \
                ('async-tour check' says why).
                """))
        }
        if !broken.isEmpty {
            let numbers = broken.map(String.init).joined(separator: ", ")
            library.notes.append(localized("""
                The \(language.nativeName) text of chapter \(numbers) differs from the English in its snippets \
                and is shown in English ('async-tour check' says where).
                """))
        }
        return library
    }

    /// Loads every `NN-slug.md` in `directory`. A broken chapter becomes a
    /// problem; the others still load.
    public static func load(directory: String) throws(LibraryError) -> LessonLibrary {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw .missingDirectory(directory)
        }
        guard isDirectory.boolValue else { throw .notADirectory(directory) }
        let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        // First the files, in name order: each is a chapter to parse or a
        // problem found without parsing.
        enum Entry {
            case problem(LessonProblem)
            case chapter(path: String, number: Int, id: String, bytes: [UInt8])
        }
        var entries: [Entry] = []
        var sawChapterFile = false
        for name in names where name.hasSuffix(".md") && name != "README.md" {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let (number, id) = chapterName(name) else {
                entries.append(.problem(LessonProblem(path: path, line: nil,
                    message: localized("'\(name.quotedForMessage())' is not a chapter file name"),
                    hint: localized("name chapters NN-slug.md with a number and a lowercase slug, e.g. 02-async-await.md"))))
                continue
            }
            sawChapterFile = true
            // A huge file is refused before it is read into memory.
            // (stat, not `attributesOfItem`, which also looks up the owner's
            // user and group names for every file.)
            var info = stat()
            if stat(path, &info) == 0, case let size = Int(info.st_size), size > MarkdownLimits.maxBytes {
                let violation = MarkdownLimitViolation.size(bytes: size)
                entries.append(.problem(LessonProblem(path: path, line: nil, message: violation.description, hint: violation.hint)))
                continue
            }
            guard let data = manager.contents(atPath: path) else {
                entries.append(.problem(LessonProblem(path: path, line: nil, message: localized("cannot read the file"),
                                                                  hint: localized("check its permissions"))))
                continue
            }
            entries.append(.chapter(path: path, number: number, id: id, bytes: [UInt8](data)))
        }
        // The chapters are independent, so they are parsed on every core at
        // once: parsing is most of the tour's start-up (the shell's first
        // prompt and `list` wait for it).
        let parsed = Mutex<[Int: ParseResult]>([:])
        let toParse = entries
        DispatchQueue.concurrentPerform(iterations: toParse.count) { index in
            guard case .chapter(let path, let number, let id, let bytes) = toParse[index] else { return }
            let result = parseReporting(bytes: bytes, path: path, number: number, id: id)
            parsed.withLock { $0[index] = result }
        }
        let results = parsed.withLock { $0 }
        // Then the results, in name order, as if they had been parsed one
        // after the other: a chapter whose id or number an earlier loaded
        // chapter has is a duplicate, and what parsing it found is dropped.
        var lessons: [Lesson] = []
        var problems: [LessonProblem] = []
        var warnings: [LessonProblem] = []
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .problem(let problem):
                problems.append(problem)
            case .chapter(let path, let number, let id, _):
                if let clash = lessons.first(where: { $0.id == id || $0.number == number }) {
                    let other = clash.fileName
                    problems.append(LessonProblem(path: path, line: nil,
                        message: clash.id == id ? localized("duplicate chapter id '\(id)': \(other) already uses it")
                                                : localized("duplicate chapter number \(number): \(other) already uses it"),
                        hint: localized("give each chapter its own number and slug")))
                    continue
                }
                guard let result = results[index] else { continue }
                if let lesson = result.lesson { lessons.append(lesson) }
                problems += result.problems
                warnings += result.warnings
            }
        }
        if !sawChapterFile && problems.isEmpty { throw .noChapters(directory) }
        return LessonLibrary(directory: directory, lessons: lessons.sorted { $0.number < $1.number }, problems: problems,
                             warnings: warnings)
    }

    /// `01-why-async.md` → (1, "why-async").
    static func chapterName(_ fileName: String) -> (Int, String)? {
        let stem = fileName.dropLast(3)
        guard let dash = stem.firstIndex(of: "-") else { return nil }
        let digits = stem[..<dash]
        let slug = stem[stem.index(after: dash)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits), !slug.isEmpty,
              slug.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else { return nil }
        return (number, String(slug))
    }

    /// Parses one chapter's bytes; the first problem when it cannot be loaded.
    public static func parse(bytes: [UInt8], path: String, number: Int, id: String) -> Result<Lesson, LessonProblem> {
        let parsed = parseReporting(bytes: bytes, path: path, number: number, id: id)
        if let lesson = parsed.lesson { return .success(lesson) }
        return .failure(parsed.problems.first ?? LessonProblem(path: path, line: nil, message: localized("the chapter cannot be loaded"), hint: ""))
    }

    /// What parsing a chapter found: the lesson when nothing was wrong,
    /// every problem (in line order, so `check` reports all of them at once)
    /// and the warnings, which do not keep the chapter from loading.
    public struct ParseResult: Sendable {
        public var lesson: Lesson?
        public var problems: [LessonProblem]
        public var warnings: [LessonProblem]
    }

    /// Parses one chapter's bytes and reports every problem it has.
    public static func parseReporting(bytes: [UInt8], path: String, number: Int, id: String) -> ParseResult {
        func fail(_ problem: LessonProblem) -> ParseResult { ParseResult(lesson: nil, problems: [problem], warnings: []) }
        // The standard library validates in one optimised pass; the line of
        // the first bad byte is looked for only when there is one (decoding
        // scalar by scalar took a debug build 11 ms on the course).
        guard let source = String(validating: bytes, as: UTF8.self) else {
            return fail(LessonProblem(path: path, line: firstInvalidUTF8Line(bytes) ?? 1, message: localized("the file is not valid UTF-8"),
                                      hint: localized("save the chapter as UTF-8")))
        }
        if source.allSatisfy(\.isWhitespace) {
            return fail(LessonProblem(path: path, line: nil, message: localized("the chapter is empty"),
                                      hint: localized("start it with a '# Title' heading, or remove the file")))
        }
        let document = MarkdownParser.parseDocument(source)
        if let violation = document.overLimit {
            return fail(LessonProblem(path: path, line: violation.line, message: violation.description, hint: violation.hint))
        }
        var problems: [LessonProblem] = document.unclosedFenceLines.map { line in
            LessonProblem(path: path, line: line, message: localized("this code fence is never closed"),
                          hint: localized("add a closing ``` line after the code"))
        }
        let title = firstHeading(in: document.blocks)
        if title == nil {
            problems.append(LessonProblem(path: path, line: 1, message: localized("the chapter has no heading"),
                                          hint: localized("start it with a '# Title' line")))
        }
        var collector = SnippetCollector(path: path)
        collector.collect(document.blocks, depth: 0)
        collector.closeOpen()
        collector.resolvePairs()
        problems += collector.problems
        problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        guard problems.isEmpty, let title else { return ParseResult(lesson: nil, problems: problems, warnings: collector.warnings) }
        let lesson = Lesson(id: id, number: number, title: title, path: path, blocks: document.blocks, snippets: collector.snippets)
        return ParseResult(lesson: lesson, problems: [], warnings: collector.warnings)
    }

    static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    private static func firstHeading(in blocks: [MarkdownBlock]) -> String? {
        for block in blocks {
            if case .heading(_, let content, _) = block { return content.plainText }
        }
        return nil
    }

}
