public import TourKit

/// The one place where the shell's messages get their words and styles:
/// ``ShellMessage`` in, text for the terminal out. Pure: a function of the
/// message, the state and the style.
public struct ShellPresenter: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    private var dash: String { style.unicode ? "–" : "-" }
    private var dot: String { style.unicode ? " · " : " | " }

    /// A name from a chapter or typed by the learner, made harmless.
    private func quoted(_ text: String) -> String { Sanitizer.inline(text, unicode: style.unicode) }

    private func range(_ numbers: [Int]) -> String {
        guard let low = numbers.min(), let high = numbers.max() else { return localized("none") }
        if numbers.count == high - low + 1 { return low == high ? "\(low)" : "\(low)\(dash)\(high)" }
        return numbers.sorted().map { "\($0)" }.joined(separator: localized(", "))
    }

    /// The words for `message`: one line for a mistake, saying what would work.
    public func words(_ message: ShellMessage) -> String {
        switch message {
        case .greeting(let chapters, let returning):
            let plural = chapters == 1 ? "" : "s"
            var text = localized("**Async Tour**: Swift concurrency, run for real. \(chapters) chapter\(plural).") + "\n\n"
            if let place = returning {
                text += localized("""
                    Welcome back. Press Enter to continue \(quoted(place.chapter)) at part \(place.part) of \(place.parts); \
                    **start** begins the tour again, **toc** lists the chapters, **help** every command.
                    """)
            } else {
                text += localized("""
                    Press Enter to begin: Enter shows the next part of a chapter, then runs the snippet on screen. \
                    Type **help** for every command.
                    """)
            }
            return MarkdownRenderer(style: style).render(MarkdownParser.parse(text))
        case .badLine(let error):
            return style.tone(.bad, quoted(error.description))
        case .unknownChapter(let reference, let suggestion):
            let name = quoted(reference)
            if let suggestion {
                return style.tone(.bad, localized("no chapter '\(name)'; did you mean '\(suggestion)'? ('toc' lists the chapters)"))
            }
            return style.tone(.bad, localized("no chapter '\(name)' ('toc' lists the chapters)"))
        case .noChapterNumber(let number, let numbers):
            let chapters = range(numbers)
            return style.tone(.bad, localized("there is no chapter \(number): the chapters are \(chapters) ('toc' lists them)"))
        case .noSuchPart(let chapter, let number, let part, let parts):
            let name = quoted(chapter)
            return style.tone(.bad, localized("\(name) has parts 1\(dash)\(parts), not \(part): 'goto \(number).\(parts)' opens its last part"))
        case .noSuchSnippet(let chapter, let number, let count):
            let name = quoted(chapter)
            return style.tone(.bad, localized("\(name) has snippets 1\(dash)\(count); there is no snippet \(number)"))
        case .noSnippets(let chapter):
            let name = quoted(chapter)
            return localized("\(name) has no snippets to run.")
        case .notAnExercise(let chapter, let number, let exercises, let suggestion):
            let name = quoted(chapter)
            let list = exercises.map { "\($0)" }.joined(separator: localized(", "))
            if exercises.count == 1 {
                return style.tone(.bad, localized("snippet \(number) of \(name) is not an exercise; the exercise here is \(list): '\(suggestion)'"))
            }
            return style.tone(.bad, localized("snippet \(number) of \(name) is not an exercise; the exercises here are \(list): '\(suggestion)'"))
        case .noExercises(let chapter):
            let name = quoted(chapter)
            return localized("\(name) has no exercises.")
        case .noHints(let number):
            return localized("Exercise \(number) has no hints; 'solution \(number)' shows the answer.")
        case .solutionNotYet(let number):
            return localized("""
                You have not met the goal of exercise \(number) yet. 'hint \(number)' gives a nudge; \
                type 'solution \(number)' again to see the answer anyway.
                """)
        case .nothingRanYet:
            return localized("Nothing has run yet: 'run' runs the snippet on screen.")
        case .nothingToContinue:
            return localized("Nothing to continue yet: press Enter to begin.")
        case .endOfTour:
            return localized("That was the last chapter. 'toc' lists them all; 'goto N' opens one again.")
        case .startOfTour:
            return localized("This is the beginning of the first chapter.")
        case .endOfChapter(let end):
            let name = quoted(end.chapter)
            let summary = end.exercises > 0
                ? localized("""
                    End of chapter \(end.number), \(name): \(end.ran) of \(end.snippets) snippets run, \
                    \(end.solved) of \(end.exercises) exercises solved
                    """)
                : localized("End of chapter \(end.number), \(name): \(end.ran) of \(end.snippets) snippets run")
            let text: String
            if let number = end.nextNumber, let id = end.nextID {
                let next = quoted(id)
                text = end.snippetFirst
                    ? localized("\(summary). After it, Enter goes on to chapter \(number), \(next).")
                    : localized("\(summary). Enter goes on to chapter \(number), \(next).")
            } else {
                text = localized("\(summary). That was the last chapter; 'toc' lists them all.")
            }
            return style.tone(.strong, text)
        case .timings(let number, let chapters, let yours):
            let theirs = ReportRenderer.seconds(chapters), mine = ReportRenderer.seconds(yours)
            return style.tone(.strong, localized("snippet \(number): the chapter's version \(theirs) s\(dot)your version \(mine) s"))
        case .goalMet(let number):
            return localized("Well done. 'solution \(number)' shows the chapter's answer to compare with yours.")
        case .editThenCheck(let number):
            return style.tone(.dim, localized("'edit \(number)' to change it, then 'check \(number)' again."))
        case .startingCodeOfSolved(let number):
            return style.tone(.dim, localized("""
                That was the starting code of exercise \(number), which misses its goal on purpose; \
                you have solved it. 'check \(number)' runs your version against the goal.
                """))
        case .noChanges(let number):
            return localized("No changes to snippet \(number).")
        case .resetDone(let number, let removed):
            return removed ? localized("Snippet \(number) is the chapter's again.") : localized("Snippet \(number) was not changed.")
        case .backFromRepl(let chapter):
            let name = quoted(chapter)
            return localized("Back in \(name).")
        case .notEdited(let number):
            return localized("You have not changed snippet \(number): 'edit \(number)' opens it.")
        case .sameAsChapter:
            return localized("Your version is the same as the chapter's.")
        case .noThreads(let ranYet):
            return ranYet ? localized("The last run has no runtime trace to show threads from.")
                          : localized("Nothing has run yet: 'run' runs the snippet on screen, then 'threads' shows its threads.")
        case .noPair(let number, let pairs):
            if pairs.isEmpty {
                return localized("""
                    Snippet \(number) is not in a pair of a Python program and a Swift snippet: \
                    this chapter pairs no Python program with a Swift one.
                    """)
            }
            let tries = pairs.map { "compare \($0)" }.joined(separator: localized(" or "))
            return localized("Snippet \(number) is not in a pair of a Python program and a Swift snippet: try \(tries).")
        case .noEditor(let file, let number):
            let path = quoted(file)
            return style.tone(.bad, localized("""
                no editor found: set VISUAL or EDITOR (e.g. export EDITOR=nano), \
                or edit \(path) yourself and type 'run \(number)'
                """))
        case .editorFailed(let editor, let status, let file):
            let name = quoted(editor), path = quoted(file)
            return style.tone(.bad, localized("the editor (\(name)) exited with status \(status); your file is kept at \(path)"))
        case .stateProblem(let text):
            return style.tone(.bad, quoted(text))
        }
    }

    // MARK: Parts of a chapter

    /// What follows a part of a chapter: an exercise's goal, or what Enter does.
    public func footer(of step: LessonStep) -> String? {
        guard let snippet = step.snippet else { return nil }
        let number = snippet.number
        guard snippet.exercise != nil else {
            return style.tone(.dim, localized("Enter runs snippet \(number); 'next' skips it."))
        }
        var lines = [style.tone(.notice, localized("Goal: ")) + Self.goal(of: snippet)]
        if let output = snippet.expectations.output, output.lines.count <= 8 {
            let expected = output.lines.map { "  " + Sanitizer.sanitize($0, unicode: style.unicode) }
            let heading = switch (output.matching.pattern, output.matching.unordered) {
            case (true, true): localized("The expected output ('...' stands for anything), in any order:")
            case (true, false): localized("The expected output ('...' stands for anything):")
            case (false, true): localized("The expected output, in any order:")
            case (false, false): localized("The expected output:")
            }
            lines.append(style.tone(.dim, heading))
            lines += expected
        }
        lines.append(style.tone(.notice, localized("Exercise: ")) + style.tone(.dim, localized("""
            'edit \(number)' to change the code, 'check \(number)' to test it, 'hint \(number)' for help. \
            Enter runs the starting code.
            """)))
        return lines.joined(separator: "\n")
    }

    /// An exercise's goal in words, from its attributes.
    public static func goal(of snippet: Snippet) -> String {
        let attributes = snippet.attributes
        let time: String
        if let band = attributes.time {
            switch (band.lower, band.upper) {
            case (nil, let upper?):
                let most = TimeBand.format(upper)
                time = localized("make it finish in at most \(most) s")
            case (let lower?, nil):
                let least = TimeBand.format(lower)
                time = localized("make its elapsed time at least \(least) s")
            case (_?, _?):
                let between = band.description
                time = localized("make its elapsed time \(between)")
            case (nil, nil):
                time = localized("make it finish in any time")
            }
        } else {
            let limit = TimeBand.format(attributes.timeout)
            time = localized("make it finish within \(limit) s")
        }
        let mode = attributes.mode.rawValue
        var goal: String
        if let output = snippet.expectations.output {
            let printed = output.matching.unordered ? localized("print the expected lines, in any order") : localized("print the expected output")
            goal = localized("\(time) and \(printed), in Swift \(mode) mode.")
        } else {
            goal = localized("\(time), in Swift \(mode) mode.")
        }
        // Every part of the goal is named before the first check, not only
        // by a failed one: the runtime's trace and the standard error too.
        if snippet.expectations.stderr != nil { goal += " " + localized("Its standard error must show the expected lines.") }
        let claims = snippet.expectations.trace.map(\.text)
        if !claims.isEmpty {
            let list = claims.joined(separator: "; ")
            goal += " " + localized("Its runtime trace must show: \(list).")
        }
        return goal
    }

    /// Hint `index` (0-based) of `count`, and a word when it is the last.
    public func hint(_ markdown: String, index: Int, count: Int, number: Int) -> String {
        let position = index + 1
        var lines = [style.tone(.strong, localized("Hint \(position) of \(count):")),
                     MarkdownRenderer(style: style).render(MarkdownParser.parse(markdown))]
        if position == count { lines.append(style.tone(.dim, localized("That was the last hint; 'solution \(number)' shows the answer."))) }
        return lines.joined(separator: "\n")
    }

    /// Said under `show N` when `run N` would run the learner's copy instead.
    public func editNote(_ number: Int) -> String {
        style.tone(.notice, localized("This is the chapter's code. ")) + style.tone(.dim, localized("""
            You have your own version of snippet \(number), which 'run \(number)' runs; \
            'diff \(number)' shows what you changed, 'original \(number)' runs this one.
            """))
    }

    // MARK: Help and contents

    public func help() -> String {
        var lines = [style.tone(.strong, localized("Commands"))]
        for entry in ShellCommand.names {
            let aliases = entry.aliases.joined(separator: ", ")
            let text = entry.aliases.isEmpty ? entry.summary : localized("\(entry.summary) (\(aliases))")
            lines += row(entry.usage, text, column: 22) { style.tone(.strong, $0) }
        }
        lines += ["", style.tone(.strong, localized("Keys"))]
        let keys = [("Enter", localized("next part of the chapter, or run the snippet on screen")),
                    ("Tab", localized("complete a command, chapter, part or snippet number (twice: list)")),
                    (localized("Up / Down"), localized("history (kept between sessions)")),
                    ("Ctrl-C", localized("stop a running snippet; at the prompt, clear the line")),
                    ("Ctrl-D", localized("leave (your place is saved)")),
                    (localized("at 'more'"), localized("space or Enter reads on; q, Ctrl-C or Ctrl-D stops"))]
        let column = max(16, (keys.map { displayWidth($0.0) }.max() ?? 0) + 4)
        for (key, meaning) in keys {
            lines += row(key, meaning, column: column) { $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// `  name    text`, the text wrapped to the width with its continuation
    /// lines under its first. Columns are counted as the terminal shows
    /// them: a Chinese character takes two.
    private func row(_ name: String, _ text: String, column: Int, paint: (String) -> String) -> [String] {
        let pad = String(repeating: " ", count: max(1, column - 2 - displayWidth(name)))
        // The prose wrap: it breaks Chinese between characters, not only at spaces.
        let renderer = MarkdownRenderer(style: style)
        var pieces = renderer.wrap(renderer.tokens([.text(text)]), width: max(20, style.width - column))
        if pieces.isEmpty { pieces = [""] }
        let indent = String(repeating: " ", count: column)
        return ["  " + paint(name) + pad + pieces[0]] + pieces.dropFirst().map { indent + $0 }
    }

    /// The chapters, with what the learner has done in each.
    public func toc(_ state: TourState) -> String {
        ContentsRenderer(style: style).render(state.library.lessons, progress: state.progress,
                                              here: state.stepIndex >= 0 ? state.lesson.id : nil)
    }

    /// What a run's header names ("running your version of snippet 2…").
    public func runLabel(_ label: RunLabel) -> String {
        switch label {
        case .yours(let number, let chapter?):
            let name = quoted(chapter)
            return localized("your version of snippet \(number) of \(name)")
        case .yours(let number, nil):
            return localized("your version of snippet \(number)")
        case .chapters(let number, let chapter?):
            let name = quoted(chapter)
            return localized("the chapter's version of snippet \(number) of \(name)")
        case .chapters(let number, nil):
            return localized("the chapter's version of snippet \(number)")
        case .exerciseStart(let number): return localized("the starting code of exercise \(number) (not edited yet)")
        case .yourExercise(let number): return localized("your version of exercise \(number)")
        }
    }

    /// The "more" prompt of the pager.
    public func morePrompt(linesLeft: Int) -> String {
        let rule = style.unicode ? "—" : "--"
        let text = linesLeft == 1
            ? localized("\(rule) 1 more line: Enter reads on (or space), q stops \(rule)")
            : localized("\(rule) \(linesLeft) more lines: Enter reads on (or space), q stops \(rule)")
        return style.tone(.dim, text)
    }
}

/// Which version of a snippet a run is, until the presenter words it.
public enum RunLabel: Sendable, Equatable {
    /// `chapter`: when the snippet is not the chapter on screen's.
    case yours(snippet: Int, chapter: String?)
    case chapters(snippet: Int, chapter: String?)
    case exerciseStart(Int)
    case yourExercise(Int)
}
