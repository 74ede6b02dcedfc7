/// Walks a chapter's blocks in order, numbering runnable snippets and
/// attaching the blocks that directly follow each one. It records every
/// problem and goes on, so that `check` reports all of a chapter's problems
/// at once; a block with a problem is left out, and the chapter is refused.
struct SnippetCollector {
    let path: String
    private(set) var snippets: [Snippet] = []
    private(set) var problems: [LessonProblem] = []
    private(set) var warnings: [LessonProblem] = []
    /// Index into `snippets` of the snippet the next expectation block may attach to.
    private var open: Int?
    /// The prelude in force for the snippets that follow.
    private var prelude: Prelude?
    /// The last snippet fence was refused: the blocks after it belong to
    /// it, and are not reported again as following nothing.
    private var afterBrokenSnippet = false

    /// The most bytes of a ```` ```stdin ```` block: what a pipe holds, so the
    /// runner writes it at once and never waits on the program.
    static let maxStdinBytes = 60 * 1024

    init(path: String) {
        self.path = path
    }

    private mutating func problem(_ line: Int?, _ message: String, _ hint: String) {
        problems.append(LessonProblem(path: path, line: line, message: message, hint: hint))
    }

    /// Ends the run of blocks that belong to the open snippet.
    mutating func closeOpen() {
        if let index = open { checkExercise(snippets[index]) }
        open = nil
        afterBrokenSnippet = false
    }

    /// The parser already bounds the nesting; `depth` bounds this walk on
    /// its own too, for blocks built some other way.
    mutating func collect(_ blocks: [MarkdownBlock], depth: Int) {
        if depth > MarkdownLimits.maxNesting {
            let violation = MarkdownLimitViolation.nesting(line: blocks.first?.line ?? 1)
            problem(violation.line, violation.description, violation.hint)
            return
        }
        for block in blocks {
            switch block {
            case .code(let info, let text, let line):
                code(info: info, text: text, line: line)
            case .list(_, let items, _):
                closeOpen()
                for item in items { collect(item, depth: depth + 1) }
            case .blockQuote(let inner, _):
                closeOpen()
                collect(inner, depth: depth + 1)
            case .html(let text, let line):
                closeOpen()
                // cmark-gfm runs an unclosed comment to the end of its container.
                if text.hasPrefix("<!--"), !text.contains("-->") {
                    warnings.append(LessonProblem(path: path, line: line,
                        message: localized("this HTML comment is never closed, so everything after it is hidden"),
                        hint: localized("end the comment with -->"), isWarning: true))
                }
            default:
                closeOpen()
            }
        }
    }

