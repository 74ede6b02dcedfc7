import Testing
@testable import TourRepl

@Suite struct ReplEntryTests {
    @Test func openBracketsWaitForMoreAndMistakesDoNot() {
        #expect(ReplEntry("func f() {\n").completeness == .incomplete)
        #expect(ReplEntry("let xs = [1,\n2,\n").completeness == .incomplete)
        #expect(ReplEntry("let s = \"\"\"\nhello\n").completeness == .incomplete)
        #expect(ReplEntry("}\n").completeness == .complete)
        #expect(ReplEntry("let x = \n").completeness == .complete)
        #expect(ReplEntry("let s = \"open\n").completeness == .complete)
        #expect(ReplEntry("print(\n").completeness == .incomplete)
        #expect(ReplEntry("func f() {\n  if true {\n  }\n").completeness == .incomplete)
        #expect(ReplEntry("  \n").completeness == .empty)
    }

    @Test func declarationsStatementsAndVariablesAreSplit() {
        let entry = ReplEntry("import Foundation\nfunc f() -> Int { 1 }\nlet x = f()\nvar (a, b) = (1, 2)\nvar computed: Int { 3 }\nprint(x)\n")
        #expect(entry.imports == ["import Foundation"])
        #expect(entry.declarations.map(\.text) == ["func f() -> Int { 1 }", "var computed: Int { 3 }"])
        #expect(entry.declarations.map(\.line) == [2, 5])
        #expect(entry.statements.map(\.text) == ["let x = f()", "var (a, b) = (1, 2)", "print(x)"])
        #expect(entry.variables == [.init(name: "x", mutable: false), .init(name: "a", mutable: true), .init(name: "b", mutable: true)])
        #expect(entry.declared.map(\.kind) == ["func", "var"])
        #expect(entry.echo == nil)
    }

    @Test func aLoneExpressionIsEchoedButNotAnAssignment() {
        #expect(ReplEntry("1 + 2\n").echo?.text == "1 + 2")
        #expect(ReplEntry("try await t.value\n").echo?.text == "try await t.value")
        #expect(ReplEntry("n += 1\n").echo == nil)
        #expect(ReplEntry("n = 2\n").echo == nil)
        #expect(ReplEntry("a == b\n").echo?.text == "a == b")
        #expect(ReplEntry("fatalError(\"x\")\n").echo == nil)
        #expect(ReplEntry("if true { print(1) }\n").echo == nil)
        #expect(ReplEntry("print(1)\nprint(2)\n").echo == nil)
    }

    @Test func mainAndTheHostsNamesAreRefused() {
        #expect(ReplEntry("func main() {}\n").problems.first?.contains("named main") == true)
        #expect(ReplEntry("@main struct App { static func main() {} }\n").problems.first?.contains("@main does not fit a REPL") == true)
        #expect(ReplEntry("let _replStore = 1\n").problems.first?.contains("the REPL itself uses") == true)
        #expect(ReplEntry("func _replEcho() {}\n").problems.count == 1)
        #expect(ReplEntry("struct Entry3 {}\n").problems.count == 1)
        #expect(ReplEntry("struct Entry {}\nlet mainly = 1\n").problems.isEmpty)
    }

    @Test func chineseIdentifiersAndStrings() {
        let entry = ReplEntry("let 名字 = \"世界\"\nfunc 问候() -> String { \"你好，\" + 名字 }\n")
        #expect(entry.variables.map(\.name) == ["名字"])
        #expect(entry.declaredNames == ["问候"])
        #expect(ReplEntry("问候()\n").echo?.text == "问候()")
    }
}

@Suite struct ReplProgramTests {
    @Test func laterEntriesSeeValuesThroughTypedAccessors() {
        var program = ReplProgram()
        let first = ReplEntry("var n = 0\nlet s = \"a\"\n")
        program.record(first, number: program.takeNumber(), kept: [
            .init(name: "n", mutable: true, type: "Swift.Int"), .init(name: "s", mutable: false, type: "Swift.String")])
        let source = program.source(for: ReplEntry("n += 1\n"), number: program.takeNumber(), label: "entry 2")
        #expect(source.contains("fileprivate var n: Swift.Int { get { _replGet(\"n\", Swift.Int.self) } set { _replSet(\"n\", newValue) } }"))
        #expect(source.contains("fileprivate var s: Swift.String { _replGet(\"s\", Swift.String.self) }"))
        #expect(source.contains("#sourceLocation(file: \"entry 2\", line: 1)\nn += 1\n"))
    }

    @Test func aRedefinedNameIsLeftOutOfTheOlderModulesImport() {
        var program = ReplProgram()
        program.record(ReplEntry("func f() -> Int { 1 }\nstruct P {}\n"), number: program.takeNumber(), kept: [])
        #expect(program.source(for: ReplEntry("f()\n"), number: 2, label: "entry 2").contains("@testable import Entry1\n"))
        let again = ReplEntry("func f() -> Int { 2 }\n")
        #expect(program.replacements(in: again) == ["'f' replaces the earlier declaration for later entries"])
        program.record(again, number: program.takeNumber(), kept: [])
        let source = program.source(for: ReplEntry("f()\n"), number: program.takeNumber(), label: "entry 3")
        #expect(source.contains("@testable import struct Entry1.P\n"))
        #expect(!source.contains("@testable import Entry1\n") && !source.contains("func Entry1.f"))
        #expect(source.contains("@testable import Entry2\n"))
    }

    @Test func aValueWhoseTypeWasRedefinedOrCannotBeNamedIsHidden() {
        var program = ReplProgram()
        program.record(ReplEntry("struct P {}\n"), number: program.takeNumber(), kept: [])
        program.record(ReplEntry("let p = P()\nlet q = 1\n"), number: program.takeNumber(), kept: [
            .init(name: "p", mutable: false, type: "Entry1.P"), .init(name: "q", mutable: false, type: "Swift.Array<(unknown context at $1).L>")])
        #expect(program.isVisible(program.variables[0]))
        #expect(!program.isVisible(program.variables[1]))
        program.record(ReplEntry("struct P { var y = 2 }\n"), number: program.takeNumber(), kept: [])
        #expect(!program.isVisible(program.variables[0]), "Entry1.P is no longer the P later entries import")
    }

    @Test func anEntryThatDidNotCompileChangesNothing() {
        var program = ReplProgram()
        program.record(ReplEntry("let x = 1\n"), number: program.takeNumber(), kept: [.init(name: "x", mutable: false, type: "Swift.Int")])
        let before = program.source(for: ReplEntry("x\n"), number: 9, label: "entry 9")
        _ = program.takeNumber()  // the failed compile's number, and nothing recorded
        #expect(program.source(for: ReplEntry("x\n"), number: 9, label: "entry 9") == before)
    }
}
