import Foundation
import Testing
@testable import TourKit

/// Compiles and runs real programs with the installed toolchain, each suite
/// in its own cache directory.
struct RunnerFixture {
    let cache: String
    var runner: SnippetRunner
    let lesson: Lesson

    init() async throws {
        cache = NSTemporaryDirectory() + "async-tour-cache-" + UUID().uuidString
        let environment = ProcessInfo.processInfo.environment
        let toolchain = try await Toolchain.discover(environment: environment, cacheDirectory: cache)
        runner = SnippetRunner(compiler: SnippetCompiler(toolchain: toolchain, cacheDirectory: cache, environment: environment),
                               environment: environment)
        lesson = Lesson(id: "fixture", number: 1, title: "Fixture", path: "/lessons/01-fixture.md", blocks: [], snippets: [])
    }

    func snippet(_ code: String, timeout: Double = 10, fenceLine: Int = 20) -> Snippet {
        var attributes = SnippetAttributes()
        attributes.timeout = timeout
        return Snippet(number: 1, code: code, fenceLine: fenceLine, attributes: attributes)
    }

    func run(_ code: String, timeout: Double = 10) async -> RunReport {
        await runner.run(snippet(code, timeout: timeout), in: lesson)
    }
}

@Suite(.serialized) struct SnippetRunnerTests {
    @Test func harnessTimestampsTasksAndThreads() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            print("before")
            async let a: Void = { print("a starts"); try? await Task.sleep(for: .milliseconds(300)); print("a ends") }()
            let named = Task(name: "fetcher") { print("in the named task") }
            await named.value
            let namesake = Task(name: "fetcher") { print("in its namesake") }
            await namesake.value
            await a
            print("after", 42, separator: "-")
            """)
        #expect(report.ending == .exited(code: 0))
        let byText = Dictionary(uniqueKeysWithValues: report.lines.map { ($0.text, $0) })
        let before = try #require(byText["before"])
        let aEnds = try #require(byText["a ends"])
        let after = try #require(byText["after-42"])
        #expect(before.time >= 0 && before.time < 0.2)
        #expect(aEnds.time >= 0.29 && aEnds.time < 1.0)
        #expect(after.time >= aEnds.time)
        #expect(report.lanes[try #require(before.lane)].label == "main")
        #expect(before.lane == after.lane)
        #expect(byText["a starts"]?.lane == aEnds.lane)
        #expect(aEnds.lane != before.lane)
        #expect(byText["in the named task"]?.laneLabel == "fetcher")
        #expect(byText["in its namesake"]?.laneLabel == "fetcher #2", "two tasks with one name get two lanes told apart")
        #expect(report.lanes.map(\.label).sorted() == ["fetcher", "fetcher #2", "main", "task 1"])
        #expect(report.wall >= 0.29 && report.wall < 2)
        #expect(report.threads >= 1)
        #expect(report.peakMemoryBytes > 1_000_000)
        #expect(report.compile?.fromCache == false)
    }

    @Test func outputThatBypassesPrintIsCaptured() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            import Foundation
            var text = ""
            print("to a string", to: &text)
            Swift.print("raw " + text, terminator: "")
            dump([1])
            FileHandle.standardError.write(Data("on stderr\\n".utf8))
            print("partial", terminator: "")
            print(" line")
            """)
        #expect(report.ending == .exited(code: 0))
        #expect(Set(report.outputLines) == ["raw to a string", "▿ 1 element", "  - 1", "partial line"])
        #expect(report.stderrLines == ["on stderr"])
        #expect(report.lines.first { $0.text == "raw to a string" }?.source == .stdout)
    }

    /// Output is buffered in the program and written in batches; what was
    /// printed before a crash must still arrive, in order, with the
    /// crash's own message.
    @Test func linesPrintedJustBeforeACrashArrive() async throws {
        let fixture = try await RunnerFixture()
        let trapped = await fixture.run("""
            for i in 1...3 { print("line", i) }
            let empty: [Int] = []
            print(empty[0])
            """)
        #expect(trapped.outputLines == ["line 1", "line 2", "line 3"])
        #expect(trapped.ending == .crashed(signal: 4) || trapped.ending == .crashed(signal: 5))
        let aborted = await fixture.run("""
            import Foundation
            print("before abort")
            FileHandle.standardOutput.write("raw before abort\\n".data(using: .utf8)!)
            print("last")
            abort()
            """)
        #expect(aborted.outputLines == ["before abort", "raw before abort", "last"])
        #expect(aborted.ending == .crashed(signal: SIGABRT))
    }

    @Test func exitStatusCrashAndTimeout() async throws {
        let fixture = try await RunnerFixture()
        let exited = await fixture.run("import Foundation\nexit(3)")
        #expect(exited.ending == .exited(code: 3))
        #expect(exited.endingSummary == "the snippet exited with status 3")

        let crashed = await fixture.run("""
            func twice() async -> Int {
                await withCheckedContinuation { continuation in
                    continuation.resume(returning: 1)
                    continuation.resume(returning: 2)
                }
            }
            print(await twice())
            """)
        #expect(crashed.ending == .crashed(signal: 5) || crashed.ending == .crashed(signal: 4))
        #expect(crashed.endingSummary?.contains("the snippet crashed") == true)
        #expect(crashed.endingSummary?.contains("SWIFT TASK CONTINUATION MISUSE") == true)

        let started = Date()
        let hung = await fixture.run("print(\"waiting\")\nlet _: Int = await withCheckedContinuation { _ in }", timeout: 1)
        #expect(hung.ending == .timedOut(limit: 1))
        #expect(hung.endingSummary?.hasPrefix("stopped after 1 s") == true)
        #expect(hung.outputLines == ["waiting"])
        #expect(Date().timeIntervalSince(started) < 6)
    }

    @Test func cancellingTheTaskStopsTheProgram() async throws {
        let fixture = try await RunnerFixture()
        let snippet = fixture.snippet("print(\"go\")\ntry await Task.sleep(for: .seconds(30))")
        _ = await fixture.runner.compiler.compile(snippet, lessonPath: fixture.lesson.path)
        let started = Date()
        let task = Task { await fixture.runner.run(snippet, in: fixture.lesson) }
        try await Task.sleep(for: .milliseconds(700))
        task.cancel()
        let report = await task.value
        #expect(report.ending == .cancelled)
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(report.endingSummary?.hasPrefix("cancelled after 0.") == true)
    }

    @Test func endlessOutputIsCapped() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("import Foundation\nlet line = String(repeating: \"x\", count: 1000)\nwhile true { Swift.print(line) }")
        #expect(report.ending == .outputLimit(bytes: 4 << 20))
        let kept = report.lines.reduce(0) { $0 + $1.text.utf8.count }
        // The read that crosses the limit is kept whole: one 64 KiB buffer.
        #expect(kept <= (4 << 20) + 65_536)
    }

    @Test func compileErrorsPointAtTheMarkdownFile() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.runner.run(fixture.snippet("let a = 1\nlet b: Int = \"two\"\n", fenceLine: 40), in: fixture.lesson)
        guard case .compileFailed(let diagnostics) = report.ending else {
            Issue.record("expected a compile failure, got \(report.ending)")
            return
        }
        #expect(diagnostics.contains("/lessons/01-fixture.md:42:14: error: cannot convert value of type 'String'"))
        #expect(!diagnostics.contains(fixture.cache))
        #expect(!diagnostics.contains("/tmp/"))
    }

    /// The harness builds without a word; a warning about the learner's
    /// code is kept, located in the markdown, and comes back from the cache.
    @Test func warningsOfAProgramThatBuiltAreKept() async throws {
        let fixture = try await RunnerFixture()
        let quiet = await fixture.runner.run(fixture.snippet("print(\"quiet\")"), in: fixture.lesson)
        #expect(quiet.compile?.warnings == "")
        let snippet = fixture.snippet("func f() {\n    let unused = 1\n}\nf()\n", fenceLine: 40)
        let first = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(first.ending == .exited(code: 0))
        let warnings = try #require(first.compile?.warnings)
        #expect(warnings.contains("/lessons/01-fixture.md:42:9: warning: initialization of immutable value 'unused' was never used"))
        #expect(!warnings.contains("harness"))
        let again = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(again.compile?.fromCache == true)
        #expect(again.compile?.warnings == warnings)
    }

    @Test func aCachedRunDoesNotRecompile() async throws {
        let fixture = try await RunnerFixture()
        let snippet = fixture.snippet("print(\"cached\")")
        let first = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(first.compile?.fromCache == false)
        #expect((first.compile?.seconds ?? 0) > 0)
        // A compiler that cannot run proves the second run does not compile.
        let broken = Toolchain(swiftc: "/bin/false", version: fixture.runner.compiler.toolchain.version)
        let sameKeyCompiler = SnippetCompiler(toolchain: Toolchain(swiftc: fixture.runner.compiler.toolchain.swiftc,
                                                                   version: broken.version),
                                              cacheDirectory: fixture.cache, environment: [:])
        let second = await SnippetRunner(compiler: sameKeyCompiler, environment: [:]).run(snippet, in: fixture.lesson)
        #expect(second.compile == CompileInfo(seconds: 0, fromCache: true))
        #expect(second.outputLines == ["cached"])
        let changed = await SnippetRunner(compiler: sameKeyCompiler, environment: [:])
            .run(fixture.snippet("print(\"changed\")"), in: fixture.lesson)
        #expect(changed.compile?.fromCache == false)
    }

    @Test func missingToolchainIsAClearError() async throws {
        #expect(throws: ToolchainError.notFound) {
            try Toolchain.locate(environment: ["PATH": "/nonexistent"])
        }
        #expect(ToolchainError.notFound.description.contains("swiftc not found: set SWIFTC"))
        #expect(throws: ToolchainError.notExecutable("/etc/passwd")) {
            try Toolchain.locate(environment: ["SWIFTC": "/etc/passwd"])
        }
        let gone = SnippetCompiler(toolchain: Toolchain(swiftc: "/nonexistent/swiftc", version: "x"),
                                   cacheDirectory: NSTemporaryDirectory() + UUID().uuidString, environment: [:])
        let report = await SnippetRunner(compiler: gone, environment: [:])
            .run(Snippet(number: 1, code: "print(1)", fenceLine: 1), in: Lesson(id: "x", number: 1, title: "x", path: "/x.md", blocks: [], snippets: []))
        guard case .unavailable(let reason) = report.ending else {
            Issue.record("expected unavailable, got \(report.ending)")
            return
        }
        #expect(reason.contains("/nonexistent/swiftc"))
    }
}