    private mutating func code(info: String, text: String, line: Int) {
        if let language = FenceInfo.miscasedLanguage(info) {
            warnings.append(LessonProblem(path: path, line: line,
                message: localized("a '\(language.quotedForMessage())' fence is display code: the tour reads only '\(language.lowercased())' in lowercase"),
                hint: localized("write ```\(language.lowercased()) to make it one of the tour's blocks, or ```text for display code"),
                isWarning: true))
        }
        let kind: FenceInfo.Kind
        switch FenceInfo.parse(info, at: line, in: path) {
        case .success(let parsed): kind = parsed
        case .failure(let failure):
            problems.append(failure)
            // A broken snippet fence still ends the blocks of the one before.
            if ["swift", "python"].contains(info.split(separator: " ").first ?? "") {
                closeOpen()
                afterBrokenSnippet = true
            }
            return
        }
        switch kind {
        case .swift(let attributes, let displayOnly, let exercise):
            closeOpen()
            if displayOnly { return }
            var snippet = Snippet(number: snippets.count + 1, code: text, fenceLine: line, attributes: attributes)
            snippet.prelude = prelude
            if exercise { snippet.exercise = Exercise() }
            snippets.append(snippet)
            open = snippets.count - 1
        case .python(let attributes, let displayOnly):
            closeOpen()
            if displayOnly { return }
            var snippet = Snippet(number: snippets.count + 1, code: text, fenceLine: line, attributes: attributes)
            snippet.language = .python
            snippets.append(snippet)
            open = snippets.count - 1
        case .prelude(let platform):
            closeOpen()
            if platform.map({ $0 == .current }) ?? true {
                prelude = text.isEmpty ? nil : Prelude(code: text, fenceLine: line)
            }
        case .hint, .solution:
            guard let index = open, snippets[index].exercise != nil else {
                if afterBrokenSnippet { return }
                return problem(line, localized("this \(info.quotedForMessage()) block does not follow an exercise"),
                               localized("put hint and solution blocks right after a ```swift exercise snippet and its output block"))
            }
            if case .hint = kind {
                if snippets[index].exercise?.solution != nil {
                    return problem(line, localized("a hint after the solution"), localized("put the hints before the solution block"))
                }
                snippets[index].exercise?.hints.append(text.trimmingSpaces())
            } else {
                if snippets[index].exercise?.solution != nil { return twice("solution", line: line) }
                snippets[index].exercise?.solution = text
                snippets[index].exercise?.solutionLine = line
            }
        case .output(let matching), .stderr(let matching):
            guard let index = open else { return orphan(info, line: line) }
            let lines = Self.expectedLines(text)
            if matching.unordered, let bad = Self.emptyGroupLine(lines) {
                return problem(line + 1 + bad, localized("an empty group in an unordered block"),
                               localized("'---' separates groups of lines that may come in any order; put lines on both sides of it"))
            }
            // A block for the other platform is checked, then left out.
            if let platform = matching.platform, platform != .current { return }
            let expected = ExpectedLines(lines: lines, matching: matching, line: line)
            if case .output = kind {
                if snippets[index].expectations.output != nil { return twice("output", line: line) }
                if snippets[index].attributes.outcome == .compileFail { return neverRuns(line: line) }
                snippets[index].expectations.output = expected
            } else {
                if snippets[index].expectations.stderr != nil { return twice("stderr", line: line) }
                if snippets[index].attributes.outcome == .compileFail { return neverRuns(line: line) }
                snippets[index].expectations.stderr = expected
            }
        case .stdin:
            guard let index = open else { return orphan(info, line: line) }
            if snippets[index].stdin != nil { return twice("stdin", line: line) }
            if snippets[index].attributes.outcome == .compileFail { return neverRuns(line: line) }
            guard text.utf8.count <= Self.maxStdinBytes else {
                return problem(line, localized("a stdin block of \(text.utf8.count) bytes, more than the \(Self.maxStdinBytes) allowed"),
                               localized("shorten the input, or have the program generate it"))
            }
            snippets[index].stdin = text
        case .diagnostics:
            guard let index = open else { return orphan(info, line: line) }
            guard snippets[index].attributes.outcome == .compileFail else {
                return problem(line, localized("a diagnostics block follows a snippet that is not compile_fail"),
                               localized("add compile_fail to the snippet's fence, or remove the block"))
            }
            if snippets[index].expectations.diagnostics != nil { return twice("diagnostics", line: line) }
            snippets[index].expectations.diagnostics = ExpectedLines(lines: Self.expectedLines(text), line: line)
        case .trace:
            guard let index = open else { return orphan(info, line: line) }
            if snippets[index].language == .python {
                return problem(line, localized("a trace block follows a python snippet, which has no runtime trace"),
                               localized("the timeline of a Python program comes from its tasks and prints; state what it must print in an output block"))
            }
            if !snippets[index].expectations.trace.isEmpty { return twice("trace", line: line) }
            if snippets[index].attributes.outcome == .compileFail { return neverRuns(line: line) }
            var claims: [TraceExpectation] = []
            var broken = false
            for (offset, claimLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !String(claimLine).trimmingSpaces().isEmpty {
                switch TraceExpectation.parse(String(claimLine)) {
                case .success(let claim): claims.append(claim)
                case .failure(let error):
                    problem(line + 1 + offset, error.description, localized("see 'Trace claims' in Lessons/README.md"))
                    broken = true
                }
            }
            if !broken { snippets[index].expectations.trace = claims }
        case .other:
            closeOpen()
        }
    }

    /// Resolves each Python snippet's `pair=` to the Swift snippet it is
    /// paired with, once every snippet of the chapter is known.
    mutating func resolvePairs() {
        for index in snippets.indices where snippets[index].language == .python {
            guard let pair = snippets[index].attributes.pair else { continue }
            let target: Snippet?
            switch pair {
            case "next": target = snippets[(index + 1)...].first { $0.language == .swift }
            case "previous": target = snippets[..<index].last { $0.language == .swift }
            default: target = Int(pair).flatMap { number in snippets.first { $0.number == number } }
            }
            guard let target, target.language == .swift else {
                problem(snippets[index].fenceLine, localized("pair=\(pair) names no swift snippet of this chapter"),
                        localized("pair a python snippet with a swift one: pair=next, pair=previous or pair=N (the swift snippet's number)"))
                continue
            }
            snippets[index].pairedWith = target.number
        }
    }

    /// An exercise needs its solution by the time its blocks end.
    private mutating func checkExercise(_ snippet: Snippet) {
        guard let exercise = snippet.exercise, exercise.solution == nil else { return }
        problem(snippet.fenceLine, localized("this exercise has no solution block"),
                localized("add a ```solution block with Swift code that meets the goal, after its hints"))
    }

    static func expectedLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The offset of a `---` that leaves a group of an unordered block empty.
    static func emptyGroupLine(_ lines: [String]) -> Int? {
        var groupSize = 0
        for (offset, line) in lines.enumerated() {
            if ExpectationChecker.trimTrailing(line) == ExpectedLines.groupSeparator {
                if groupSize == 0 { return offset }
                groupSize = 0
            } else {
                groupSize += 1
            }
        }
        if groupSize == 0, let last = lines.indices.last { return last }
        return nil
    }

    private mutating func orphan(_ info: String, line: Int) {
        if afterBrokenSnippet { return }
        let kind = info.split(separator: " ").first.map(String.init) ?? info
        problem(line, localized("this \(kind.quotedForMessage()) block does not directly follow a snippet"),
                localized("put it right after the snippet it describes, with no text in between"))
    }

    private mutating func twice(_ kind: String, line: Int) {
        problem(line, localized("a second \(kind) block for the same snippet"), localized("merge the two blocks into one"))
    }

    private mutating func neverRuns(line: Int) {
        problem(line, localized("a compile_fail snippet never runs, so it has no output"),
                localized("use a diagnostics block for the compiler's message"))
    }
}
