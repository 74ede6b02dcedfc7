import Testing
import TourKit
@testable import TourTerminal

@Suite struct ReplInputTests {
    @Test func openBracketsAndStringsContinue() {
        #expect(ReplInput.classify("func f() {") == .incomplete)
        #expect(ReplInput.classify("let xs = [1,\n2,") == .incomplete)
        #expect(ReplInput.classify("print(\n") == .incomplete)
        #expect(ReplInput.classify("let s = \"\"\"\nhello\n") == .incomplete)
        #expect(ReplInput.classify("func f() {\n  if true {\n  }\n") == .incomplete)
    }

    @Test func completeInputIsClassified() {
        #expect(ReplInput.classify("func f() {}\n") == .declarations)
        #expect(ReplInput.classify("actor A { var n = 0 }\nstruct S {}\n") == .declarations)
        #expect(ReplInput.classify("import Foundation\n") == .declarations)
        #expect(ReplInput.classify("let x = 1\n") == .statements)
        #expect(ReplInput.classify("print(await f())\n") == .statements)
        #expect(ReplInput.classify("func f() {}\nf()\n") == .statements)
        #expect(ReplInput.classify("   \n") == .empty)
    }

    @Test func mistakesAreForTheCompilerNotForMoreLines() {
        // A stray closing brace or a missing operand is an error, not an open entry.
        #expect(ReplInput.classify("}\n") != .incomplete)
        #expect(ReplInput.classify("let x = \n") != .incomplete)
        #expect(ReplInput.classify("let s = \"open\n") != .incomplete)
    }

    @Test func sessionKeepsOnlyCompiledDeclarations() {
        var session = ReplSession()
        session.finished("func f() -> Int { 1 }\n", as: .declarations, compiled: true)
        session.finished("func g() -> Int { broken }\n", as: .declarations, compiled: false)
        session.finished("let x = f()\n", as: .statements, compiled: true)
        #expect(session.declarations == ["func f() -> Int { 1 }"])
        #expect(session.entries == 3)
        let (snippet, _) = session.program(for: "print(f())\n")
        #expect(snippet.code == "func f() -> Int { 1 }\n#sourceLocation(file: \"entry 4\", line: 1)\nprint(f())\n")
        #expect(session.hint(for: "entry 4:1:7: error: cannot find 'x' in scope")?.contains("'x' was a let or var") == true)
        #expect(session.hint(for: "error: cannot find 'y' in scope") == nil)
    }
}
