/// TAB completion candidates for the shell's command line.
public struct Completion: Sendable {
    public var lessons: [Lesson]
    /// The chapter on screen, whose snippets `run` and `show` complete.
    public var current: Lesson?

    public init(lessons: [Lesson], current: Lesson?) {
        self.lessons = lessons
        self.current = current
    }

    /// Candidates for the last word of `line` (the text before the cursor).
    public func candidates(_ line: String) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let word = words.last ?? ""
        let matching: [String]
        if words.count <= 1 {
            matching = ShellCommand.names.map(\.name) + ["list", "exit"]
        } else {
            switch words[0].lowercased() {
            case "goto", "go", "open":
                matching = words.count == 2 ? lessons.map(\.id) + lessons.map { String($0.number) } : []
            case "run", "r":
                matching = words.count == 2 ? snippetNumbers + ["all"] : []
            case "show", "edit", "e", "diff", "reset", "original", "orig", "check", "hint", "solution":
                matching = words.count == 2 ? snippetNumbers : []
            default:
                matching = []
            }
        }
        var seen = Set<String>()
        return matching.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
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
