/// Whether a translated chapter is the original in another language: the
/// same snippets, in the same order, with the same attributes, the same
/// expectations, the same code but for its comments, and as many hints.
///
/// The prose, the hints' words and the comments are the translation's own;
/// everything a run or a check reads is the original's. A translation that
/// differs in any of that is reported with its file and line, and the
/// original chapter is used in its place.
public enum TranslationParity {
    /// Every difference between `original` and `translation`, each with the
    /// translation's file and line.
    public static func differences(original: Lesson, translation: Lesson) -> [LessonProblem] {
        var problems: [LessonProblem] = []
        func report(_ line: Int?, _ message: String, _ hint: String) {
            problems.append(LessonProblem(path: translation.path, line: line, message: message, hint: hint))
        }
        let shared = min(original.snippets.count, translation.snippets.count)
        for index in 0..<shared {
            let (english, translated) = (original.snippets[index], translation.snippets[index])
            let place = "\(original.fileName):\(english.fenceLine)"
            let found = snippetDifferences(english, translated, place: place)
            for difference in found {
                report(difference.line ?? translated.fenceLine, difference.message, difference.hint)
            }
            // With a snippet added or left out, every later one is compared
            // with its neighbour: the first difference is where to look.
            if !found.isEmpty, original.snippets.count != translation.snippets.count { break }
        }
        if translation.snippets.count < original.snippets.count {
            let missing = original.snippets[shared]
            let (ours, theirs, file) = (translation.snippets.count, original.snippets.count, original.fileName)
            report(translation.snippets.last.map { $0.fenceLine } ?? 1,
                   localized("""
                       the translation has \(ours) snippets, the original \(theirs): \
                       snippet \(missing.number) (\(file):\(missing.fenceLine)) and after are missing
                       """),
                   localized("translate every snippet of the original, in the same order"))
        } else if translation.snippets.count > original.snippets.count {
            let extra = translation.snippets[shared]
            let (ours, theirs) = (translation.snippets.count, original.snippets.count)
            report(extra.fenceLine, localized("the translation has \(ours) snippets, the original \(theirs): this one has no original"),
                   localized("a translation adds no snippet; remove it or add it to the original first"))
        }
        return problems
    }

    /// `translation` with each snippet mapped to the original's code
    /// (``Snippet/originals``), to compile that: the translation must keep
    /// parity with `original`.
    public static func compilingOriginals(_ translation: Lesson, of original: Lesson) -> Lesson {
        var lesson = translation
        for (index, english) in zip(lesson.snippets.indices, original.snippets) {
            var snippet = lesson.snippets[index]
            var originals: [String: String] = [:]
            if snippet.code != english.code { originals[snippet.code] = english.code }
            if let shown = snippet.exercise?.solution, let solution = english.exercise?.solution, shown != solution {
                originals[shown] = solution
            }
            if let shown = snippet.prelude?.code, let prelude = english.prelude?.code, shown != prelude { originals[shown] = prelude }
            snippet.originals = originals
            lesson.snippets[index] = snippet
        }
        return lesson
    }

    private struct Difference {
        var line: Int?
        /// The whole sentence: "snippet 3 has other attributes (the original is at 04-tasks.md:88)".
        var message: String
        var hint: String
    }

    private static func snippetDifferences(_ english: Snippet, _ translated: Snippet, place: String) -> [Difference] {
        var found: [Difference] = []
        let number = english.number
        let sameCode = localized("a translation may change a snippet's comments only, each on its own line")
        if english.language != translated.language || english.attributes != translated.attributes {
            found.append(Difference(line: translated.fenceLine, message: localized("snippet \(number) has other attributes (the original is at \(place))"),
                                    hint: localized("copy the original's fence line (```\(english.language.rawValue) …) unchanged")))
        }
        if english.pairedWith != translated.pairedWith {
            found.append(Difference(line: translated.fenceLine, message: localized("snippet \(number) is paired otherwise (the original is at \(place))"), hint: localized("copy the original's fence line unchanged")))
        }
        if let line = firstDifferentLine(english.code, translated.code, language: english.language) {
            found.append(Difference(line: translated.firstCodeLine + line, message: localized("snippet \(number) has other code, not only other comments, on this line (the original is at \(place))"),
                                    hint: sameCode))
        }
        if let (a, b) = (english.prelude, translated.prelude) as? (Prelude, Prelude) {
            if let line = firstDifferentLine(a.code, b.code, language: .swift) {
                found.append(Difference(line: b.fenceLine + 1 + line, message: localized("snippet \(number) has another prelude (the original is at \(place))"), hint: sameCode))
            }
        } else if (english.prelude == nil) != (translated.prelude == nil) {
            found.append(Difference(line: translated.fenceLine, message: english.prelude == nil
                ? localized("snippet \(number) has a prelude the original has not (the original is at \(place))")
                : localized("snippet \(number) lacks the original's prelude (the original is at \(place))"),
                                    hint: localized("keep the original's prelude block")))
        }
        if english.stdin != translated.stdin {
            found.append(Difference(line: translated.fenceLine, message: localized("snippet \(number) reads other standard input (the original is at \(place))"), hint: localized("copy the original's stdin block unchanged")))
        }
        if !sameExpectations(english.expectations, translated.expectations) {
            let line = [translated.expectations.output?.line, translated.expectations.stderr?.line,
                        translated.expectations.diagnostics?.line].compactMap { $0 }.min()
            found.append(Difference(line: line ?? translated.fenceLine, message: localized("snippet \(number) expects something else (output, stderr, diagnostics or trace) (the original is at \(place))"),
                                    hint: localized("copy the original's expectation blocks unchanged: the translation runs the same program")))
        }
        switch (english.exercise, translated.exercise) {
        case (nil, nil): break
        case (let a?, let b?):
            if a.hints.count != b.hints.count {
                found.append(Difference(line: translated.fenceLine, message: localized("snippet \(number) has \(b.hints.count) hints, the original \(a.hints.count) (the original is at \(place))"),
                                        hint: localized("translate each hint block of the original, no more, no fewer")))
            }
            switch (a.solution, b.solution) {
            case (let x?, let y?):
                if let line = firstDifferentLine(x, y, language: english.language) {
                    found.append(Difference(line: b.solutionLine + 1 + line, message: localized("snippet \(number) has another solution (the original is at \(place))"), hint: sameCode))
                }
            case (nil, nil): break
            default:
                found.append(Difference(line: translated.fenceLine, message: localized("snippet \(number) has no solution where the original has one, or one where it has none (the original is at \(place))"),
                                        hint: localized("keep the original's solution block")))
            }
        default:
            found.append(Difference(line: translated.fenceLine, message: english.exercise == nil
                ? localized("snippet \(number) is an exercise, the original is not (the original is at \(place))")
                : localized("snippet \(number) is not an exercise, the original is (the original is at \(place))"),
                                    hint: localized("copy the original's fence line unchanged")))
        }
        return found
    }

    static func firstDifferentLine(_ a: String, _ b: String, language: SnippetLanguage) -> Int? {
        CodeComments.firstDifferentLine(a, b, language: language)
    }

    /// Expectations compare without the lines they stand on.
    private static func sameExpectations(_ a: SnippetExpectations, _ b: SnippetExpectations) -> Bool {
        func bare(_ lines: ExpectedLines?) -> ExpectedLines? {
            guard var lines else { return nil }
            lines.line = 0
            return lines
        }
        return bare(a.output) == bare(b.output) && bare(a.stderr) == bare(b.stderr) && bare(a.diagnostics) == bare(b.diagnostics)
            && a.trace == b.trace
    }
}
