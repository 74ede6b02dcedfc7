import TourKit

/// What TAB does, decided without a terminal, the way readline does it: a
/// single match is completed (with a space after it), several matches are
/// completed as far as they agree, and a TAB that could not change the line
/// lists the matches when it follows another such TAB on the same line.
struct TabCompletion {
    enum Action: Equatable {
        /// Text to insert at the cursor.
        case insert(String)
        /// The matches, to show under the line.
        case list([String])
        /// Nothing to add.
        case beep
    }

    /// The line and cursor after the last TAB that changed nothing; a second
    /// TAB on the same line then lists.
    private var unchanged: (line: String, cursor: Int)?

    /// Forgets the last TAB (a new line is being read).
    mutating func reset() {
        unchanged = nil
    }

    /// The action for TAB on `line` with the cursor `cursor` characters in.
    /// Only candidates that start with the word before the cursor count.
    mutating func press(line: String, cursor: Int, candidates: [String]) -> Action {
        let before = line.prefix(cursor)
        let word = String(before.reversed().prefix { !$0.isWhitespace }.reversed())
        var seen = Set<String>()
        let matches = candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        let repeated = unchanged.map { $0.line == line && $0.cursor == cursor } ?? false
        let action: Action
        if matches.count == 1, let only = matches.first {
            let after = line.dropFirst(cursor)
            let spaced = after.first.map(\.isWhitespace) ?? false
            let insertion = String(only.dropFirst(word.count)) + (spaced ? "" : " ")
            action = insertion.isEmpty ? .beep : .insert(insertion)
        } else if matches.count > 1 {
            let prefix = Completion.commonPrefix(matches)
            if prefix.count > word.count {
                action = .insert(String(prefix.dropFirst(word.count)))
            } else {
                action = repeated ? .list(matches) : .beep
            }
        } else {
            action = .beep
        }
        if case .insert = action {
            unchanged = nil
        } else {
            unchanged = (line, cursor)
        }
        return action
    }
}
