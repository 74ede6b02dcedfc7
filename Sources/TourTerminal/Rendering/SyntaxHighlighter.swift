import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Colours Swift source by swift-syntax's classifications. The concurrency
/// vocabulary (`async`, `await`, `actor`, `Task`…) is set in bold, since it
/// is what the course is about.
public struct SyntaxHighlighter: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    static let concurrencyWords: Set<String> = [
        "async", "await", "actor", "nonisolated", "isolated", "sending", "Task", "TaskGroup",
        "ThrowingTaskGroup", "MainActor", "Sendable", "AsyncStream", "AsyncSequence",
    ]

    /// The source with SGR colours, or sanitized and unchanged when colour is off.
    public func highlight(_ source: String) -> String {
        guard style.color else { return Sanitizer.sanitize(source, unicode: style.unicode) }
        let tree = Parser.parse(source: source)
        let bytes = Array(source.utf8)
        var out = ""
        var position = 0
        for range in tree.classifications {
            let start = max(position, range.range.lowerBound.utf8Offset)
            let end = min(bytes.count, range.range.upperBound.utf8Offset)
            if start > position { out += plain(bytes[position..<start]) }
            guard end > start else { continue }
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            out += colour(Sanitizer.sanitize(text, unicode: style.unicode), kind: range.kind, word: text)
            position = end
        }
        if position < bytes.count { out += plain(bytes[position...]) }
        return out
    }

    private func plain(_ bytes: ArraySlice<UInt8>) -> String {
        Sanitizer.sanitize(String(decoding: bytes, as: UTF8.self), unicode: style.unicode)
    }

    private func colour(_ text: String, kind: SyntaxClassification, word: String) -> String {
        if Self.concurrencyWords.contains(word) { return style.paint(text, "1;35") }
        switch kind {
        case .keyword: return style.paint(text, "35")
        case .stringLiteral, .regexLiteral: return style.paint(text, "32")
        case .integerLiteral, .floatLiteral: return style.paint(text, "34")
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: return style.paint(text, "90")
        case .type: return style.paint(text, "36")
        case .attribute, .ifConfigDirective: return style.paint(text, "33")
        default: return text
        }
    }
}
