import Foundation
import Testing
@testable import TourKit

/// A runner for Python snippets: no Swift toolchain needed.
struct PythonFixture {
    var runner: SnippetRunner
    let lesson: Lesson

    static var python: String? { PythonInterpreter.locate(environment: ProcessInfo.processInfo.environment) }
    static var available: Bool { python != nil }

    init(environment overrides: [String: String] = [:]) {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in overrides { environment[key] = value }
        let cache = NSTemporaryDirectory() + "async-tour-python-cache-" + UUID().uuidString
        runner = SnippetRunner(compiler: SnippetCompiler(toolchain: Toolchain(swiftc: "/nonexistent/swiftc", version: "none"),
                                                         cacheDirectory: cache, environment: environment),
                               environment: environment)
        lesson = Lesson(id: "fixture", number: 1, title: "Fixture", path: "/lessons/01-fixture.md", blocks: [], snippets: [])
    }

    func snippet(_ code: String, timeout: Double = 10, fenceLine: Int = 20, requires: [String] = []) -> Snippet {
        var attributes = SnippetAttributes()
        attributes.timeout = timeout
        attributes.requiredModules = requires
        var snippet = Snippet(number: 1, code: code, fenceLine: fenceLine, attributes: attributes)
        snippet.language = .python
        return snippet
    }

    func run(_ code: String, timeout: Double = 10, fenceLine: Int = 20, requires: [String] = []) async -> RunReport {
        await runner.run(snippet(code, timeout: timeout, fenceLine: fenceLine, requires: requires), in: lesson)
    }

    /// A script that answers like a python3 of version `version`.
    static func fakePython(version: String) throws -> String {
        let path = NSTemporaryDirectory() + "async-tour-fake-python-\(UUID().uuidString)"
        try "#!/bin/sh\necho \(version)\necho\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }
}

@Suite(.serialized, .timeLimit(.minutes(2))) struct PythonSnippetTests {
    @Test(.enabled(if: PythonFixture.available))
    func asyncGeneratorsClosedByAsyncioRunAtTheEndGetNoLane() async throws {
        let report = await PythonFixture().run("""
            import asyncio
            kept = []
            async def numbers():
                try:
                    yield 1
                    await asyncio.sleep(10)
                finally:
                    print("closed")
            async def main():
                gen = numbers()
                kept.append(gen)              # still open when main returns
                print(await anext(gen))
            asyncio.run(main())
            """)
        #expect(report.ending == .exited(code: 0))
        #expect(report.lines.map(\.text) == ["1", "closed"], "asyncio.run closes the open generator")
        #expect(Set(report.lanes.map(\.label)) == ["main", "Task-1"],
                "the task shutdown_asyncgens starts to close it is asyncio.run's clean-up, not a lane")
    }

