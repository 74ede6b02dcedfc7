import Foundation

/// Every chapter of one lessons directory, and what was wrong with the ones
/// that could not be loaded.
public struct LessonLibrary: Sendable {
    public var directory: String
    public var lessons: [Lesson]
    public var problems: [LessonProblem]

    public init(directory: String, lessons: [Lesson], problems: [LessonProblem]) {
        self.directory = directory
        self.lessons = lessons
        self.problems = problems
    }

    /// A chapter by number (`1`, `01`) or id (`why-async`).
    public func lesson(_ reference: String) -> Lesson? {
        if let number = Int(reference) { return lessons.first { $0.number == number } }
        return lessons.first { $0.id == reference.lowercased() }
    }

    /// The message for a reference that names no chapter.
    public func unknownLessonMessage(_ reference: String, listCommand: String = "async-tour list") -> String {
        var message = "no chapter '\(reference.quotedForMessage())' in \(directory.quotedForMessage(limit: 1024))"
        if let guess = closestMatch(to: reference, in: lessons.map(\.id)) {
            message += "; did you mean '\(guess)'?"
        }
        return message + " ('\(listCommand)' shows every chapter)"
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
            return "lessons directory not found: \(path.quotedForMessage(limit: 1024))\n  hint: check the path given to --lessons"
        case .notADirectory(let path):
            return "not a directory: \(path.quotedForMessage(limit: 1024))\n  hint: --lessons takes the directory that holds the NN-slug.md chapters"
        case .noChapters(let path):
            return "no chapters in \(path.quotedForMessage(limit: 1024))\n  hint: a chapter is a file named like 01-why-async.md"
        case .bundledLessonsNotFound(let searched):
            return "could not find the bundled Lessons directory (looked in \(searched.map { $0.quotedForMessage(limit: 1024) }.joined(separator: ", ")))\n"
                + "  hint: pass --lessons DIR or set ASYNC_TOUR_LESSONS"
        }
    }
}

public enum LessonLoader {
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
        var lessons: [Lesson] = []
        var problems: [LessonProblem] = []
        var sawChapterFile = false
        for name in names where name.hasSuffix(".md") && name != "README.md" {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let (number, id) = chapterName(name) else {
                problems.append(LessonProblem(path: path, line: nil,
                    message: "'\(name.quotedForMessage())' is not a chapter file name",
                    hint: "name chapters NN-slug.md with a number and a lowercase slug, e.g. 02-async-await.md"))
                continue
            }
            sawChapterFile = true
            // A huge file is refused before it is read into memory.
            if let size = (try? manager.attributesOfItem(atPath: path))?[.size] as? Int, size > MarkdownLimits.maxBytes {
                let violation = MarkdownLimitViolation.size(bytes: size)
                problems.append(LessonProblem(path: path, line: nil, message: violation.description, hint: violation.hint))
                continue
            }
            guard let data = manager.contents(atPath: path) else {
                problems.append(LessonProblem(path: path, line: nil, message: "cannot read the file", hint: "check its permissions"))
                continue
            }
            if let clash = lessons.first(where: { $0.id == id || $0.number == number }) {
                let what = clash.id == id ? "id '\(id)'" : "number \(number)"
                problems.append(LessonProblem(path: path, line: nil,
                    message: "duplicate chapter \(what): \(clash.fileName) already uses it",
                    hint: "give each chapter its own number and slug"))
                continue
            }
            switch parse(bytes: [UInt8](data), path: path, number: number, id: id) {
            case .success(let lesson): lessons.append(lesson)
            case .failure(let problem): problems.append(problem)
            }
        }
        if !sawChapterFile && problems.isEmpty { throw .noChapters(directory) }
        return LessonLibrary(directory: directory, lessons: lessons.sorted { $0.number < $1.number }, problems: problems)
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

