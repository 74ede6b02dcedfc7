/// A chapter: `Lessons/NN-slug.md`.
public struct Lesson: Sendable, Equatable, Identifiable {
    /// The slug, `why-async`.
    public var id: String
    /// The `NN` of the file name.
    public var number: Int
    public var title: String
    /// Absolute path of the markdown file.
    public var path: String
    /// The whole chapter, including the expectation blocks.
    public var blocks: [MarkdownBlock]
    public var snippets: [Snippet]

    public init(id: String, number: Int, title: String, path: String, blocks: [MarkdownBlock], snippets: [Snippet]) {
        self.id = id
        self.number = number
        self.title = title
        self.path = path
        self.blocks = blocks
        self.snippets = snippets
    }

    /// The file name, `01-why-async.md`.
    public var fileName: String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    public func snippet(_ number: Int) -> Snippet? {
        snippets.first { $0.number == number }
    }
}

/// Something wrong in a chapter, with where it is and what to do about it.
public struct LessonProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String
    public var hint: String
    /// A warning: worth the author's attention, but the chapter loads.
    public var isWarning: Bool

    public init(path: String, line: Int?, message: String, hint: String, isWarning: Bool = false) {
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint
        self.isWarning = isWarning
    }

    /// One `path:line: error: message` line and its hint. The path is
    /// quoted (a file name may hold a newline or an escape sequence); the
    /// message and hint quote their untrusted parts where they are built.
    public var description: String {
        let shownPath = path.quotedForMessage(limit: 1024)
        let location = line.map { "\(shownPath):\($0)" } ?? shownPath
        return "\(location): \(isWarning ? "warning" : "error"): \(message)\n  hint: \(hint)"
    }
}
