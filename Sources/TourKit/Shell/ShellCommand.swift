/// A snippet named at the prompt: `2` (in the chapter on screen) or `4.2`
/// (snippet 2 of chapter 4; the chapter may be an id: `tasks.2`). The
/// number is not checked here: only the chapter knows its range, and the
/// message for a number out of range names it (``TourState``).
public struct SnippetTarget: Hashable, Sendable {
    public var chapter: String?
    public var number: Int

    public init(chapter: String? = nil, number: Int) {
        self.chapter = chapter
        self.number = number
    }
}

/// One line typed at the shell's prompt.
public enum ShellCommand: Hashable, Sendable {
    /// An empty line: continue where the learner left off, run the snippet
    /// on screen, or go on.
    case proceed
    case help
    case toc
    case next
    case previous
    /// `goto 4`, `goto tasks`, `goto 4.19`, `goto tasks 19`: a chapter, and
    /// the part of it to open (1-based, as the prompt counts).
    case goto(String, part: Int?)
    /// `show` or `show N`: a snippet's code.
    case show(SnippetTarget?)
    /// `run` or `run N`.
    case run(SnippetTarget?)
    case runAll
    /// `original [N]`: the chapter's version, when the learner has edited it.
    case original(SnippetTarget?)
    case edit(SnippetTarget?)
    case diff(SnippetTarget?)
    case reset(SnippetTarget?)
    case again
    /// The thread view of the last run's runtime timeline.
    case threads
    case check(SnippetTarget?)
    /// `compare [N]`: run a Python snippet and the Swift one it is paired
    /// with, then compare them.
    case compare(SnippetTarget?)
    case hint(SnippetTarget?)
    case solution(SnippetTarget?)
    case repl
    /// `lang` alone: the language now; `lang zh-Hans`: change it, keeping the place.
    case language(String?)
    /// `continue`: back to the place saved last.
    case resume
    /// `start`: the first part of the first chapter, whatever was saved.
    case start
    case quit

    /// Command names, with the aliases each accepts, for help and completion.
    /// The summaries are in the interface's language of the moment (`lang`
    /// changes it mid-session), so the list is made at each use.
    public static var names: [(name: String, aliases: [String], usage: String, summary: String)] { [
        ("help", ["?", "h"], "help", localized("this list")),
        ("toc", ["list", "ls"], "toc", localized("the chapters, with what you have done")),
        ("next", ["n"], "next", localized("the next part of the chapter (Enter does this too)")),
        ("prev", ["p", "back"], "prev", localized("the previous part")),
        ("goto", ["go", "open"], "goto CHAPTER [PART]", localized("open a chapter by number or id: goto 4, goto tasks 19, goto 4.19")),
        ("continue", ["c", "resume"], "continue", localized("go back to where you left off (Enter does this at the start)")),
        ("start", ["restart"], "start", localized("begin the tour again at its first chapter")),
        ("show", [], "show [N]", localized("show snippet N's code")),
        ("run", ["r"], "run [N] | run all", localized("run snippet N (or the one on screen), or every snippet")),
        ("again", ["a"], "again", localized("run the last snippet again")),
        ("threads", ["th"], "threads", localized("which task each thread ran in the last run, and when")),
        ("edit", ["e"], "edit [N]", localized("change snippet N in $EDITOR, then run your version")),
        ("diff", [], "diff [N]", localized("what you changed in snippet N")),
        ("reset", [], "reset [N]", localized("throw your version away and go back to the chapter's code")),
        ("original", ["orig"], "original [N]", localized("run the chapter's version of a snippet you edited")),
        ("compare", ["cmp"], "compare [N]", localized("run a Python program and the Swift snippet that retells it, side by side")),
        ("check", [], "check [N]", localized("test your version of exercise N against its goal")),
        ("hint", [], "hint [N]", localized("the next hint for exercise N")),
        ("solution", [], "solution [N]", localized("the chapter's solution to exercise N")),
        ("repl", ["swift"], "repl", localized("a Swift REPL with top-level await")),
        ("lang", ["language"], "lang [en|zh-Hans]", localized("the language of the chapters and the interface; lang zh-Hans switches to Chinese")),
        ("quit", ["exit"], "quit", localized("leave (Ctrl-D does too)")),
    ] }

    public static var allWords: [String] { names.flatMap { [$0.name] + $0.aliases } }

