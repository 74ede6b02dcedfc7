/// TAB completion candidates for the shell's command line: command names
/// first, then chapter ids and numbers after `goto` and its parts (`goto
/// tasks 1`…, `goto 4.1`…), snippet numbers after `run`, `show` and the
/// other commands that take one.
public struct Completion: Sendable {
    public var lessons: [Lesson]
    /// The chapter on screen, whose snippets `run` and `show` complete.
    public var current: Lesson?

    public init(lessons: [Lesson], current: Lesson?) {
        self.lessons = lessons
        self.current = current
    }

    /// Candidates for the word that ends at `cursor` (a count of characters
    /// into `line`); text after the cursor plays no part.
    public func candidates(line: String, cursor: Int) -> [String] {
        candidates(String(line.prefix(max(0, cursor))))
    }

    /// Candidates for the last word of `line`, the text before the cursor.
    /// Each candidate starts with that word, so completing means inserting
    /// what follows it.
    public func candidates(_ line: String) -> [String] {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        let endsWord = line.last.map { !$0.isWhitespace } ?? false
        // The word being completed, and how many whole words come before it.
        let word = endsWord ? words.last ?? "" : ""
        let position = endsWord ? words.count - 1 : words.count
        let matching: [String]
        if position == 0 {
            matching = ShellCommand.names.map(\.name) + ["list", "exit"]
        } else if position == 1 {
            matching = arguments(for: words[0].lowercased(), word: word)
        } else if position == 2, isGoto(words[0].lowercased()), let lesson = chapter(words[1]) {
            matching = (1...max(1, lesson.steps.count)).map(String.init)
        } else {
            matching = []
        }
        var seen = Set<String>()
        return matching.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
    }

    /// What may follow a command, by any of its names.
    private func arguments(for command: String, word: String) -> [String] {
        guard let entry = ShellCommand.entry(command) else { return [] }
        switch entry.name {
        case "goto":
            // `goto 4.` or `goto tasks.`: the chapter's parts.
            if let dot = word.lastIndex(of: "."), let lesson = chapter(String(word[..<dot])) {
                let prefix = word[...dot]
                return (1...max(1, lesson.steps.count)).map { prefix + String($0) }
            }
            return lessons.map(\.id) + lessons.map { String($0.number) }
        case "run": return snippetNumbers + ["all"]
        case "show", "edit", "diff", "reset", "original": return snippetNumbers
        case "check", "hint", "solution": return exerciseNumbers
        default: return []
        }
    }

    private func isGoto(_ command: String) -> Bool { ShellCommand.entry(command)?.name == "goto" }

    /// A chapter by number or exact id, as `goto` takes it.
    private func chapter(_ reference: String) -> Lesson? {
        if let number = Int(reference) { return lessons.first { $0.number == number } }
        return lessons.first { $0.id == reference.lowercased() }
    }

    private var exerciseNumbers: [String] {
        (current?.snippets ?? []).filter { $0.exercise != nil }.map { String($0.number) }
    }

    private var snippetNumbers: [String] {
        (current?.snippets ?? []).map { String($0.number) }
    }

    /// The longest prefix all candidates share.
    public static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
