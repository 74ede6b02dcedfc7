import SwiftParser
import SwiftSyntax

/// A snippet's code without its comments: what a translation may change.
///
/// Comments become nothing, but the line breaks inside them stay, so two
/// programs that differ in their comments only have the same lines, and a
/// compile error or a crash names the same line in either.
public enum CodeComments {
    /// The 0-based line where `a` and `b` differ once their comments are
    /// removed, nil when they do not.
    ///
    /// Most translated lines differ in a trailing `// …` only, and parsing
    /// every snippet of a course takes a debug build seconds, so a line
    /// pair whose only difference is after a `//` outside a one-line
    /// string (interpolations and all) is let through at once; code with
    /// block comments, multi-line or raw strings is parsed (Swift) or
    /// scanned (Python) whole.
    public static func firstDifferentLine(_ a: String, _ b: String, language: SnippetLanguage) -> Int? {
        if a == b { return nil }
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        if language == .swift, left.count == right.count, !hasHardParts(a), !hasHardParts(b) {
            var sure = true
            for (x, y) in zip(left, right) where x != y {
                guard let bareX = withoutLineComment(x), let bareY = withoutLineComment(y), bareX == bareY else {
                    sure = false
                    break
                }
            }
            if sure { return nil }
        }
        let strippedLeft = stripped(a, language: language).split(separator: "\n", omittingEmptySubsequences: false)
        let strippedRight = stripped(b, language: language).split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(strippedLeft.count, strippedRight.count) {
            if index >= strippedLeft.count || index >= strippedRight.count || strippedLeft[index] != strippedRight[index] { return index }
        }
        return nil
    }

    /// Swift the line scan leaves to the parser.
    private static func hasHardParts(_ code: String) -> Bool {
        code.contains("\"\"\"") || code.contains("#\"") || code.contains("/*") || code.contains("#/")
    }

    /// One line up to its `//` comment, trailing blanks dropped; nil when
    /// the line leaves a string or an interpolation open (the scan cannot
    /// follow it onto the next line).
    private static func withoutLineComment(_ line: Substring) -> Substring? {
        enum Context { case string, interpolation(depth: Int) }
        var stack: [Context] = []
        var index = line.startIndex
        func next(_ offset: Int = 1) -> Character? {
            line.index(index, offsetBy: offset, limitedBy: line.endIndex).flatMap { $0 < line.endIndex ? line[$0] : nil }
        }
        while index < line.endIndex {
            let character = line[index]
            switch stack.last {
            case .string:
                if character == "\\" {
                    if next() == "(" { stack.append(.interpolation(depth: 1)) }
                    index = line.index(index, offsetBy: 2, limitedBy: line.endIndex) ?? line.endIndex
                    continue
                }
                if character == "\"" { stack.removeLast() }
            case .interpolation(let depth):
                if character == "\"" { stack.append(.string) }
                else if character == "(" { stack[stack.count - 1] = .interpolation(depth: depth + 1) }
                else if character == ")" {
                    if depth == 1 { stack.removeLast() } else { stack[stack.count - 1] = .interpolation(depth: depth - 1) }
                } else if character == "/", next() == "/" { return nil }
            case nil:
                if character == "\"" { stack.append(.string) }
                else if character == "/", next() == "/" { return trimmed(line[..<index]) }
            }
            index = line.index(after: index)
        }
        return stack.isEmpty ? trimmed(line) : nil
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)] == " " || text[text.index(before: end)] == "\t" {
            end = text.index(before: end)
        }
        return text[..<end]
    }

    /// `code` in `language` with every comment removed and every line's
    /// trailing blanks dropped.
    public static func stripped(_ code: String, language: SnippetLanguage) -> String {
        let bare = switch language {
        case .swift: strippingSwift(code)
        case .python: strippingPython(code)
        }
        return bare.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.last == " " || line.last == "\t" ? String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) : String(line) }
            .joined(separator: "\n")
    }

    /// Swift: the parser's trivia without its comments. Code the parser
    /// cannot read still comes back whole, comments and all (nothing else
    /// is trivia).
    static func strippingSwift(_ code: String) -> String {
        // Every comment starts with a '/': without one there is nothing to strip, and nothing to parse.
        guard code.contains("/") else { return code }
        let tree = Parser.parse(source: code)
        var out = ""
        out.reserveCapacity(code.utf8.count)
        func append(_ trivia: Trivia) {
            for piece in trivia {
                switch piece {
                case .lineComment, .docLineComment: break
                case .blockComment(let text), .docBlockComment(let text):
                    out += String(repeating: "\n", count: text.reduce(0) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 })
                default: piece.write(to: &out)
                }
            }
        }
        for token in tree.tokens(viewMode: .sourceAccurate) {
            append(token.leadingTrivia)
            out += token.text
            append(token.trailingTrivia)
        }
        return out
    }

    /// Python: `#` to the end of the line, outside string literals
    /// (`'…'`, `"…"`, and their triple-quoted forms, with `\\` escapes).
    /// Every character that matters is ASCII, so the scan reads bytes.
    static func strippingPython(_ code: String) -> String {
        let bytes = Array(code.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let hash = UInt8(ascii: "#"), newline = UInt8(ascii: "\n"), backslash = UInt8(ascii: "\\")
        let double = UInt8(ascii: "\""), single = UInt8(ascii: "'")
        func triple(_ quote: UInt8, at position: Int) -> Bool {
            position + 2 < bytes.count && bytes[position] == quote && bytes[position + 1] == quote && bytes[position + 2] == quote
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == hash {
                while index < bytes.count, bytes[index] != newline { index += 1 }
            } else if byte == double || byte == single {
                let long = triple(byte, at: index)
                var end = index + (long ? 3 : 1)
                while end < bytes.count {
                    if bytes[end] == backslash { end += 2; continue }
                    if long ? triple(byte, at: end) : bytes[end] == byte { end += long ? 3 : 1; break }
                    // A one-quote string ends at its line's end when its quote is missing.
                    if !long, bytes[end] == newline { break }
                    end += 1
                }
                end = min(end, bytes.count)
                out += bytes[index..<end]
                index = end
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
