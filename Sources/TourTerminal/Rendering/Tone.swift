/// The tour's one styling vocabulary: what a piece of text is, not which
/// escape codes it gets. Every message of the shell is painted through
/// ``TerminalStyle/tone(_:_:)``; the report helpers (`reportDim` and the
/// rest) are the same tones.
public enum Tone: Sendable {
    /// Headings, a command's name in help, a figure that matters.
    case strong
    /// Hints and asides.
    case dim
    /// Something went as it should.
    case good
    /// An error, a failure, a warning the learner must act on.
    case bad
    /// Attention without alarm: an exercise's goal, a goal not met yet.
    case notice

    var codes: String {
        switch self {
        case .strong: return SGR.bold
        case .dim: return SGR.dim
        case .good: return SGR.green
        case .bad: return SGR.red
        case .notice: return SGR.combine(SGR.bold, SGR.yellow)
        }
    }
}

extension TerminalStyle {
    /// `text` in `tone`, when colour is on.
    public func tone(_ tone: Tone, _ text: String) -> String {
        paint(text, tone.codes)
    }
}
