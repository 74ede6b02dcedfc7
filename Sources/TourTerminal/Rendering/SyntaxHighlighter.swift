import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Colours Swift source by swift-syntax's classifications. The concurrency
/// vocabulary (`async`, `await`, `actor`, `Task`…) is set in bold, since it
/// is what the course is about.
///
/// The text never changes: strip the SGR sequences from the result and you
/// get the sanitized source back, character for character.
public struct SyntaxHighlighter: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    /// Tabs in code expand to stops every 4 columns, as in Xcode.
    static let tabWidth = 4

    static let concurrencyWords: Set<String> = [
        "async", "await", "actor", "nonisolated", "isolated", "sending", "Task", "TaskGroup",
        "ThrowingTaskGroup", "DiscardingTaskGroup", "MainActor", "Sendable", "AsyncStream",
        "AsyncThrowingStream", "AsyncSequence",
    ]

    /// The source with SGR colours, or sanitized and otherwise unchanged when
    /// colour is off.
    public func highlight(_ source: String) -> String {
        guard style.color else { return Sanitizer.sanitize(source, unicode: style.unicode, tabWidth: Self.tabWidth) }
        return lines(source).map(paint).joined(separator: "\n")
    }

    /// The sanitized source as lines of segments: each token, each run of
    /// spaces and each word of a comment or string is one segment, so a line
    /// that has to wrap can break between segments instead of inside a token.
    ///
    /// Source too big or too deep for the parser to walk safely (a chain of
    /// 10,000 member accesses overflows the stack when its tree is
    /// classified) is shown plain, cut into segments at its spaces.
    func lines(_ source: String) -> [[CodeSegment]] {
        let clean = Sanitizer.sanitize(source, unicode: style.unicode, tabWidth: Self.tabWidth)
        guard Self.isHighlightable(clean) else { return MarkdownRenderer.plainSegments(clean, codes: "") }
        let tree = Parser.parse(source: clean)
        let bytes = Array(clean.utf8)
        let kinds = tree.classifications.map { ($0.range.lowerBound.utf8Offset..<$0.range.upperBound.utf8Offset, $0.kind) }
        var lines: [[CodeSegment]] = [[]]
        var kindIndex = 0
        let cuts = boundaries(of: bytes, tree: tree)
        for (start, end) in zip(cuts, cuts.dropFirst()) where start < end {
            if bytes[start] == UInt8(ascii: "\n") {
                lines.append([])
                continue
            }
            while kindIndex < kinds.count, kinds[kindIndex].0.upperBound <= start { kindIndex += 1 }
            let kind = kindIndex < kinds.count && kinds[kindIndex].0.contains(start) ? kinds[kindIndex].1 : .none
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            lines[lines.count - 1].append(CodeSegment(text: text, codes: codes(for: kind, text: text)))
        }
        return lines.map(Self.joinAttributes)
    }

    /// At most 64 KB and 2,000 of the characters that nest a syntax tree
    /// (`.`, `(`, `[`, `{`, `<`): far beyond any snippet.
    /// No control characters but tab and line ends, and no replacement
    /// character (bytes that were not UTF-8): real Swift has neither, and
    /// swift-syntax's error recovery was measured at 3 s (debug) on 700
    /// bytes of such garbage.
    static func isHighlightable(_ source: String) -> Bool {
        guard source.utf8.count <= 65_536 else { return false }
        var nesting = 0, depth = 0
        for byte in source.utf8 {
            switch byte {
            case 0x2E, 0x28, 0x5B, 0x7B, 0x3C:
                nesting += 1
                if nesting > 2_000 { return false }
                // swift-syntax's lookahead for nested collection types is
                // exponential in their depth: 56 unclosed `[` took over a
                // second. Real code nests a handful of levels.
                if byte != 0x2E {
                    depth += 1
                    if depth > 24 { return false }
                }
            case 0x29, 0x5D, 0x7D, 0x3E:
                depth = max(0, depth - 1)
            case 0x09, 0x0A, 0x0D: continue
            case 0x00...0x1F, 0x7F: return false
            default: continue
            }
        }
        return !source.unicodeScalars.contains("\u{FFFD}")
    }

    /// Offsets where a segment may end: token edges, classification edges,
    /// the edges of each run of spaces and of each newline.
    private func boundaries(of bytes: [UInt8], tree: SourceFileSyntax) -> [Int] {
        var cuts: Set<Int> = [0, bytes.count]
        for token in tree.tokens(viewMode: .sourceAccurate) {
            cuts.insert(token.positionAfterSkippingLeadingTrivia.utf8Offset)
            cuts.insert(token.endPositionBeforeTrailingTrivia.utf8Offset)
        }
        for range in tree.classifications {
            cuts.insert(range.range.lowerBound.utf8Offset)
            cuts.insert(range.range.upperBound.utf8Offset)
        }
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == newline {
                cuts.insert(index)
                cuts.insert(index + 1)
            } else if index > 0, (byte == space) != (bytes[index - 1] == space) {
                cuts.insert(index)
            }
        }
        return cuts.filter { $0 <= bytes.count }.sorted()
    }

    private func codes(for kind: SyntaxClassification, text: String) -> String {
        if Self.concurrencyWords.contains(text), ![.stringLiteral, .lineComment, .blockComment, .docLineComment,
                                                   .docBlockComment, .regexLiteral].contains(kind) {
            return SGR.combine(SGR.bold, SGR.magenta)
        }
        switch kind {
        case .keyword: return SGR.magenta
        case .stringLiteral, .regexLiteral: return SGR.green
        case .integerLiteral, .floatLiteral: return SGR.yellow
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: return SGR.dim
        case .type: return SGR.cyan
        case .attribute, .ifConfigDirective: return SGR.yellow
        default: return ""
        }
    }

    /// `@MainActor` in one style: the `@` takes the style of the name after it.
    private static func joinAttributes(_ line: [CodeSegment]) -> [CodeSegment] {
        var line = line
        for index in line.indices.dropLast() where line[index].text == "@" {
            line[index].codes = line[index + 1].codes
        }
        return line
    }

    func paint(_ line: [CodeSegment]) -> String {
        SGR.merge(line.map { style.paint($0.text, $0.codes) }.joined())
    }
}

/// A piece of a line of code that wrapping keeps whole when it can.
struct CodeSegment: Equatable {
    var text: String
    /// SGR parameters, empty for none.
    var codes: String

    var width: Int { displayWidth(text) }
    var isSpace: Bool { text.allSatisfy { $0 == " " } }
}
