import SwiftParser
import SwiftSyntax

/// What swift-syntax makes of the text typed so far at the REPL prompt.
public enum ReplInput: Equatable, Sendable {
    /// Unbalanced braces, an open multi-line string…: read another line.
    case incomplete
    /// Only declarations that outlive the entry: functions, types, actors,
    /// extensions, protocols, imports, type aliases.
    case declarations
    /// Anything else, including `let` and `var`: run once.
    case statements
    case empty

    public static func classify(_ source: String) -> ReplInput {
        if source.allSatisfy(\.isWhitespace) { return .empty }
        let tree = Parser.parse(source: source)
        if endsIncomplete(tree, source: source) { return .incomplete }
        let items = tree.statements
        let kept = items.allSatisfy { item in
            guard case .decl(let decl) = item.item else { return false }
            return !decl.is(VariableDeclSyntax.self) && !decl.is(PoundSourceLocationSyntax.self)
        }
        return kept ? .declarations : .statements
    }

    /// Names bound by top-level `let` and `var` in `source`.
    public static func variableNames(_ source: String) -> Set<String> {
        var names: Set<String> = []
        for item in Parser.parse(source: source).statements {
            guard case .decl(let decl) = item.item, let variable = decl.as(VariableDeclSyntax.self) else { continue }
            for binding in variable.bindings {
                if let identifier = binding.pattern.as(IdentifierPatternSyntax.self) { names.insert(identifier.identifier.text) }
            }
        }
        return names
    }

    /// Incomplete means a token is missing at the very end of the input: a
    /// closing brace, bracket or parenthesis, or the end of a multi-line
    /// string. A mistake in the middle is an error for the compiler to report.
    static func endsIncomplete(_ tree: SourceFileSyntax, source: String) -> Bool {
        let end = tree.endPosition
        for token in tree.tokens(viewMode: .all) where token.presence == .missing {
            guard token.position == end || token.position.utf8Offset >= trimmedEnd(source) else { continue }
            switch token.tokenKind {
            case .rightBrace, .rightParen, .rightSquare, .multilineStringQuote: return true
            default: continue
            }
        }
        return false
    }

    private static func trimmedEnd(_ source: String) -> Int {
        var bytes = Array(source.utf8)
        while let last = bytes.last, last == 32 || last == 10 || last == 9 || last == 13 { bytes.removeLast() }
        return bytes.count
    }
}
