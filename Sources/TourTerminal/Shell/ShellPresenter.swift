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
        guard let low = numbers.min(), let high = numbers.max() else { return "none" }
        if numbers.count == high - low + 1 { return low == high ? "\(low)" : "\(low)\(dash)\(high)" }
        return numbers.sorted().map { "\($0)" }.joined(separator: ", ")
    }

    /// The words for `message`: one line for a mistake, saying what would work.
    public func words(_ message: ShellMessage) -> String {
        switch message {
        case .greeting(let chapters, let returning):
            let count = chapters == 1 ? "1 chapter" : "\(chapters) chapters"
            var text = "**Async Tour**: Swift concurrency, run for real. \(count).\n\n"
            if let place = returning {
                text += "Welcome back. Press Enter to continue \(quoted(place.chapter)) at part \(place.part) of \(place.parts); "
                    + "**start** begins the tour again, **toc** lists the chapters, **help** every command."
            } else {
                text += "Press Enter to begin: Enter shows the next part of a chapter, then runs the snippet on screen. "
                    + "Type **help** for every command."
            }
            return MarkdownRenderer(style: style).render(MarkdownParser.parse(text))
        case .badLine(let error):
            return style.tone(.bad, quoted(error.description))
        case .unknownChapter(let reference, let suggestion):
            let guess = suggestion.map { "; did you mean '\($0)'?" } ?? ""
            return style.tone(.bad, "no chapter '\(quoted(reference))'\(guess) ('toc' lists the chapters)")
        case .noChapterNumber(let number, let numbers):
            return style.tone(.bad, "there is no chapter \(number): the chapters are \(range(numbers)) ('toc' lists them)")
        case .noSuchPart(let chapter, let number, let part, let parts):
            return style.tone(.bad, "\(quoted(chapter)) has parts 1\(dash)\(parts), not \(part): "
                              + "'goto \(number).\(parts)' opens its last part")
        case .noSuchSnippet(let chapter, let number, let count):
            return style.tone(.bad, "\(quoted(chapter)) has snippets 1\(dash)\(count); there is no snippet \(number)")
        case .noSnippets(let chapter):
            return "\(quoted(chapter)) has no snippets to run."
        case .notAnExercise(let chapter, let number, let exercises, let suggestion):
            let list = exercises.map { "\($0)" }.joined(separator: ", ")
            return style.tone(.bad, "snippet \(number) of \(quoted(chapter)) is not an exercise; "
                              + (exercises.count == 1 ? "the exercise here is \(list)" : "the exercises here are \(list)")
                              + ": '\(suggestion)'")
        case .noExercises(let chapter):
            return "\(quoted(chapter)) has no exercises."
        case .noHints(let number):
            return "Exercise \(number) has no hints; 'solution \(number)' shows the answer."
        case .solutionNotYet(let number):
            return "You have not met the goal of exercise \(number) yet. 'hint \(number)' gives a nudge; "
                + "type 'solution \(number)' again to see the answer anyway."
        case .nothingRanYet:
            return "Nothing has run yet: 'run' runs the snippet on screen."
        case .nothingToContinue:
            return "Nothing to continue yet: press Enter to begin."
        case .endOfTour:
            return "That was the last chapter. 'toc' lists them all; 'goto N' opens one again."
        case .startOfTour:
            return "This is the beginning of the first chapter."
        case .endOfChapter(let end):
            var text = "End of chapter \(end.number), \(quoted(end.chapter)): \(end.ran) of \(end.snippets) snippets run"
            if end.exercises > 0 { text += ", \(end.solved) of \(end.exercises) exercises solved" }
            if let number = end.nextNumber, let id = end.nextID {
                text += ". \(end.snippetFirst ? "After it, Enter" : "Enter") goes on to chapter \(number), \(quoted(id))."
            } else {
                text += ". That was the last chapter; 'toc' lists them all."
            }
            return style.tone(.strong, text)
        case .timings(let number, let chapters, let yours):
            return style.tone(.strong, "snippet \(number): the chapter's version \(ReportRenderer.seconds(chapters)) s"
                              + dot + "your version \(ReportRenderer.seconds(yours)) s")
        case .goalMet(let number):
            return "Well done. 'solution \(number)' shows the chapter's answer to compare with yours."
        case .editThenCheck(let number):
            return style.tone(.dim, "'edit \(number)' to change it, then 'check \(number)' again.")
        case .startingCodeOfSolved(let number):
            return style.tone(.dim, "That was the starting code of exercise \(number), which misses its goal on purpose; "
                              + "you have solved it. 'check \(number)' runs your version against the goal.")
        case .noChanges(let number):
            return "No changes to snippet \(number)."
        case .resetDone(let number, let removed):
            return removed ? "Snippet \(number) is the chapter's again." : "Snippet \(number) was not changed."
        case .backFromRepl(let chapter):
            return "Back in \(quoted(chapter))."
        case .notEdited(let number):
            return "You have not changed snippet \(number): 'edit \(number)' opens it."
        case .sameAsChapter:
            return "Your version is the same as the chapter's."
        case .noThreads(let ranYet):
            return ranYet ? "The last run has no runtime trace to show threads from."
                          : "Nothing has run yet: 'run' runs the snippet on screen, then 'threads' shows its threads."
        case .noPair(let number, let pairs):
            let which = pairs.isEmpty ? "this chapter pairs no Python program with a Swift one"
                : "try compare " + pairs.map(String.init).joined(separator: " or compare ")
            return "Snippet \(number) is not in a pair of a Python program and a Swift snippet: \(which)."
        case .noEditor(let file, let number):
            return style.tone(.bad, "no editor found: set VISUAL or EDITOR (e.g. export EDITOR=nano), "
                              + "or edit \(quoted(file)) yourself and type 'run \(number)'")
        case .editorFailed(let editor, let status, let file):
            return style.tone(.bad, "the editor (\(quoted(editor))) exited with status \(status); your file is kept at \(quoted(file))")
        case .stateProblem(let text):
            return style.tone(.bad, quoted(text))
        }
    }

    // MARK: Parts of a chapter

    /// What follows a part of a chapter: an exercise's goal, or what Enter does.
    public func footer(of step: LessonStep) -> String? {
        guard let snippet = step.snippet else { return nil }
        guard snippet.exercise != nil else {
            return style.tone(.dim, "Enter runs snippet \(snippet.number); 'next' skips it.")
        }
        var lines = [style.tone(.notice, "Goal: ") + Self.goal(of: snippet)]
        if let output = snippet.expectations.output, output.lines.count <= 8 {
            let expected = output.lines.map { "  " + Sanitizer.sanitize($0, unicode: style.unicode) }
            lines.append(style.tone(.dim, "The expected output" + (output.matching.pattern ? " ('...' stands for anything)" : "")
                                    + (output.matching.unordered ? ", in any order" : "") + ":"))
            lines += expected
        }
        lines.append(style.tone(.notice, "Exercise: ") + style.tone(.dim, "'edit \(snippet.number)' to change the code, "
            + "'check \(snippet.number)' to test it, 'hint \(snippet.number)' for help. Enter runs the starting code."))
        return lines.joined(separator: "\n")
    }

    /// An exercise's goal in words, from its attributes.
    public static func goal(of snippet: Snippet) -> String {
        let attributes = snippet.attributes
        var parts: [String] = []
        if let band = attributes.time {
            parts.append(band.lower == nil ? "make it finish in \(band)" : "make its elapsed time \(band)")
        } else {
            parts.append("make it finish within \(TimeBand.format(attributes.timeout)) s")
        }
        if let output = snippet.expectations.output {
            parts.append(output.matching.unordered ? "print the expected lines, in any order" : "print the expected output")
        }
        return parts.joined(separator: " and ") + ", in Swift \(attributes.mode.rawValue) mode."
    }

    /// Hint `index` (0-based) of `count`, and a word when it is the last.
    public func hint(_ markdown: String, index: Int, count: Int, number: Int) -> String {
        var lines = [style.tone(.strong, "Hint \(index + 1) of \(count):"), MarkdownRenderer(style: style).render(MarkdownParser.parse(markdown))]
        if index + 1 == count { lines.append(style.tone(.dim, "That was the last hint; 'solution \(number)' shows the answer.")) }
        return lines.joined(separator: "\n")
    }

    /// Said under `show N` when `run N` would run the learner's copy instead.
    public func editNote(_ number: Int) -> String {
        style.tone(.notice, "This is the chapter's code. ") + style.tone(.dim, "You have your own version of snippet \(number), "
            + "which 'run \(number)' runs; 'diff \(number)' shows what you changed, 'original \(number)' runs this one.")
    }

    // MARK: Help and contents

    public func help() -> String {
        var lines = [style.tone(.strong, "Commands")]
        for entry in ShellCommand.names {
            let aliases = entry.aliases.isEmpty ? "" : " (" + entry.aliases.joined(separator: ", ") + ")"
            lines += row(entry.usage, entry.summary + aliases, column: 22) { style.tone(.strong, $0) }
        }
        lines += ["", style.tone(.strong, "Keys")]
        for (key, meaning) in [("Enter", "next part of the chapter, or run the snippet on screen"),
                               ("Tab", "complete a command, chapter, part or snippet number (twice: list)"),
                               ("Up / Down", "history (kept between sessions)"),
                               ("Ctrl-C", "stop a running snippet; at the prompt, clear the line"),
                               ("Ctrl-D", "leave (your place is saved)"),
                               ("at 'more'", "space or Enter reads on; q, Ctrl-C or Ctrl-D stops")] {
            lines += row(key, meaning, column: 16) { $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// `  name    text`, the text wrapped to the width with its continuation
    /// lines under its first.
    private func row(_ name: String, _ text: String, column: Int, paint: (String) -> String) -> [String] {
        let pad = String(repeating: " ", count: max(1, column - 2 - name.count))
        let pieces = ReportRenderer.wrap(text, width: max(20, style.width - column))
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
        func of(_ chapter: String?) -> String { chapter.map { " of " + quoted($0) } ?? "" }
        switch label {
        case .yours(let number, let chapter): return "your version of snippet \(number)" + of(chapter)
        case .chapters(let number, let chapter): return "the chapter's version of snippet \(number)" + of(chapter)
        case .exerciseStart(let number): return "the starting code of exercise \(number) (not edited yet)"
        case .yourExercise(let number): return "your version of exercise \(number)"
        }
    }

    /// The "more" prompt of the pager.
    public func morePrompt(linesLeft: Int) -> String {
        let rule = style.unicode ? "—" : "--"
        return style.tone(.dim, "\(rule) \(linesLeft) more \(linesLeft == 1 ? "line" : "lines"): Enter reads on (or space), q stops \(rule)")
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