@Suite struct TaskIdentityTests {
    /// Tasks that run one after another may reuse the same memory; each
    /// must still get its own lane.
    @Test func sequentialTasksGetTheirOwnLanes() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            for index in 1...5 {
                await Task { print("task \\(index) runs") }.value
            }
            print("done")
            """)
        #expect(report.ending == .exited(code: 0))
        #expect(report.lanes.map(\.label) == ["main", "task 1", "task 2", "task 3", "task 4", "task 5"])
        #expect(Set(report.lines.compactMap(\.lane)).count == 6)
    }
}

@Suite struct PeakMemoryTests {
    /// The harness reads VmHWM as the program exits, so even a program that
    /// ends at once reports the memory it really used.
    @Test func aShortProgramReportsItsRealPeak() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("print(\"hi\")")
        #expect(report.peakMemoryBytes > 2_000_000, "\(report.peakMemoryBytes)")
        let big = await fixture.run("let a = [UInt8](repeating: 1, count: 64 << 20)\nprint(a.count)")
        #expect(big.peakMemoryBytes > 64 << 20)
    }
}

@Suite struct DiagnosticsCleaningTests {
    /// `@main` in a snippet is refused because of the harness's first line;
    /// the learner sees the error on their line, not notes about ours.
    @Test func notesAboutTheHarnessLineAreDropped() {
        let work = "/tmp/async-tour-build-1234"
        let raw = """
            /l/03-event-loop.md:223:1: error: 'main' attribute cannot be used in a module that contains top-level code
            @main
            ^
            \(work)/main.swift:1:1: note: top-level code defined in this source file
            _asyncTourStart()
            ^
            \(work)/main.swift:1:1: note: pass '-parse-as-library' to compiler invocation if this is intentional
            _asyncTourStart()
            ^
            /l/03-event-loop.md:230:5: warning: variable 'x' was never mutated
            """
        let cleaned = SnippetCompiler.cleanDiagnostics(raw, workDirectory: work)
        #expect(cleaned == """
            /l/03-event-loop.md:223:1: error: 'main' attribute cannot be used in a module that contains top-level code
            @main
            ^
            /l/03-event-loop.md:230:5: warning: variable 'x' was never mutated
            """)
    }
}

/// Ctrl-C is cancellation first: the program's main task is cancelled, its
/// `catch` and cancellation handlers run, and it is killed only if it does
/// not end within the grace period.
@Suite(.serialized) struct CooperativeCancellationTests {
    @Test func aCancelledRunLetsTheProgramCleanUp() async throws {
        let fixture = try await RunnerFixture()
        let snippet = fixture.snippet("""
            print("working")
            do {
                try await withTaskCancellationHandler {
                    try await Task.sleep(for: .seconds(30))
                } onCancel: {
                    print("cancellation handler ran")
                }
            } catch {
                print("caught \\(type(of: error))")
            }
            """)
        _ = await fixture.runner.compiler.compile(snippet, lessonPath: fixture.lesson.path)
        let run = Task { await fixture.runner.run(snippet, in: fixture.lesson) }
        try await Task.sleep(for: .milliseconds(600))
        run.cancel()
        let report = await run.value
        #expect(report.ending == .cancelled)
        #expect(report.outputLines == ["working", "cancellation handler ran", "caught CancellationError"])
        #expect(report.stoppedByItself)
        #expect(report.endingSummary?.contains("stopped by itself") == true)
    }

    /// `try await` at top level rethrows the cancellation, which ends the
    /// program with a fatal error: it stopped when asked, it was not killed.
    @Test func aCancellationThrownOutOfTopLevelCodeIsNotCalledAKill() async throws {
        let fixture = try await RunnerFixture()
        let snippet = fixture.snippet("""
            print("waiting")
            try await Task.sleep(for: .seconds(30))
            """)
        _ = await fixture.runner.compiler.compile(snippet, lessonPath: fixture.lesson.path)
        let run = Task { await fixture.runner.run(snippet, in: fixture.lesson) }
        try await Task.sleep(for: .milliseconds(600))
        run.cancel()
        let report = await run.value
        #expect(report.ending == .cancelled)
        #expect(report.crashedWhenCancelled && !report.stoppedByItself)
        #expect(report.endingSummary?.contains("thrown out of top-level code") == true, "\(report.endingSummary ?? "")")
        #expect(report.endingSummary?.contains("killed") == false)
    }

    @Test func aProgramThatIgnoresCancellationIsKilledAfterTheGracePeriod() async throws {
        let fixture = try await RunnerFixture()
        let snippet = fixture.snippet("""
            print("spinning")
            var x = 0
            while true { x &+= 1 }
            """)
        _ = await fixture.runner.compiler.compile(snippet, lessonPath: fixture.lesson.path)
        let run = Task { await fixture.runner.run(snippet, in: fixture.lesson) }
        try await Task.sleep(for: .milliseconds(600))
        let started = Date()
        run.cancel()
        let report = await run.value
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(report.ending == .cancelled)
        #expect(!report.stoppedByItself)
        #expect(report.endingSummary?.contains("was killed") == true)
    }
}

/// print, FileHandle writes and dump share one pipe with the harness's
/// events, so they are shown in the order the program wrote them, with
/// timestamps that never go backwards.
@Suite(.serialized) struct OutputOrderTests {
    @Test func mixedWritersKeepTheirOrderInThirtyRuns() async throws {
        let fixture = try await RunnerFixture()
        let snippet = fixture.snippet("""
            import Foundation
            for i in 1...5 {
                print("p\\(i)")
                FileHandle.standardOutput.write(Data("f\\(i)\\n".utf8))
            }
            dump([7])
            print("end")
            """)
        let expected = ["p1", "f1", "p2", "f2", "p3", "f3", "p4", "f4", "p5", "f5", "▿ 1 element", "  - 7", "end"]
        for run in 1...30 {
            let report = await fixture.runner.run(snippet, in: fixture.lesson)
            #expect(report.outputLines == expected, "run \(run)")
            let times = report.lines.map(\.time)
            #expect(times == times.sorted(), "run \(run): timestamps go backwards: \(times)")
        }
    }

    @Test func outputWithoutANewlineBeforeAPrintEndsThere() {
        var builder = TranscriptBuilder(origin: 1_000)
        let stream: [UInt8] = Array("half".utf8) + [TranscriptBuilder.eventMarker] + Array("P\t2000\t-\t7\t\tprinted\\n\n".utf8)
        _ = builder.feed(ChildChunk(stream: .stdout, bytes: stream, time: 3_000))
        _ = builder.finish(at: 4_000)
        #expect(builder.lines.map(\.text) == ["half", "printed"])
        #expect(builder.lines.map(\.source) == [.stdout, .print])
    }
}

extension OutputOrderTests {
    /// A learner's print(Array(0..<1_000_000)) is one 7 MB line: it is cut
    /// in the report, and the program runs to its end.
    @Test func aHugeLineRunsToTheEndAndIsCut() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("print(Array(0..<1_000_000))\nprint(\"after\")", timeout: 30)
        #expect(report.ending == .exited(code: 0))
        #expect(report.outputLines.last == "after")
        let big = try #require(report.lines.first)
        #expect(big.text.utf8.count <= TranscriptBuilder.lineLimit)
        #expect(big.droppedBytes > 6_000_000)
    }
}
