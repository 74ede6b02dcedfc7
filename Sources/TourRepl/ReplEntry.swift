import SwiftParser
import SwiftSyntax
import TourKit

/// One entry typed at the REPL, taken apart by swift-syntax: the
/// declarations that go to the entry library's top level (functions, types,
/// actors, extensions, imports, computed globals), the statements that run
/// in its body (including `let` and `var`, whose values are kept), and
/// whether it is a single expression whose value is echoed.
public struct ReplEntry: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var text: String
        /// The line of the entry it starts on, from 1.
        public var line: Int
    }

    public struct Variable: Sendable, Equatable {
        public var name: String
        public var mutable: Bool
    }

    public enum Completeness: Sendable, Equatable {
        /// Unbalanced braces, brackets or parentheses, an open multi-line string.
        case incomplete
        case empty
        case complete
    }

    public var completeness: Completeness
    public var declarations: [Item] = []
    public var statements: [Item] = []
    /// The expression of an entry that is one expression (not an assignment).
    public var echo: Item?
    /// Top-level `let` and `var` names, in order.
    public var variables: [Variable] = []
    /// Names declared at the top level (functions, types, type aliases,
    /// computed globals), each with the keyword a scoped import names it by.
    public var declared: [Declared] = []

    public struct Declared: Sendable, Equatable {
        public var name: String
        public var kind: String
    }
    public var declaredNames: [String] { declared.map(\.name) }
    /// `import` lines, which every later entry repeats.
    public var imports: [String] = []
    /// Reasons the entry cannot run in the REPL (`main`, the host's names).
    public var problems: [String] = []

    public init(_ source: String) {
        if source.allSatisfy(\.isWhitespace) {
            completeness = .empty
            return
        }
        let tree = Parser.parse(source: source)
        if Self.endsIncomplete(tree, source: source) {
            completeness = .incomplete
            return
        }
        completeness = .complete
        let converter = SourceLocationConverter(fileName: "entry", tree: tree)
        let items = Array(tree.statements)
        for item in items {
            let line = converter.location(for: item.positionAfterSkippingLeadingTrivia).line
            let piece = Item(text: item.trimmedDescription, line: line)
            switch item.item {
            case .decl(let decl):
                if let variable = decl.as(VariableDeclSyntax.self), Self.isStored(variable) {
                    for binding in variable.bindings {
                        for name in Self.names(in: binding.pattern) {
                            variables.append(Variable(name: name, mutable: variable.bindingSpecifier.tokenKind == .keyword(.var)))
                        }
                    }
                    statements.append(piece)
                } else {
                    if decl.is(ImportDeclSyntax.self) {
                        imports.append(piece.text)
                    } else {
                        declarations.append(piece)
                    }
                    declared += Self.declaredName(decl).map { [Declared(name: $0.name, kind: $0.kind)] } ?? []
                    problems += Self.problems(of: decl)
                }
            case .expr(let expression):
                if items.count == 1, Self.echoes(expression) { echo = piece } else { statements.append(piece) }
            case .stmt:
                statements.append(piece)
            }
        }
        for name in declaredNames + variables.map(\.name) where Self.isReserved(name) {
            problems.append(localized("'\(name)' is a name the REPL itself uses (names starting with _repl); choose another"))
        }
    }

    /// A `let` or `var` with storage; a computed global is a declaration.
    static func isStored(_ variable: VariableDeclSyntax) -> Bool {
        variable.bindings.allSatisfy { binding in
            guard let accessors = binding.accessorBlock else { return true }
            if case .accessors(let list) = accessors.accessors {
                return list.allSatisfy { [.keyword(.willSet), .keyword(.didSet)].contains($0.accessorSpecifier.tokenKind) }
            }
            return false
        }
    }

    static func names(in pattern: PatternSyntax) -> [String] {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) { return [identifier.identifier.text] }
        if let tuple = pattern.as(TuplePatternSyntax.self) { return tuple.elements.flatMap { names(in: $0.pattern) } }
        return []
    }

    /// The name and the scoped-import keyword (`import func Entry3.f`);
    /// an actor is imported as a class.
    static func declaredName(_ decl: DeclSyntax) -> (name: String, kind: String)? {
        if let function = decl.as(FunctionDeclSyntax.self) { return (function.name.text, "func") }
        if let type = decl.as(StructDeclSyntax.self) { return (type.name.text, "struct") }
        if let type = decl.as(ClassDeclSyntax.self) { return (type.name.text, "class") }
        if let type = decl.as(EnumDeclSyntax.self) { return (type.name.text, "enum") }
        if let type = decl.as(ActorDeclSyntax.self) { return (type.name.text, "class") }
        if let type = decl.as(ProtocolDeclSyntax.self) { return (type.name.text, "protocol") }
        if let alias = decl.as(TypeAliasDeclSyntax.self) { return (alias.name.text, "typealias") }
        if let variable = decl.as(VariableDeclSyntax.self) {
            return variable.bindings.first.flatMap { names(in: $0.pattern).first }.map { ($0, "var") }
        }
        return nil
    }

    static func problems(of decl: DeclSyntax) -> [String] {
        var found: [String] = []
        if let attributes = decl.asProtocol((any WithAttributesSyntax).self)?.attributes {
            for case .attribute(let attribute) in attributes where attribute.attributeName.trimmedDescription == "main" {
                found.append(localized("""
                    @main does not fit a REPL: each entry already runs as the body of the program; \
                    call the type's code directly instead
                    """))
            }
        }
        if let function = decl.as(FunctionDeclSyntax.self), function.name.text == "main" {
            found.append(localized("a top-level function named main would clash with the program's entry point; rename it"))
        }
        return found
    }

    static func isReserved(_ name: String) -> Bool {
        name.hasPrefix("_repl") || name.hasPrefix("async_tour_repl") || name == "AsyncTourRepl"
            || (name.hasPrefix("Entry") && name.dropFirst(5).allSatisfy(\.isNumber) && name.count > 5)
    }

    /// Echoed: a lone expression that is not an assignment, a statement-like
    /// `if`/`switch`, or a call that never returns.
    static func echoes(_ expression: ExprSyntax) -> Bool {
        var inner = expression
        while true {
            if let tried = inner.as(TryExprSyntax.self) { inner = tried.expression; continue }
            if let awaited = inner.as(AwaitExprSyntax.self) { inner = awaited.expression; continue }
            break
        }
        if inner.is(IfExprSyntax.self) || inner.is(SwitchExprSyntax.self) { return false }
        if let sequence = inner.as(SequenceExprSyntax.self) {
            for element in sequence.elements {
                if element.is(AssignmentExprSyntax.self) { return false }
                if let op = element.as(BinaryOperatorExprSyntax.self) {
                    let text = op.operator.text
                    if text.hasSuffix("="), !["==", "!=", "<=", ">=", "===", "!=="].contains(text) { return false }
                }
            }
        }
        if let call = inner.as(FunctionCallExprSyntax.self), let callee = call.calledExpression.as(DeclReferenceExprSyntax.self),
           ["fatalError", "preconditionFailure", "exit", "abort"].contains(callee.baseName.text) {
            return false
        }
        return true
    }

    /// Incomplete means a token is missing at the very end of the input: a
    /// closing brace, bracket or parenthesis, or the end of a multi-line
    /// string. A mistake in the middle is an error for the compiler to report.
    static func endsIncomplete(_ tree: SourceFileSyntax, source: String) -> Bool {
        let end = tree.endPosition
        let trimmed = trimmedEnd(source)
        for token in tree.tokens(viewMode: .all) where token.presence == .missing {
            guard token.position == end || token.position.utf8Offset >= trimmed else { continue }
            switch token.tokenKind {
            case .rightBrace, .rightParen, .rightSquare, .multilineStringQuote: return true
            default: continue
            }
        }
        return false
    }

    private static func trimmedEnd(_ source: String) -> Int {
        var count = source.utf8.count
        var index = source.utf8.endIndex
        while index > source.utf8.startIndex {
            let before = source.utf8.index(before: index)
            let byte = source.utf8[before]
            guard byte == 32 || byte == 10 || byte == 9 || byte == 13 else { break }
            index = before
            count -= 1
        }
        return count
    }
}
