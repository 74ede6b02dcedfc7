public import TourKit

/// The REPL's memory: the declarations entered so far. Every entry is
/// compiled as a whole program (the declarations, then the entry) and run
/// in a fresh process, so top-level `await` works as in any main.swift.
///
/// What persists: functions, types, actors, extensions, protocols, imports
/// and type aliases, once an entry made only of them compiles. What does not:
/// `let` and `var`, and everything a statement did; each entry starts from
/// the declarations alone.
public struct ReplSession: Sendable {
    public private(set) var declarations: [String] = []
    public private(set) var entries = 0

    public init() {}

    /// The program for an entry, with its lines named `entry N` in diagnostics.
    public func program(for entry: String) -> (Snippet, Lesson) {
        var code = ""
        if !declarations.isEmpty { code += declarations.joined(separator: "\n") + "\n" }
        code += "#sourceLocation(file: \"entry \(entries + 1)\", line: 1)\n" + entry
        if !code.hasSuffix("\n") { code += "\n" }
        var attributes = SnippetAttributes()
        attributes.timeout = 30
        let snippet = Snippet(number: entries + 1, code: code, fenceLine: 0, attributes: attributes)
        let lesson = Lesson(id: "repl", number: 0, title: "REPL", path: "earlier entries", blocks: [], snippets: [snippet])
        return (snippet, lesson)
    }

    /// Names bound by `let` or `var` in earlier entries, which are gone.
    public private(set) var forgottenVariables: Set<String> = []

    /// Counts an entry; keeps it when it compiled and only declared things.
    public mutating func finished(_ entry: String, as kind: ReplInput, compiled: Bool) {
        entries += 1
        guard compiled else { return }
        if kind == .declarations { declarations.append(entry.hasSuffix("\n") ? String(entry.dropLast()) : entry) }
        forgottenVariables.formUnion(ReplInput.variableNames(entry))
    }

    /// A hint when a compile error names a variable of an earlier entry.
    public func hint(for diagnostics: String) -> String? {
        for name in forgottenVariables.sorted() where diagnostics.contains("cannot find '\(name)' in scope") {
            return "'\(name)' was a let or var of an earlier entry, and those are not kept: "
                + "declare it again in this entry, or keep state in a function or a type"
        }
        return nil
    }

    public mutating func reset() {
        declarations = []
    }

    public static let help = """
    Type Swift; Enter runs it. Top-level await works: try `await withTaskGroup`.
    An entry continues on the next line while its braces, brackets or a
    multi-line string are open.

    Kept between entries: functions, types, actors, extensions, protocols,
    imports and type aliases, once the entry that declares them compiles.
    Not kept: let and var, and whatever a statement did. Every entry runs as a
    fresh program made of the kept declarations and the entry, with its
    output, elapsed time and timeline.

    :decls   show what is kept     :reset   forget it all
    :help    this text             :quit    leave (Ctrl-D too)
    Ctrl-C   stop a running entry, or drop the lines typed so far
    """
}
