import Foundation
import Testing
import TourKit
@testable import TourRepl

/// The engine against the real compiler and host: state carried between
/// entries, echo, redefinition, crashes. Serialized: one host at a time on
/// a 2-core machine.
@Suite(.serialized) struct ReplEngineTests {
    static func engine(timeout: Double = 30) async throws -> ReplEngine {
        let environment = ProcessInfo.processInfo.environment
        let cache = StatePaths(environment: environment).cacheDirectory
        let toolchain = try await Toolchain.discover(environment: environment, cacheDirectory: cache)
        switch await ReplEngine.make(toolchain: toolchain, cacheDirectory: cache, environment: environment, timeout: timeout) {
        case .success(let engine): return engine
        case .failure(let error): throw error
        }
    }

    static func output(_ outcome: ReplOutcome) -> [String] {
        guard case .ran(let run) = outcome.result else { return ["not run: \(outcome.result)"] }
        return run.report.lines.map(\.text)
    }

    @Test func valuesCarryOverAndEcho() async throws {
        let engine = try await Self.engine()
        _ = await engine.evaluate("let x = 41\n")
        #expect(Self.output(await engine.evaluate("x + 1\n")) == ["42"])
        _ = await engine.evaluate("var n = 0\n")
        _ = await engine.evaluate("n += 1\n")
        #expect(Self.output(await engine.evaluate("n\n")) == ["1"])
        #expect(Self.output(await engine.evaluate("\"hi\"\n")) == ["\"hi\""])
        #expect(Self.output(await engine.evaluate("[1, 2, 3]\n")) == ["[1, 2, 3]"])
        #expect(Self.output(await engine.evaluate("print(\"void\")\n")) == ["void"])
        await engine.shutdown()
    }
}

extension ReplEngineTests {
    @Test func tasksActorsAndRedefinitionLiveOn() async throws {
        let engine = try await Self.engine()
        _ = await engine.evaluate("let t = Task { try await Task.sleep(for: .milliseconds(200)); return 7 }\n")
        #expect(Self.output(await engine.evaluate("try await t.value\n")) == ["7"])
        _ = await engine.evaluate("actor Counter { var n = 0; func up() -> Int { n += 1; return n } }\nlet c = Counter()\n")
        _ = await engine.evaluate("await c.up()\n")
        #expect(Self.output(await engine.evaluate("await c.up()\n")) == ["2"])
        _ = await engine.evaluate("func f() -> Int { 1 }\nstruct P { var x = 1 }\n")
        let redefined = await engine.evaluate("func f() -> Int { 2 }\n")
        #expect(redefined.notes == ["'f' replaces the earlier declaration for later entries"])
        #expect(Self.output(await engine.evaluate("f() + P(x: 5).x\n")) == ["7"])
        await engine.shutdown()
    }
}
