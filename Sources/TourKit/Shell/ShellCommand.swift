/// One line typed at the shell's prompt.
public enum ShellCommand: Sendable, Equatable {
    /// An empty line: run the snippet on screen, or go on.
    case proceed
    case help
    case toc
    case next
    case previous
    case goto(String)
    /// `show` or `show N`: a snippet's code.
    case show(Int?)
    /// `run` or `run N`.
    case run(Int?)
    case runAll
    /// `original [N]`: the chapter's version, when the learner has edited it.
    case original(Int?)
    case edit(Int?)
    case diff(Int?)
    case reset(Int?)
    case again
    /// The thread view of the last run's runtime timeline.
    case threads
    case check(Int?)
    case hint(Int?)
    case solution(Int?)
    case repl
    case resume
    case quit

    /// Command names, with the aliases each accepts, for help and completion.
    public static let names: [(name: String, aliases: [String], usage: String, summary: String)] = [
        ("help", ["?", "h"], "help", "this list"),
        ("toc", ["list", "ls"], "toc", "the chapters, with what you have done"),
        ("next", ["n"], "next", "the next part of the chapter (Enter does this too)"),
        ("prev", ["p", "back"], "prev", "the previous part"),
        ("goto", ["go", "open"], "goto LESSON", "open a chapter by number or id"),
        ("show", [], "show [N]", "show snippet N's code"),
        ("run", ["r"], "run [N] | run all", "run snippet N (or the one on screen), or every snippet"),
        ("again", ["a"], "again", "run the last snippet again"),
        ("threads", ["th"], "threads", "which task each thread ran in the last run, and when"),
        ("edit", ["e"], "edit [N]", "change snippet N in $EDITOR, then run your version"),
        ("diff", [], "diff [N]", "what you changed in snippet N"),
        ("reset", [], "reset [N]", "throw your version away and go back to the chapter's"),
        ("original", ["orig"], "original [N]", "run the chapter's version of a snippet you edited"),
        ("check", [], "check [N]", "test your version of exercise N against its goal"),
        ("hint", [], "hint [N]", "the next hint for exercise N"),
        ("solution", [], "solution [N]", "the chapter's solution to exercise N"),
        ("repl", ["swift"], "repl", "a Swift REPL with top-level await"),
        ("continue", ["c", "resume"], "continue", "go back to where you left off last time"),
        ("quit", ["exit"], "quit", "leave (Ctrl-D does too)"),
    ]

    public static var allWords: [String] { names.flatMap { [$0.name] + $0.aliases } }

    /// Parses a line; a wrong line gets a message that says what to type.
    public static func parse(_ line: String) -> Result<ShellCommand, ShellCommandError> {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first?.lowercased() else { return .success(.proceed) }
        let arguments = Array(words.dropFirst())
        // 'q' ends a page of text; at the prompt it is more likely a late
        // answer to a pager than a wish to leave the tour.
        if first == "q" { return .failure(.usage("'q' stops a long page of text; to leave the tour, type quit or press Ctrl-D")) }
        guard let name = names.first(where: { $0.name == first || $0.aliases.contains(first) })?.name else {
            // Suggest full names and longer aliases; a one-letter alias is no help.
            let words = names.flatMap { [$0.name] + $0.aliases.filter { $0.count > 1 } }
            return .failure(.unknown(first, suggestion: closestMatch(to: first, in: words)))
        }
        func none(_ command: ShellCommand) -> Result<ShellCommand, ShellCommandError> {
            arguments.isEmpty ? .success(command) : .failure(.usage("\(name) takes no arguments"))
        }
        func number(_ make: (Int?) -> ShellCommand) -> Result<ShellCommand, ShellCommandError> {
            guard let argument = arguments.first else { return .success(make(nil)) }
            guard arguments.count == 1, let value = Int(argument), value > 0 else {
                return .failure(.usage("\(name) takes a snippet number, e.g. \(name) 2"))
            }
            return .success(make(value))
        }
        switch name {
        case "help": return none(.help)
        case "toc": return none(.toc)
        case "next": return none(.next)
        case "prev": return none(.previous)
        case "again": return none(.again)
        case "threads": return none(.threads)
        case "repl": return none(.repl)
        case "continue": return none(.resume)
        case "quit": return none(.quit)
        case "show": return number { .show($0) }
        case "edit": return number { .edit($0) }
        case "diff": return number { .diff($0) }
        case "reset": return number { .reset($0) }
        case "original": return number { .original($0) }
        case "check": return number { .check($0) }
        case "hint": return number { .hint($0) }
        case "solution": return number { .solution($0) }
        case "goto":
            guard arguments.count == 1, let target = arguments.first else {
                return .failure(.usage("goto takes a chapter number or id, e.g. goto 2 or goto async-await"))
            }
            return .success(.goto(target))
        default: // run
            if arguments == ["all"] { return .success(.runAll) }
            return number { .run($0) }.mapError { _ in .usage("run takes a snippet number or 'all', e.g. run 2") }
        }
    }
}

public enum ShellCommandError: Error, Equatable, CustomStringConvertible {
    case unknown(String, suggestion: String?)
    case usage(String)

    public var description: String {
        switch self {
        case .unknown(let word, let suggestion?):
            return "unknown command '\(word)'; did you mean '\(suggestion)'? (type help for the list)"
        case .unknown(let word, nil):
            return "unknown command '\(word)' (type help for the list)"
        case .usage(let message):
            return message
        }
    }
}