    /// The entry of a command by any of its names.
    static func entry(_ word: String) -> (name: String, aliases: [String], usage: String, summary: String)? {
        names.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// Parses a line; a wrong line gets a message that says what to type.
    public static func parse(_ line: String) -> Result<ShellCommand, ShellCommandError> {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first?.lowercased() else { return .success(.proceed) }
        let arguments = Array(words.dropFirst())
        // 'q' ends a page of text; at the prompt it is more likely a late
        // answer to a pager than a wish to leave the tour.
        if first == "q" { return .failure(.usage(localized("'q' stops a long page of text; to leave the tour, type quit or press Ctrl-D"))) }
        guard let name = entry(first)?.name else {
            // Suggest full names and longer aliases; a one-letter alias is no help.
            let words = names.flatMap { [$0.name] + $0.aliases.filter { $0.count > 1 } }
            return .failure(.unknown(first, suggestion: closestMatch(to: first, in: words)))
        }
        func none(_ command: ShellCommand) -> Result<ShellCommand, ShellCommandError> {
            arguments.isEmpty ? .success(command) : .failure(.usage(localized("\(name) takes no arguments")))
        }
        func target(_ make: (SnippetTarget?) -> ShellCommand) -> Result<ShellCommand, ShellCommandError> {
            guard let argument = arguments.first else { return .success(make(nil)) }
            guard arguments.count == 1, let parsed = snippetTarget(argument) else {
                return .failure(.usage(localized("\(name) takes a snippet number, e.g. \(name) 2 (or 4.2: snippet 2 of chapter 4)")))
            }
            return .success(make(parsed))
        }
        switch name {
        case "help": return none(.help)
        case "toc": return none(.toc)
        case "next": return none(.next)
        case "prev": return none(.previous)
        case "again": return none(.again)
        case "threads": return none(.threads)
        case "repl": return none(.repl)
        case "lang":
            guard arguments.count <= 1 else { return .failure(.usage(localized("lang takes one language: lang en or lang zh-Hans"))) }
            return .success(.language(arguments.first))
        case "continue": return none(.resume)
        case "start": return none(.start)
        case "quit": return none(.quit)
        case "show": return target { .show($0) }
        case "edit": return target { .edit($0) }
        case "diff": return target { .diff($0) }
        case "reset": return target { .reset($0) }
        case "original": return target { .original($0) }
        case "check": return target { .check($0) }
        case "compare": return target { .compare($0) }
        case "hint": return target { .hint($0) }
        case "solution": return target { .solution($0) }
        case "goto": return goto(arguments)
        default: // run
            if arguments == ["all"] { return .success(.runAll) }
            if arguments.count == 1, arguments[0].lowercased() != "all", closestMatch(to: arguments[0], in: ["all"]) != nil,
               Int(arguments[0]) == nil {
                return .failure(.usage(localized("run takes a snippet number or 'all'; did you mean 'run all'?")))
            }
            return target { .run($0) }.mapError { _ in .usage(localized("run takes a snippet number or 'all', e.g. run 2 or run all")) }
        }
    }

    static var gotoUsage: String {
        localized("goto takes a chapter and, if you like, a part: goto 4, goto tasks, goto 4.19 or goto tasks 19")
    }

    /// `goto 4`, `goto tasks`, `goto 4.19`, `goto tasks 19`.
    private static func goto(_ arguments: [String]) -> Result<ShellCommand, ShellCommandError> {
        switch arguments.count {
        case 1:
            let argument = arguments[0]
            if let dot = argument.lastIndex(of: "."), dot != argument.startIndex {
                let chapter = String(argument[..<dot]), part = argument[argument.index(after: dot)...]
                guard let number = Int(part) else { return .failure(.usage(gotoUsage)) }
                return .success(.goto(chapter, part: number))
            }
            return .success(.goto(argument, part: nil))
        case 2:
            guard let part = Int(arguments[1]) else {
                // "goto tasks x": the part must be a number; say so with the chapter they named.
                let chapter = arguments[0].quotedForMessage(limit: 40)
                return .failure(.usage(localized("a part is a number: 'goto \(chapter) 1' opens its first part")))
            }
            return .success(.goto(arguments[0], part: part))
        default:
            return .failure(.usage(gotoUsage))
        }
    }

    /// `2`, `-1`, `4.2`, `tasks.2`; nil for anything else.
    static func snippetTarget(_ text: String) -> SnippetTarget? {
        if let number = Int(text) { return SnippetTarget(number: number) }
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex,
              let number = Int(text[text.index(after: dot)...]) else { return nil }
        return SnippetTarget(chapter: String(text[..<dot]), number: number)
    }
}

public enum ShellCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknown(String, suggestion: String?)
    case usage(String)

    public var description: String {
        switch self {
        case .unknown(let word, let suggestion?):
            let typed = word.quotedForMessage()
            return localized("unknown command '\(typed)'; did you mean '\(suggestion)'? (type help for the list)")
        case .unknown(let word, nil):
            let typed = word.quotedForMessage()
            return localized("unknown command '\(typed)' (type help for the list)")
        case .usage(let message):
            return message
        }
    }
}
