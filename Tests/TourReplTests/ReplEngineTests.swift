import Foundation
import Synchronization
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
        // An import is kept for later entries; Foundation loads in the host.
        _ = await engine.evaluate("import Foundation\n")
        #expect(Self.output(await engine.evaluate("Date(timeIntervalSince1970: 0).timeIntervalSince1970\n")) == ["0.0"])
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

/// Bad input against the real host.
extension ReplEngineTests {
    @Test func badInputChangesNothing() async throws {
        let engine = try await Self.engine(timeout: 3)
        _ = await engine.evaluate("let x = 1\n")
        guard case .compileFailed(let diagnostics) = await engine.evaluate("let y: Int = \"two\"\nlet x = 2\n").result else {
            Issue.record("the bad entry compiled")
            return
        }
        #expect(diagnostics.contains("entry 2:1:14: error: cannot convert value of type 'String' to specified type 'Int'"))
        #expect(Self.output(await engine.evaluate("x\n")) == ["1"], "the failed entry's x = 2 did not happen")
        guard case .refused(let reasons) = await engine.evaluate("@main struct App { static func main() {} }\n").result else {
            Issue.record("@main was not refused")
            return
        }
        #expect(reasons.first?.contains("@main") == true)
        let huge = "let s = \"" + String(repeating: "a", count: 1 << 20) + "\"\n"
        guard case .refused(let size) = await engine.evaluate(huge).result else {
            Issue.record("1 MB was not refused")
            return
        }
        #expect(size.first?.contains("at most 512 KiB") == true)
        _ = await engine.evaluate("let 名字 = \"世界\"\n")
        #expect(Self.output(await engine.evaluate("\"你好，\" + 名字\n")) == ["\"你好，世界\""])
        await engine.shutdown()
    }

    @Test func aHangingEntryIsStoppedByItsTimeLimit() async throws {
        let engine = try await Self.engine(timeout: 2)
        _ = await engine.evaluate("let kept = 3\nfunc six() -> Int { 6 }\n")
        // A sleep is cancelled: the entry stops and every value stays.
        let slept = await engine.evaluate("try await Task.sleep(for: .seconds(60))\n")
        guard case .ran(let run) = slept.result else { Issue.record("did not run"); return }
        #expect(run.report.ending == .timedOut(limit: 2))
        #expect(slept.lost.isEmpty)
        #expect(Self.output(await engine.evaluate("kept\n")) == ["3"])
        // A busy loop ignores cancellation: the host is killed, values lost, declarations kept.
        let spun = await engine.evaluate("while true {}\n")
        #expect(spun.lost.map(\.name) == ["kept"])
        #expect(spun.restartProblem == nil)
        #expect(Self.output(await engine.evaluate("six()\n")) == ["6"])
        await engine.shutdown()
    }

    @Test func aCrashRestoresTheDeclarations() async throws {
        let engine = try await Self.engine()
        _ = await engine.evaluate("struct Point { var x: Int }\nlet p = Point(x: 2)\n")
        let crashed = await engine.evaluate("fatalError(\"boom\")\n")
        guard case .ran(let run) = crashed.result else { Issue.record("did not run"); return }
        #expect(run.status == .hostLost)
        #expect(run.report.crashMessage?.contains("boom") == true)
        #expect(crashed.lost.map(\.name) == ["p"])
        #expect(Self.output(await engine.evaluate("Point(x: 4).x\n")) == ["4"])
        await engine.shutdown()
    }
}

extension ReplEngineTests {
    /// Warnings reach the caller before the entry's first line of output.
    @Test func warningsComeBeforeTheOutput() async throws {
        let engine = try await Self.engine()
        let order = Order()
        let outcome = await engine.evaluate("[1, 2].map { $0 * 2 }\nprint(\"after\")\n",
                                            onLine: { line in order.add("line " + line.text) },
                                            beforeRun: { _, warnings in order.add(warnings.isEmpty ? "no warnings" : "warnings") })
        #expect(outcome.warnings.contains("entry 1:1:8: warning: result of call to 'map' is unused"))
        #expect(order.items == ["warnings", "line after"])
        await engine.shutdown()
    }
}

final class Order: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ item: String) { list.withLock { $0.append(item) } }
    var items: [String] { list.withLock { $0 } }
}

extension ReplEngineTests {
    /// An entry is a library loaded into the host, linked with the tracer's
    /// `--wrap`s against the host's exported wrappers: a task that never
    /// prints keeps its name, and a call queued on a busy actor is drawn
    /// in its caller's lane.
    @Test func anEntrysTasksAreNamedAndItsActorHopsFollowed() async throws {
        let engine = try await Self.engine()
        let outcome = await engine.evaluate("""
            @globalActor actor Store { static let shared = Store() }
            @Store func hold() { let end = ContinuousClock.now + .milliseconds(100); while ContinuousClock.now < end {} }
            let a = Task(name: "quiet one") { await hold() }
            let b = Task(name: "quiet two") { try? await Task.sleep(for: .milliseconds(10)); await hold() }
            await a.value
            await b.value

            """)
        guard case .ran(let run) = outcome.result else {
            Issue.record("not run: \(outcome.result)")
            await engine.shutdown()
            return
        }
        let trace = try #require(run.report.trace, "\(run.report.traceNote ?? "no note")")
        #expect(trace.tasks.contains { $0.name == "quiet one" } && trace.tasks.contains { $0.name == "quiet two" },
                "\(trace.tasks.map(\.name))")
        let second = try #require(trace.tasks.first { $0.name == "quiet two" })
        let ran = second.segments.filter { $0.state == .running }.map { $0.end - $0.start }.reduce(0, +)
        #expect(ran >= 0.09, "its 100 ms on the actor, queued behind the first, is in its lane: \(second.segments.map(\.state))")
        await engine.shutdown()
    }
}
