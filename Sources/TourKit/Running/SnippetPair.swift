/// A Python program and the Swift snippet that retells it (`pair=` on the
/// python fence).
extension Lesson {
    /// The Python snippet and the Swift one it is paired with, for either
    /// of the two numbers; nil when `number` is in no pair.
    public func pair(of number: Int) -> (python: Snippet, swift: Snippet)? {
        guard let snippet = snippet(number) else { return nil }
        let python = snippet.language == .python ? snippet
            : snippets.first { $0.language == .python && $0.pairedWith == number }
        guard let python, let swiftNumber = python.pairedWith, let swift = self.snippet(swiftNumber) else { return nil }
        return (python, swift)
    }
}
