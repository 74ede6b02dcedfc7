public import TourKit

/// What the REPL remembers between entries, and the Swift file it writes
/// for the next one.
///
/// Each entry becomes the module `EntryN`, compiled as a library: its
/// declarations at the top level, its statements in `_replBodyN`, a
/// main-actor function (as top-level code is), which ends by handing its
/// `let` and `var` values to the host's store. Entries that declare
/// something are compiled with `-enable-testing`, and later entries import
/// them with `@testable import`, so that an internal declaration (and a
/// struct's memberwise initialiser) is visible, as it would be in one file.
/// A name declared again is left out of the older module's import (scoped
/// imports, `@testable import func Entry3.f`, for the names still live), so
/// later entries see only the newest. Kept values come back as fileprivate
/// computed globals typed with the name the host gave their static type; a
/// `var`'s accessor has a setter, so `n += 1` updates the store.
public struct ReplProgram: Sendable {
    /// A value kept by the host.
    public private(set) var variables: [ReplVariable] = []
    /// Entry numbers whose library has declarations (loaded again after a restart).
    public private(set) var declaringEntries: [Int] = []
    /// The declarations shown by `:decls`: the latest of each name.
    public private(set) var declarations: [Declaration] = []
    /// Where each declared name was declared last.
    public private(set) var declaredIn: [String: Int] = [:]
    /// What each declaring entry declared.
    private var declaredBy: [Int: [ReplEntry.Declared]] = [:]
    /// `import` lines of earlier entries, repeated in every later one.
    public private(set) var imports: [String] = []
    /// Modules compiled so far (a failed compile uses a number too).
    public private(set) var nextNumber = 1

    public struct Declaration: Sendable, Equatable {
        public var names: [String]
        public var text: String
    }

    public init() {}

    /// Type names that cannot be written in Swift (a local type, an opaque
    /// result): such a value cannot be carried to the next entry.
    public static func isNameable(_ type: String) -> Bool {
        !type.contains("(unknown context") && !type.contains("<<") && !type.contains("#") && !type.contains("(extension in")
            && !type.contains("some ")
    }

    /// Whether a value of this type can be named in the next entry: its
    /// type is nameable and every entry type it mentions is still the
    /// newest of its name.
    public func isVisible(_ variable: ReplVariable) -> Bool {
        guard Self.isNameable(variable.type) else { return false }
        for (entry, name) in Self.entryTypes(in: variable.type) where declaredIn[name] != entry {
            return false
        }
        return true
    }

    /// `Entry3.Point` and the like inside a type's name.
    static func entryTypes(in type: String) -> [(Int, String)] {
        var found: [(Int, String)] = []
        var rest = Substring(type)
        while let range = rest.range(of: "Entry") {
            let before = rest[..<range.lowerBound].last
            rest = rest[range.upperBound...]
            guard before.map({ !$0.isLetter && !$0.isNumber && $0 != "_" }) ?? true else { continue }
            let digits = rest.prefix { $0.isNumber }
            guard let number = Int(digits), rest.dropFirst(digits.count).first == "." else { continue }
            let name = rest.dropFirst(digits.count + 1).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            found.append((number, String(name)))
        }
        return found
    }

    /// The import lines for an entry declaring `own`.
    func importLines(declaring own: Set<String>) -> [String] {
        var lines: [String] = []
        for entry in declaringEntries {
            let declared = declaredBy[entry] ?? []
            let live = declared.filter { declaredIn[$0.name] == entry && !own.contains($0.name) }
            if live.count == declared.count {
                lines.append("@testable import Entry\(entry)")
            } else {
                var seen: Set<String> = []
                for item in live where seen.insert(item.name).inserted {
                    lines.append("@testable import \(item.kind) Entry\(entry).\(item.name)")
                }
            }
        }
        return lines
    }

    /// The Swift source for `entry`, numbered `number`.
    public func source(for entry: ReplEntry, number: Int, label: String) -> String {
        let file = label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var lines = ["import AsyncTourRepl"]
        var seenImports: Set<String> = []
        for line in imports + entry.imports where seenImports.insert(line).inserted { lines.append(line) }
        let declared = Set(entry.declaredNames)
        lines += importLines(declaring: declared)
        for variable in variables where !declared.contains(variable.name) && isVisible(variable) {
            let get = "_replGet(\"\(variable.name)\", \(variable.type).self)"
            if variable.mutable {
                lines.append("fileprivate var \(variable.name): \(variable.type) { get { \(get) } set { _replSet(\"\(variable.name)\", newValue) } }")
            } else {
                lines.append("fileprivate var \(variable.name): \(variable.type) { \(get) }")
            }
        }
        for item in entry.declarations {
            lines.append("#sourceLocation(file: \"\(file)\", line: \(item.line))")
            lines.append(item.text)
        }
        if !entry.declarations.isEmpty { lines.append("#sourceLocation()") }
        lines.append("@MainActor fileprivate func _replBody\(number)() async throws {")
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
        lines.append("@_cdecl(\"async_tour_repl_entry_\(number)\") public func _replEntry\(number)() { _replRun(\(number)) { try await _replBody\(number)() } }")
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
                notes.append(localized("'\(name)' replaces the earlier declaration for later entries"))
            } else if variables.contains(where: { $0.name == name }) {
                notes.append(localized("'\(name)' replaces the earlier variable of that name"))
            }
        }
        for variable in entry.variables where variables.contains(where: { $0.name == variable.name }) {
            let keyword = variable.mutable ? "var" : "let"
            notes.append(localized("'\(variable.name)' is declared again: later entries see the new \(keyword)"))
        }
        for variable in entry.variables where declaredIn[variable.name] != nil {
            notes.append(localized("'\(variable.name)' now names a variable; the earlier declaration is hidden"))
        }
        return notes
    }

    /// Records an entry that compiled and ran (or only compiled: its
    /// declarations count even when its statements threw). Returns the
    /// names whose values the host should forget (replaced by declarations).
    @discardableResult
    public mutating func record(_ entry: ReplEntry, number: Int, kept: [ReplVariable]) -> [String] {
        var forgotten: [String] = []
        for line in entry.imports where !imports.contains(line) { imports.append(line) }
        if !entry.declarations.isEmpty {
            declaringEntries.append(number)
            declaredBy[number] = entry.declared
            let names = entry.declaredNames
            declarations.removeAll { old in !old.names.isEmpty && old.names.allSatisfy(names.contains) }
            declarations.append(Declaration(names: names, text: entry.declarations.map(\.text).joined(separator: "\n")))
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
