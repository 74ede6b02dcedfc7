import Foundation
import Testing
@testable import TourKit

/// The format features that need the compiler: each built and run for real.
@Suite(.serialized) struct FormatRunTests {
    @Test func movingASnippetDownIsACacheHitAndItsErrorNamesTheNewLine() async throws {
        let fixture = try await RunnerFixture()
        let broken = "let a = 1\nlet x: Int = \"no\"\n"
        let first = await fixture.runner.run(fixture.snippet(broken, fenceLine: 20), in: fixture.lesson)
        guard case .compileFailed(let before) = first.ending else {
            Issue.record("compiled: \(first.ending)")
            return
        }
        #expect(before.contains("/lessons/01-fixture.md:22:"), "\(before)")
        #expect(first.compile?.fromCache == false)
        // A prose line added above: the same program, one line further down.
        let moved = await fixture.runner.run(fixture.snippet(broken, fenceLine: 21), in: fixture.lesson)
        guard case .compileFailed(let after) = moved.ending else {
            Issue.record("compiled: \(moved.ending)")
            return
        }
        #expect(moved.compile?.fromCache == true, "moving a snippet keeps its cached build")
        #expect(after.contains("/lessons/01-fixture.md:23:"), "\(after)")
        #expect(!after.contains("async-tour-snippet"))
    }

    @Test func aRuntimeMessageNamesTheMarkdownLine() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.runner.run(fixture.snippet("print(1)\nfatalError(\"boom\")\n", fenceLine: 30), in: fixture.lesson)
        #expect(report.stderrLines.contains { $0.contains("01-fixture.md:32: Fatal error: boom") }, "\(report.stderrLines)")
    }

    @Test func standardInputReachesTheProgram() async throws {
        let fixture = try await RunnerFixture()
        var snippet = fixture.snippet("while let line = readLine() { print(\"got\", line) }\nprint(\"end\")\n")
        snippet.stdin = "one\ntwo\n"
        let report = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(report.outputLines == ["got one", "got two", "end"])
        let empty = await fixture.run("print(readLine() ?? \"eof\")")
        #expect(empty.outputLines == ["eof"], "without a stdin block the program reads end of file at once")
    }

    @Test func aProgramThatExitsBeforeReadingItsInputDoesNotHurtTheTour() async throws {
        let fixture = try await RunnerFixture()
        var snippet = fixture.snippet("print(\"not reading\")")
        snippet.stdin = String(repeating: "x", count: 60_000)
        let report = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(report.ending == .exited(code: 0))
        #expect(report.outputLines == ["not reading"])
    }

    @Test func anAtMainProgramRunsWithTheHarness() async throws {
        let fixture = try await RunnerFixture()
        let report = await fixture.run("""
            @main struct App {
                static func main() async {
                    try? await Task.sleep(for: .milliseconds(50))
                    print("from main")
                }
            }
            """)
        #expect(report.ending == .exited(code: 0), "\(report.ending)")
        #expect(report.outputLines == ["from main"])
        let line = try #require(report.lines.first)
        #expect(line.time >= 0.04, "the harness started the clock before main")
    }

    @Test func defaultMainActorIsolationAndItsFlagCompile() async throws {
        let fixture = try await RunnerFixture()
        // Under -default-isolation MainActor a plain global function is on
        // the main actor, so a synchronous call from top-level code is fine
        // and MainActor.assumeIsolated holds inside it.
        var snippet = fixture.snippet("func f() -> String { MainActor.assumeIsolated { \"main\" } }\nprint(f())\nnonisolated func g() { print(\"g\") }\ng()\n")
        snippet.attributes.defaultIsolation = "MainActor"
        let report = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(report.ending == .exited(code: 0), "\(report.ending)")
        #expect(report.outputLines == ["main", "g"])
    }

    @Test func aPreludeIsCompiledInAndItsErrorsPointAtIt() async throws {
        let fixture = try await RunnerFixture()
        var snippet = fixture.snippet("print(double(21))\n", fenceLine: 40)
        snippet.prelude = Prelude(code: "func double(_ x: Int) -> Int { x * 2 }\n", fenceLine: 10)
        let report = await fixture.runner.run(snippet, in: fixture.lesson)
        #expect(report.outputLines == ["42"])
        snippet.prelude = Prelude(code: "func double(_ x: Int) -> Int { x * \"2\" }\n", fenceLine: 10)
        let broken = await fixture.runner.run(snippet, in: fixture.lesson)
        guard case .compileFailed(let diagnostics) = broken.ending else {
            Issue.record("compiled")
            return
        }
        #expect(diagnostics.contains("/lessons/01-fixture.md:11:"), "\(diagnostics)")
    }

    @Test func anotherPlatformsSnippetIsSkippedAndCounted() async throws {
        let fixture = try await RunnerFixture()
        var elsewhere = fixture.snippet("this does not compile")
        elsewhere.attributes.platform = TargetPlatform.current == .linux ? .darwin : .linux
        var here = fixture.snippet("print(1)")
        here.number = 2
        var lesson = fixture.lesson
        lesson.snippets = [elsewhere, here]
        let results = await LessonTester(runner: fixture.runner, parallelism: 1).test([lesson])
        #expect(results.count == 2)
        #expect(results[0].skipped != nil)
        #expect(results[0].passed)
        #expect(results[1].skipped == nil)
    }

    @Test func runningAnotherPlatformsSnippetSaysWhyNot() async throws {
        let fixture = try await RunnerFixture()
        var snippet = fixture.snippet("print(1)")
        snippet.attributes.platform = TargetPlatform.current == .linux ? .darwin : .linux
        let report = await fixture.runner.run(snippet, in: fixture.lesson)
        guard case .unavailable(let reason) = report.ending else {
            Issue.record("ran: \(report.ending)")
            return
        }
        #expect(reason.contains("only (os=\(snippet.attributes.platform!.rawValue))"))
    }

    @Test func anExerciseWhoseStartMeetsTheGoalShowsTheStartsRun() async throws {
        let fixture = try await RunnerFixture()
        var snippet = fixture.snippet("print(\"start\")")
        snippet.expectations.output = ExpectedLines(lines: ["start"], line: 1)
        snippet.exercise = Exercise(solution: "print(\"solution\")", solutionLine: 30)
        var lesson = fixture.lesson
        lesson.snippets = [snippet]
        let result = try #require(await LessonTester(runner: fixture.runner, parallelism: 1).test([lesson]).first)
        #expect(result.startMetGoal)
        #expect(!result.passed)
        #expect(result.report.outputLines == ["start"], "the run shown is the one at fault")
    }
}