    @Test(.enabled(if: PythonFixture.available))
    func harnessTimesPrintsWithTheirTasksAndThreads() async throws {
        let report = await PythonFixture().run("""
            import asyncio
            print("before")
            async def download(n):
                print(f"start {n}")
                await asyncio.sleep(0.3)
                print(f"end {n}")
            async def main():
                await asyncio.gather(*(asyncio.create_task(download(n), name=f"download-{n}") for n in range(3)))
                print("after")
            asyncio.run(main())
            """)
        #expect(report.ending == .exited(code: 0))
        let byText = Dictionary(uniqueKeysWithValues: report.lines.map { ($0.text, $0) })
        let before = try #require(byText["before"])
        let end0 = try #require(byText["end 0"])
        let after = try #require(byText["after"])
        #expect(before.time >= 0 && before.time < 0.2)
        #expect(end0.time >= 0.29 && end0.time < 1.0, "three concurrent sleeps of 0.3 s end together, not at 0.9 s")
        #expect(try #require(byText["end 2"]).time < 0.6)
        #expect(after.time >= end0.time)
        #expect(before.laneLabel == "main")
        #expect(after.laneLabel == "Task-1", "asyncio.run's task keeps its asyncio name")
        #expect(byText["start 1"]?.laneLabel == "download-1")
        #expect(byText["start 1"]?.lane == byText["end 1"]?.lane)
        #expect(Set(report.lanes.map(\.label)) == ["main", "Task-1", "download-0", "download-1", "download-2"],
                "one lane per asyncio task, asyncio.run's clean-up tasks left out")
        // A lane runs from the task's creation to its end, prints or not.
        let lane = try #require(report.lanes.first { $0.label == "download-0" })
        #expect(lane.first < 0.1 && lane.last >= 0.29)
        #expect(report.wall >= 0.29 && report.wall < 2)
        #expect(report.threads == 1, "asyncio runs every task on one thread")
    }

    /// A loop blocked by `time.sleep` runs done callbacks late; a task's
    /// lane ends when it completed, so the blocked tasks draw a staircase.
    @Test(.enabled(if: PythonFixture.available))
    func aTasksLaneEndsWhenItCompletesNotWhenTheBlockedLoopGetsToIt() async throws {
        let report = await PythonFixture().run("""
            import asyncio, time
            async def blocker(n):
                time.sleep(0.2)
            async def main():
                await asyncio.gather(*(asyncio.create_task(blocker(n), name=f"b{n}") for n in range(3)))
            asyncio.run(main())
            """)
        #expect(report.lanesSpanTaskLives)
        let ends = try ["b0", "b1", "b2"].map { name in try #require(report.lanes.first { $0.label == name }).last }
        #expect(ends[0] < 0.35 && ends[1] > 0.35 && ends[1] < 0.55 && ends[2] > 0.55,
                "one task after another, each ending as it completed: \(ends)")
    }

    @Test(.enabled(if: PythonFixture.available))
    func aTaskThatNeverPrintsStillHasItsLane() async throws {
        let report = await PythonFixture().run("""
            import asyncio
            async def quiet():
                await asyncio.sleep(0.2)
            async def main():
                await asyncio.create_task(quiet(), name="quiet")
            asyncio.run(main())
            """)
        let lane = try #require(report.lanes.first { $0.label == "quiet" })
        #expect(lane.last - lane.first >= 0.19)
    }

    @Test(.enabled(if: PythonFixture.available))
    func outputThatBypassesPrintKeepsItsPlace() async {
        let report = await PythonFixture().run("""
            import sys, os
            for i in range(200):
                print(f"print {i}")
                sys.stdout.write(f"write {i}\\n")
            print("to stderr", file=sys.stderr)
            """)
        let stdout = report.lines.filter { $0.source != .stderr }.map(\.text)
        #expect(stdout == (0..<200).flatMap { ["print \($0)", "write \($0)"] })
        #expect(report.lines.contains { $0.source == .stderr && $0.text == "to stderr" })
    }

    @Test(.enabled(if: PythonFixture.available))
    func peakMemoryComesFromTheProgram() async {
        let report = await PythonFixture().run("""
            block = bytearray(200 * 1024 * 1024)
            for i in range(0, len(block), 4096):
                block[i] = 1
            print("allocated")
            """)
        #expect(report.ending == .exited(code: 0))
        #expect(report.peakMemoryBytes > 200 << 20)
        #expect(report.peakMemoryBytes < 400 << 20)
    }

    @Test func missingPythonIsSkippedWithThePackage() async {
        let report = await PythonFixture(environment: ["ASYNC_TOUR_PYTHON": "/nonexistent/python3"]).run("print('hi')")
        let note = report.skipped ?? ""
        #expect(note.contains("python3 is not installed"))
        #expect(note.contains("apt-get install python3"))
        #expect(report.lines.isEmpty)
    }

    @Test func anOldPythonIsSkippedWithTheVersionNeeded() async throws {
        let fake = try PythonFixture.fakePython(version: "3.8")
        defer { try? FileManager.default.removeItem(atPath: fake) }
        let report = await PythonFixture(environment: ["ASYNC_TOUR_PYTHON": fake]).run("print('hi')")
        let note = report.skipped ?? ""
        #expect(note.contains("needs Python 3.11 or later"))
        #expect(note.contains("is 3.8"))
    }

    /// Ctrl-C while the interpreter is still being asked its version ends
    /// the probe too: the run is cancelled, not a python3 "that did not answer".
    @Test func cancellingDuringTheProbeIsACancelledRun() async throws {
        let path = NSTemporaryDirectory() + "async-tour-slow-python-\(UUID().uuidString)"
        try "#!/bin/sh\nsleep 5\necho 3.12\necho\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fixture = PythonFixture(environment: ["ASYNC_TOUR_PYTHON": path])
        let run = Task { await fixture.run("print('hi')") }
        try await Task.sleep(for: .milliseconds(300))
        run.cancel()
        let report = await run.value
        #expect(report.ending == .cancelled)
        #expect(report.skipped == nil, "\(report.skipped ?? "")")
    }

    @Test(.enabled(if: PythonFixture.available))
    func aMissingModuleIsSkippedWithItsPackage() async {
        let fixture = PythonFixture()
        let report = await fixture.run("print('hi')", requires: ["async_tour_no_such_module"])
        #expect(report.skipped?.contains("async_tour_no_such_module") == true)
        // aiohttp named by an import is required too, and named by its Debian package.
        let code = "import aiohttp\nprint('hi')"
        #expect(fixture.snippet(code).pythonModules == ["aiohttp"])
        let interpreter = PythonFixture.python!
        if case .success(let found) = await PythonInterpreter.probe(interpreter, modules: ["aiohttp"], environment: ProcessInfo.processInfo.environment),
           !found.missingModules.isEmpty {
            let skipped = await fixture.run(code)
            #expect(skipped.skipped?.contains("python3-aiohttp") == true)
        }
    }

    @Test(.enabled(if: PythonFixture.available))
    func tracebacksNameTheChapterAndItsLine() async {
        // The fence is on line 20, so the code's third line is line 23.
        let report = await PythonFixture().run("""
            def fail():
                raise ValueError("boom")
            fail()
            """)
        #expect(report.ending == .exited(code: 1))
        let stderr = report.lines.filter { $0.source == .stderr }.map(\.text)
        #expect(stderr.contains("  File \"/lessons/01-fixture.md\", line 23, in <module>"))
        #expect(stderr.contains("  File \"/lessons/01-fixture.md\", line 22, in fail"))
        #expect(stderr.contains("    raise ValueError(\"boom\")"), "the source line is shown from the snippet")
        #expect(stderr.last == "ValueError: boom")
        #expect(!stderr.joined().contains("harness.py"), "the harness's frames are not the learner's")
        #expect(!stderr.joined().contains("program.py"))
    }

    @Test(.enabled(if: PythonFixture.available))
    func aSyntaxErrorShowsTheMarkdownLine() async {
        let report = await PythonFixture().run("x = 1\nif x\n    print(x)\n")
        #expect(report.ending == .exited(code: 1))
        let stderr = report.lines.filter { $0.source == .stderr }.map(\.text)
        #expect(stderr.contains("  File \"/lessons/01-fixture.md\", line 22"))
        #expect(stderr.contains { $0.hasPrefix("SyntaxError") })
        #expect(report.lines.filter { $0.source != .stderr }.isEmpty)
    }

    @Test(.enabled(if: PythonFixture.available))
    func aHangingProgramTimesOut() async {
        let start = Date()
        // 3 s, not 1: on a loaded 2-core machine the interpreter and its
        // harness took more than a second to print the first line.
        let report = await PythonFixture().run("import time\nprint('waiting')\ntime.sleep(60)", timeout: 3)
        #expect(report.ending == .timedOut(limit: 3))
        #expect(report.lines.map(\.text) == ["waiting"])
        #expect(Date().timeIntervalSince(start) < 8)
    }

    @Test(.enabled(if: PythonFixture.available))
    func printingMegabytesStopsAtTheOutputLimit() async {
        let start = Date()
        let report = await PythonFixture().run("while True:\n    print('x' * 1000)", timeout: 30)
        #expect(report.ending == .outputLimit(bytes: SnippetRunner.outputLimit))
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test(.enabled(if: PythonFixture.available))
    func aCancelledRunLeavesNoSubprocessBehind() async throws {
        let fixture = PythonFixture()
        let snippet = fixture.snippet("""
            import subprocess, time
            subprocess.Popen(["sleep", "411"], start_new_session=True)
            print("spawned", flush=True)
            time.sleep(60)
            """, timeout: 30)
        let started = AsyncStream<Void>.makeStream()
        let run = Task { await fixture.runner.run(snippet, in: fixture.lesson) { line in
            if line.text == "spawned" { started.continuation.yield() }
        } }
        for await _ in started.stream { break }
        #expect(ProcessLayerTests.eventuallyAlive("411"), "the subprocess runs while the program does")
        run.cancel()
        let report = await run.value
        #expect(report.ending == .cancelled)
        #expect(ProcessLayerTests.alive("411").isEmpty, "the sweep stopped the program's subprocess")
    }

    @Test(.enabled(if: PythonFixture.available))
    func ctrlCReachesTheProgramAsCancelledErrorFirst() async throws {
        let fixture = PythonFixture()
        let snippet = fixture.snippet("""
            import asyncio
            async def main():
                try:
                    print("waiting")
                    await asyncio.sleep(30)
                except asyncio.CancelledError:
                    print("cancelled, cleaning up")
                    raise
            asyncio.run(main())
            """, timeout: 30)
        let started = AsyncStream<Void>.makeStream()
        let run = Task { await fixture.runner.run(snippet, in: fixture.lesson) { line in
            if line.text == "waiting" { started.continuation.yield() }
        } }
        for await _ in started.stream { break }
        run.cancel()
        let report = await run.value
        #expect(report.ending == .cancelled)
        #expect(report.lines.map(\.text).contains("cancelled, cleaning up"))
        #expect(report.stoppedByItself, "the program ended after its except block, before the kill")
        #expect(!report.lines.contains { $0.text.contains("KeyboardInterrupt") }, "no traceback for a Ctrl-C the program handled")
    }
}
