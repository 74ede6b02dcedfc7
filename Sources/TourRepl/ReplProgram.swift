public import TourKit

/// What the REPL remembers between entries, and the Swift file it writes
/// for the next one.
///
/// Each entry becomes the module `EntryN`, compiled as a library: its
/// declarations at the top level, its statements in `_replBodyN`, a
/// main-actor function (as top-level code is), which ends by handing its
/// `let` and `var` values to the host's store. The module re-exports the
/// module of the last entry that declared something, so each entry sees all
/// earlier declarations, and a later one shadows an earlier one of the same
/// name (Swift prefers a module's own declaration to one it imports). Kept
/// values come back as computed globals typed with the name the host gave
/// their static type: a `var`'s accessor has a setter, so `n += 1` updates
/// the store.
public struct ReplProgram: Sendable {
    /// A value kept by the host.
    public private(set) var variables: [ReplVariable] = []
    /// Entry numbers whose library has declarations (loaded again after a restart).
    public private(set) var declaringEntries: [Int] = []
    /// The declarations shown by `:decls`: the latest of each name.
    public private(set) var declarations: [(names: [String], text: String)] = []
    /// Where each declared name was declared.
    public private(set) var declaredIn: [String: Int] = [:]
    /// Modules compiled so far (a failed compile uses a number too).
    public private(set) var nextNumber = 1

    public init() {}

    /// Type names that cannot be written in Swift (a local type, an opaque
    /// result): such a value cannot be carried to the next entry.
    public static func isNameable(_ type: String) -> Bool {
        !type.contains("(unknown context") && !type.contains("<<") && !type.contains("#") && !type.contains("(extension in")
            && !type.contains("some ")
    }

    /// The Swift source for `entry`, numbered `number`.
    public func source(for entry: ReplEntry, number: Int, label: String) -> String {
        let file = label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var lines = ["@_exported import AsyncTourRepl"]
        if let last = declaringEntries.last { lines.append("@_exported import Entry\(last)") }
        let declared = Set(entry.declaredNames)
        for variable in variables where !declared.contains(variable.name) && Self.isNameable(variable.type) {
            let get = "_replGet(\"\(variable.name)\", \(variable.type).self)"
            if variable.mutable {
                lines.append("var \(variable.name): \(variable.type) { get { \(get) } set { _replSet(\"\(variable.name)\", newValue) } }")
            } else {
                lines.append("var \(variable.name): \(variable.type) { \(get) }")
            }
        }
        for item in entry.declarations {
            lines.append("#sourceLocation(file: \"\(file)\", line: \(item.line))")
            lines.append(item.text)
        }
        if !entry.declarations.isEmpty { lines.append("#sourceLocation()") }
        lines.append("@MainActor func _replBody\(number)() async throws {")
        for item in entry.statements {
            lines.append("#sourceLocation(file: \"\(file)\", line: \(item.line))")
            lines.append(item.text)
        }
        if let echo = entry.echo {
            lines.append("#sourceLocation(file: \"\(file)\", line: \(echo.line))")
            lines.append("_replEcho(\(echo.text)\n)")
        }
        if !entry.statements.isEmpty || entry.echo != nil { lines.append("#sourceLocation()") }
        var seen: Set<String> = []
        for variable in entry.variables.reversed() where seen.insert(variable.name).inserted {
            lines.append(variable.mutable ? "_replKeep(\"\(variable.name)\", &\(variable.name))" : "_replKeep(\"\(variable.name)\", \(variable.name))")
        }
        lines.append("}")
        lines.append("@_cdecl(\"async_tour_repl_entry_\(number)\") public func _replEntry\(number)() { _replRun(\(number), _replBody\(number)) }")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Takes a number for the next compile.
    public mutating func takeNumber() -> Int {
        defer { nextNumber += 1 }
        return nextNumber
    }

    /// One-line notes for what `entry` replaces, before it runs.
    public func replacements(in entry: ReplEntry) -> [String] {
        var notes: [String] = []
        for name in entry.declaredNames {
            if declaredIn[name] != nil {
                notes.append("'\(name)' replaces the earlier declaration for later entries")
            } else if variables.contains(where: { $0.name == name }) {
                notes.append("'\(name)' replaces the earlier variable of that name")
            }
        }
        for variable in entry.variables where variables.contains(where: { $0.name == variable.name }) {
            notes.append("'\(variable.name)' is declared again: later entries see the new \(variable.mutable ? "var" : "let")")
        }
        for variable in entry.variables where declaredIn[variable.name] != nil {
            notes.append("'\(variable.name)' now names a variable; the earlier declaration is hidden")
        }
        return notes
    }

    /// Records an entry that compiled and ran (or only compiled: its
    /// declarations count even when its statements threw). Returns the
    /// names whose values the host should forget (replaced by declarations).
    @discardableResult
    public mutating func record(_ entry: ReplEntry, number: Int, kept: [ReplVariable]) -> [String] {
        var forgotten: [String] = []
        if !entry.declarations.isEmpty {
            declaringEntries.append(number)
            let names = entry.declaredNames
            declarations.removeAll { old in !old.names.isEmpty && old.names.allSatisfy(names.contains) }
            declarations.append((names, entry.declarations.map(\.text).joined(separator: "\n")))
            for name in names {
                declaredIn[name] = number
                if variables.contains(where: { $0.name == name }) { forgotten.append(name) }
            }
            variables.removeAll { names.contains($0.name) }
        }
        for variable in kept {
            variables.removeAll { $0.name == variable.name }
            variables.append(variable)
            declaredIn[variable.name] = nil
        }
        return forgotten
    }

    /// After a restart of the host: the values are gone, the declarations stay.
    public mutating func loseValues() -> [ReplVariable] {
        defer { variables = [] }
        return variables
    }

    public mutating func reset() {
        let next = nextNumber
        self = ReplProgram()
        nextNumber = next
    }
}