    /// Parses one chapter's bytes.
    public static func parse(bytes: [UInt8], path: String, number: Int, id: String) -> Result<Lesson, LessonProblem> {
        if let badLine = firstInvalidUTF8Line(bytes) {
            return .failure(LessonProblem(path: path, line: badLine, message: "the file is not valid UTF-8",
                                          hint: "save the chapter as UTF-8"))
        }
        let source = String(decoding: bytes, as: UTF8.self)
        if source.allSatisfy(\.isWhitespace) {
            return .failure(LessonProblem(path: path, line: nil, message: "the chapter is empty",
                                          hint: "start it with a '# Title' heading, or remove the file"))
        }
        let document = MarkdownParser.parseDocument(source)
        if let violation = document.overLimit {
            return .failure(LessonProblem(path: path, line: violation.line, message: violation.description, hint: violation.hint))
        }
        if let line = document.unclosedFenceLines.first {
            return .failure(LessonProblem(path: path, line: line, message: "this code fence is never closed",
                                          hint: "add a closing ``` line after the code"))
        }
        guard let title = firstHeading(in: document.blocks) else {
            return .failure(LessonProblem(path: path, line: 1, message: "the chapter has no heading",
                                          hint: "start it with a '# Title' line"))
        }
        var snippets: [Snippet] = []
        if let problem = collectSnippets(in: document.blocks, path: path, depth: 0, into: &snippets) {
            return .failure(problem)
        }
        return .success(Lesson(id: id, number: number, title: title, path: path, blocks: document.blocks, snippets: snippets))
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

    /// Walks the blocks in order, numbering runnable snippets and attaching
    /// the expectation blocks that directly follow each one. The parser
    /// already bounds the nesting; `depth` bounds this walk on its own too,
    /// for blocks built some other way.
    private static func collectSnippets(in blocks: [MarkdownBlock], path: String, depth: Int,
                                        into snippets: inout [Snippet]) -> LessonProblem? {
        if depth > MarkdownLimits.maxNesting {
            let violation = MarkdownLimitViolation.nesting(line: blocks.first?.line ?? 1)
            return LessonProblem(path: path, line: violation.line, message: violation.description, hint: violation.hint)
        }
        // Index into `snippets` of the snippet the next expectation block may attach to.
        var open: Int?
        for block in blocks {
            switch block {
            case .code(let info, let text, let line):
                let kind: FenceInfo.Kind
                switch FenceInfo.parse(info, at: line, in: path) {
                case .success(let parsed): kind = parsed
                case .failure(let problem): return problem
                }
                switch kind {
                case .swift(let attributes, let displayOnly, let exercise):
                    if let index = open, let problem = checkExercise(snippets[index], path: path) { return problem }
                    open = nil
                    if displayOnly { continue }
                    var snippet = Snippet(number: snippets.count + 1, code: text, fenceLine: line, attributes: attributes)
                    if exercise { snippet.exercise = Exercise() }
                    snippets.append(snippet)
                    open = snippets.count - 1
                case .hint, .solution:
                    guard let index = open, snippets[index].exercise != nil else {
                        return LessonProblem(path: path, line: line, message: "this \(info.quotedForMessage()) block does not follow an exercise",
                                             hint: "put hint and solution blocks right after a ```swift exercise snippet and its output block")
                    }
                    if case .hint = kind {
                        if snippets[index].exercise?.solution != nil {
                            return LessonProblem(path: path, line: line, message: "a hint after the solution",
                                                 hint: "put the hints before the solution block")
                        }
                        snippets[index].exercise?.hints.append(text.trimmingSpaces())
                    } else {
                        if snippets[index].exercise?.solution != nil { return twice("solution", line: line, path: path) }
                        snippets[index].exercise?.solution = text
                        snippets[index].exercise?.solutionLine = line
                    }
                case .output(let matching), .stderr(let matching):
                    guard let index = open else { return orphan(info, line: line, path: path) }
                    let expected = ExpectedLines(lines: expectedLines(text), matching: matching, line: line)
                    if case .output = kind {
                        if snippets[index].expectations.output != nil { return twice("output", line: line, path: path) }
                        if snippets[index].attributes.outcome == .compileFail { return neverRuns(line: line, path: path) }
                        snippets[index].expectations.output = expected
                    } else {
                        if snippets[index].expectations.stderr != nil { return twice("stderr", line: line, path: path) }
                        if snippets[index].attributes.outcome == .compileFail { return neverRuns(line: line, path: path) }
                        snippets[index].expectations.stderr = expected
                    }
                case .diagnostics:
                    guard let index = open else { return orphan(info, line: line, path: path) }
                    guard snippets[index].attributes.outcome == .compileFail else {
                        return LessonProblem(path: path, line: line, message: "a diagnostics block follows a snippet that is not compile_fail",
                                             hint: "add compile_fail to the snippet's fence, or remove the block")
                    }
                    if snippets[index].expectations.diagnostics != nil { return twice("diagnostics", line: line, path: path) }
                    snippets[index].expectations.diagnostics = ExpectedLines(lines: expectedLines(text), line: line)
                case .trace:
                    guard let index = open else { return orphan(info, line: line, path: path) }
                    if !snippets[index].expectations.trace.isEmpty { return twice("trace", line: line, path: path) }
                    if snippets[index].attributes.outcome == .compileFail { return neverRuns(line: line, path: path) }
                    var claims: [TraceExpectation] = []
                    for (offset, claimLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    where !String(claimLine).trimmingSpaces().isEmpty {
                        switch TraceExpectation.parse(String(claimLine)) {
                        case .success(let claim): claims.append(claim)
                        case .failure(let error):
                            return LessonProblem(path: path, line: line + 1 + offset, message: error.description,
                                                 hint: "see 'Trace claims' in Lessons/README.md")
                        }
                    }
                    snippets[index].expectations.trace = claims
                case .other:
                    if let index = open, let problem = checkExercise(snippets[index], path: path) { return problem }
                    open = nil
                }
            case .list(_, let items, _):
                if let index = open, let problem = checkExercise(snippets[index], path: path) { return problem }
                open = nil
                for item in items {
                    if let problem = collectSnippets(in: item, path: path, depth: depth + 1, into: &snippets) { return problem }
                }
            case .blockQuote(let inner, _):
                if let index = open, let problem = checkExercise(snippets[index], path: path) { return problem }
                open = nil
                if let problem = collectSnippets(in: inner, path: path, depth: depth + 1, into: &snippets) { return problem }
            default:
                if let index = open, let problem = checkExercise(snippets[index], path: path) { return problem }
                open = nil
            }
        }
        if let index = open, let problem = checkExercise(snippets[index], path: path) { return problem }
        return nil
    }

    /// An exercise needs its solution by the time its blocks end.
    private static func checkExercise(_ snippet: Snippet, path: String) -> LessonProblem? {
        guard let exercise = snippet.exercise, exercise.solution == nil else { return nil }
        return LessonProblem(path: path, line: snippet.fenceLine, message: "this exercise has no solution block",
                             hint: "add a ```solution block with Swift code that meets the goal, after its hints")
    }

    private static func expectedLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func orphan(_ info: String, line: Int, path: String) -> LessonProblem {
        let kind = info.split(separator: " ").first.map(String.init) ?? info
        return LessonProblem(path: path, line: line, message: "this \(kind.quotedForMessage()) block does not directly follow a swift snippet",
                             hint: "put it right after the snippet it describes, with no text in between")
    }

    private static func twice(_ kind: String, line: Int, path: String) -> LessonProblem {
        LessonProblem(path: path, line: line, message: "a second \(kind) block for the same snippet",
                      hint: "merge the two blocks into one")
    }

    private static func neverRuns(line: Int, path: String) -> LessonProblem {
        LessonProblem(path: path, line: line, message: "a compile_fail snippet never runs, so it has no output",
                      hint: "use a diagnostics block for the compiler's message")
    }
}
