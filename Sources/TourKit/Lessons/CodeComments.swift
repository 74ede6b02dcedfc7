import SwiftParser
import SwiftSyntax

/// A snippet's code without its comments: what a translation may change.
///
/// Comments become nothing, but the line breaks inside them stay, so two
/// programs that differ in their comments only have the same lines, and a
/// compile error or a crash names the same line in either. The result is
/// what the build cache keys a program by, so a translated chapter shares
/// the original's builds.
public enum CodeComments {
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
    /// (`'…'`, `"…"`, and their triple-quoted forms, with `\` escapes).
    static func strippingPython(_ code: String) -> String {
        let characters = Array(code)
        var out = "", index = 0
        out.reserveCapacity(code.utf8.count)
        func starts(_ text: String, at position: Int) -> Bool {
            let pattern = Array(text)
            return position + pattern.count <= characters.count && Array(characters[position..<position + pattern.count]) == pattern
        }
        while index < characters.count {
            let character = characters[index]
            if character == "#" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
            } else if character == "\"" || character == "'" {
                let quote = starts(String(repeating: character, count: 3), at: index) ? String(repeating: character, count: 3) : String(character)
                var end = index + quote.count
                while end < characters.count, !starts(quote, at: end) {
                    // A one-quote string ends at its line's end when its quote is missing.
                    if quote.count == 1, characters[end] == "\n" { break }
                    end += characters[end] == "\\" ? 2 : 1
                }
                end = min(characters.count, end + (end < characters.count && characters[end] != "\n" ? quote.count : 0))
                out += String(characters[index..<end])
                index = end
            } else {
                out.append(character)
                index += 1
            }
        }
        return out
    }
}
