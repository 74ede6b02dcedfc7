import Foundation
import Testing
@testable import TourKit

/// The process layer: one spawn path, sessions, sweeps, limits, teardown.
/// Each test that leaves a process behind on failure uses `sleep` with a
/// number of its own, so `alive(...)` finds exactly its leftovers.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ProcessLayerTests {
    /// Live processes whose command line is exactly `sleep SECONDS`.
    static func alive(_ seconds: String) -> [pid_t] {
        ProcessTree.processes().filter { info in
            guard info.state != 90 /* zombie */,
                  let data = FileManager.default.contents(atPath: "/proc/\(info.pid)/cmdline") else { return false }
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.count == 2 && words[0].hasSuffix("sleep") && words[1] == seconds
        }.map(\.pid)
    }

    /// Whether a `sleep SECONDS` shows up within `limit` seconds. A parent
    /// learns that its child's `exec` began (Python's `Popen` returns, a
    /// shell prints its next line) a moment before the kernel shows the new
    /// command line: read at once, `/proc/PID/cmdline` can still be empty.
    static func eventuallyAlive(_ seconds: String, within limit: Double = 3) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while alive(seconds).isEmpty {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    static func shell(_ script: String, timeout: Double = 10) -> ChildProcess {
        ChildProcess(executable: "/bin/sh", arguments: ["-c", script], environment: ProcessInfo.processInfo.environment,
                     timeout: timeout)
    }

    @Test func daemonsAndOwnGroupChildrenDoNotOutliveTheRun() async {
        // A setsid daemon, a child in a process group of its own (as
        // Foundation's Process makes), and a double-forked orphan.
        let result = await Self.shell("""
            setsid sleep 401 &
            set -m; sleep 402 & set +m
            (sleep 403 &)
            echo started
            """).run()
        #expect(result.ending == .exited(0))
        #expect(result.leftoversStopped >= 3)
        for seconds in ["401", "402", "403"] {
            #expect(Self.alive(seconds).isEmpty, "sleep \(seconds) outlived its run")
        }
    }

    @Test func aCancelledRunTakesItsDescendantsWithIt() async throws {
        let child = Self.shell("setsid sleep 404 & sleep 405 & wait")
        let run = Task { await child.run() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.eventuallyAlive("404"), "the daemon should be running before the cancel")
        run.cancel()
        let result = await run.value
        #expect(result.ending == .cancelled)
        #expect(Self.alive("404").isEmpty && Self.alive("405").isEmpty)
    }

    @Test func aTimeoutTakesItsDescendantsWithIt() async {
        let started = Date()
        let result = await Self.shell("setsid sleep 406 & sleep 407", timeout: 0.5).run()
        #expect(result.ending == .timedOut)
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(Self.alive("406").isEmpty && Self.alive("407").isEmpty)
    }

    @Test func cancellationIsAnInterruptFirst() async throws {
        // The child gets SIGINT and may clean up within the grace period.
        var child = Self.shell("trap 'echo interrupted; exit 3' INT; while :; do sleep 0.05; done")
        child.cancelTeardown = .interrupt(grace: 2)
        let run = Task { await child.run() }
        try await Task.sleep(for: .milliseconds(300))
        run.cancel()
        let result = await run.value
        #expect(result.ending == .cancelled)
        let out = String(decoding: result.chunks.filter { $0.stream == .stdout }.flatMap(\.bytes), as: UTF8.self)
        #expect(out.contains("interrupted"))
    }

    @Test func aSnippetHasASessionOfItsOwnAndNoTerminal() async {
        // Field 6 of /proc/self/stat is the session: equal to the pid when
        // the child leads a session of its own.
        let result = await Self.shell("read -r line < /proc/$$/stat; set -- ${line#*) }; echo \"$$ $4\"").run()
        let out = String(decoding: result.chunks.filter { $0.stream == .stdout }.flatMap(\.bytes), as: UTF8.self)
        let fields = out.split(whereSeparator: \.isWhitespace)
        #expect(fields.count == 2 && fields[0] == fields[1], "pid and session: \(out)")
        let tty = await Self.shell("if (exec 3<>/dev/tty) 2>/dev/null; then echo opened; else echo none; fi").run()
        #expect(String(decoding: tty.chunks.flatMap(\.bytes), as: UTF8.self).contains("none"))
    }

    @Test func childrenInheritNoDescriptorButTheirOwn() async throws {
        // A descriptor the tour opened without close-on-exec must not reach a child.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        var child = Self.shell("ls /proc/$$/fd")
        child.eventsPipe = true
        let result = await child.run()
        let fds = String(decoding: result.chunks.filter { $0.stream == .stdout }.flatMap(\.bytes), as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(Set(fds).isSubset(of: [0, 1, 2, 3, 255]), "the child had \(fds)")
        #expect(!fds.contains(Int(leaked)) || leaked <= 3)
    }

    @Test func theMemoryLimitStopsAHungryProgram() async throws {
        var fixture = try await RunnerFixture()
        fixture.runner.memoryLimit = 200 << 20
        let started = Date()
        let report = await fixture.run("""
            var blocks: [[UInt8]] = []
            for _ in 0..<12 { blocks.append([UInt8](repeating: 1, count: 50_000_000)) }
            print(blocks.count)
            """, timeout: 20)
        #expect(report.ending == .memoryLimit(bytes: 200 << 20))
        #expect(report.endingSummary?.contains("more than 200 MB of memory") == true)
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func teardownStepsRunInOrderWithTheirPauses() {
        var progress = TeardownProgress(.interrupt(grace: 0.5))
        var sent: [Int32] = []
        progress.advance(now: 1_000_000_000) { sent.append($0) }
        #expect(sent == [SIGINT] && !progress.isFinished)
        progress.advance(now: 1_400_000_000) { sent.append($0) }
        #expect(sent == [SIGINT])
        progress.advance(now: 1_500_000_000) { sent.append($0) }
        #expect(sent == [SIGINT, SIGKILL] && progress.isFinished)
    }

    @Test func hugeTimeoutsDoNotTrap() {
        #expect(Limits.nanoseconds(1e300) > 0)
        #expect(Limits.nanoseconds(.infinity) == 0)
        #expect(Limits.nanoseconds(.nan) == 0)
        #expect(Limits.nanoseconds(-1) == 0)
    }
}

/// A compiler that never finishes, to test cancellation and clean-up.
struct HangingCompiler {
    let directory = NSTemporaryDirectory() + "async-tour-hang-" + UUID().uuidString
    var path: String { directory + "/swiftc" }

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "#!/bin/sh\nexec sleep 408\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }
}

@Suite(.serialized, .timeLimit(.minutes(1))) struct CompilerLifecycleTests {
    @Test func cancellingACompileStopsSwiftcAndRemovesItsFolder() async throws {
        let fake = try HangingCompiler()
        let cache = fake.directory + "/cache"
        let compiler = SnippetCompiler(toolchain: Toolchain(swiftc: fake.path, version: "fake"), cacheDirectory: cache,
                                       environment: ProcessInfo.processInfo.environment)
        let snippet = Snippet(number: 1, code: "print(1)", fenceLine: 3, attributes: SnippetAttributes())
        let compile = Task { await compiler.compile(snippet, lessonPath: "/lessons/01-x.md") }
        try await Task.sleep(for: .milliseconds(400))
        #expect(ProcessLayerTests.eventuallyAlive("408"), "the fake swiftc should be running")
        let started = Date()
        compile.cancel()
        let outcome = await compile.value
        #expect(Date().timeIntervalSince(started) < 2, "a cancelled compile must stop at once")
        #expect(outcome == .unavailable("compilation cancelled"))
        #expect(ProcessLayerTests.alive("408").isEmpty)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: cache + "/tmp")) ?? []
        #expect(left.isEmpty, "build folders left: \(left)")
    }

    /// Ctrl-C on a run whose snippet compile-ahead is already compiling:
    /// the run stops waiting at once; the compile goes on for the other
    /// caller, and stops when that one is cancelled too.
    @Test func aCancelledCallerDoesNotWaitForACompileSharedWithAnother() async throws {
        let fake = try HangingCompiler()
        let compiler = SnippetCompiler(toolchain: Toolchain(swiftc: fake.path, version: "fake"), cacheDirectory: fake.directory + "/cache",
                                       environment: ProcessInfo.processInfo.environment)
        let snippet = Snippet(number: 1, code: "print(2)", fenceLine: 3, attributes: SnippetAttributes())
        let ahead = Task { await compiler.compile(snippet, lessonPath: "/lessons/01-x.md") }
        try await Task.sleep(for: .milliseconds(300))
        let run = Task { await compiler.compile(snippet, lessonPath: "/lessons/01-x.md") }
        try await Task.sleep(for: .milliseconds(100))
        let started = Date()
        run.cancel()
        #expect(await run.value == .unavailable("compilation cancelled"))
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(!ProcessLayerTests.alive("408").isEmpty, "the other caller still wants the compile")
        ahead.cancel()
        #expect(await ahead.value == .unavailable("compilation cancelled"))
        try await Task.sleep(for: .milliseconds(500))
        #expect(ProcessLayerTests.alive("408").isEmpty)
    }

    @Test func staleBuildFoldersAreRemovedAtStartButBusyOnesKept() throws {
        let cache = NSTemporaryDirectory() + "async-tour-stale-" + UUID().uuidString
        let stale = cache + "/tmp/stale", busy = cache + "/tmp/busy"
        for folder in [stale, busy] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: folder + "/.lock", contents: nil))
        }
        let held = open(busy + "/.lock", O_RDONLY)
        defer { close(held) }
        #expect(flock(held, LOCK_EX) == 0)
        _ = SnippetCompiler(toolchain: Toolchain(swiftc: "/bin/false", version: "x"), cacheDirectory: cache, environment: [:])
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: busy))
    }

    @Test func aDamagedCachedProgramIsBuiltAgainAndTheLearnerTold() async throws {
        let fixture = try await RunnerFixture()
        let snippet = fixture.snippet("print(\"fine\")")
        let first = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(first.outputLines == ["fine"])
        guard case .compiled(let program)? = fixture.runner.compiler.cached(snippet, lessonPath: fixture.lesson.path) else {
            Issue.record("not cached")
            return
        }
        // Garbage of the same size: only the digest can tell.
        let size = try FileManager.default.attributesOfItem(atPath: program.executable)[.size] as? Int ?? 0
        try Data(repeating: 0x42, count: size).write(to: URL(fileURLWithPath: program.executable))
        let second = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(second.outputLines == ["fine"])
        #expect(second.compile?.notice?.contains("damaged") == true)
        // A truncated program whose digest file was forged to match: it
        // fails to start, and is built again once.
        try Data("#!".utf8).write(to: URL(fileURLWithPath: program.executable))
        let digest = try #require(SnippetCompiler.digestLine(of: program.executable))
        try digest.write(toFile: URL(fileURLWithPath: program.executable).deletingLastPathComponent().path + "/digest",
                         atomically: true, encoding: .utf8)
        let third = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(third.outputLines == ["fine"])
        #expect(third.compile?.notice?.contains("could not start") == true)
    }
}
