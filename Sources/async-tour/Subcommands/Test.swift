import ArgumentParser
import Foundation
import Synchronization
import TourKit
import TourTerminal

extension AsyncTour {
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile and run every snippet and check every expectation in the chapters.",
            discussion: "Prints one line per snippet and ends with 'N passed, N failed'. Exits with status 1 on any failure.")

        @OptionGroup var options: LessonOptions

        @Argument(help: "Chapters to test (numbers or ids); all when none are given.", completion: .custom(Completions.chapters))
        var lessons: [String] = []

        @Option(name: .long, help: ArgumentHelp("Compile and run at most N snippets at once (default: the number of cores).",
                                                valueName: "n"))
        var jobs: Int?

        @Flag(name: .long, help: "Also show the output of each failing snippet.")
        var verbose = false

        @Flag(name: .long, help: "Do not record the runtime trace; timelines then show prints only.")
        var noTrace = false

        func run() async throws {
            let library = try options.loadLibrary()
            var chosen: [Lesson] = []
            for reference in lessons {
                guard let lesson = library.lesson(reference) else {
                    Platform.printError("error: " + Sanitizer.inline(library.unknownLessonMessage(reference), unicode: TerminalOutput.unicode))
                    throw ExitCode(2)
                }
                chosen.append(lesson)
            }
            if chosen.isEmpty { chosen = library.lessons }
            var setup = try await TourSetup.make()
            if noTrace { setup.runner.tracing = false }
            let indicator = ProgressIndicator(enabled: Platform.stderrIsTerminal)
            let started = Date()
            let tester = LessonTester(runner: setup.runner, parallelism: jobs)
            let lessonsToTest = chosen
            let (results, signal) = await SignalCancellation.run {
                await tester.test(lessonsToTest) { progress in indicator.update(progress) }
            }
            indicator.clear()
            if let signal {
                Platform.printError("stopped by \(SignalCancellation.name(signal)) before the end; no snippet is left running")
                throw ExitCode(128 + signal)
            }
            let renderer = ReportRenderer(style: setup.style)
            var out = ""
            for result in results {
                let mark = result.skipped != nil ? "skip" : result.passed ? setup.style.reportGood("ok  ") : setup.style.reportBad("FAIL")
                let name = "\(result.lesson.id) #\(result.snippet.number)"
                let padded = name + String(repeating: " ", count: max(1, 24 - name.count))
                out += "\(mark) \(padded) \(Self.describe(result))\n"
                for failure in result.failures {
                    out += ExpectationChecker.indent(Sanitizer.sanitize(failure, unicode: setup.style.unicode), by: 7) + "\n"
                }
                // The failure already quotes the compiler's errors; the report would repeat them.
                var compiled = true
                if case .compileFailed = result.report.ending { compiled = false }
                if verbose, !result.passed, compiled {
                    out += renderer.render(result.report).split(separator: "\n").map { "       " + $0 }.joined(separator: "\n") + "\n"
                }
            }
            let failed = results.filter { !$0.passed }.count
            let skipped = results.filter { $0.skipped != nil }.count
            let problems = library.problems.count
            out += "\nchecked \(plural(results.count, "snippet")) in \(plural(chosen.count, "chapter")) in \(ReportRenderer.seconds(Date().timeIntervalSince(started), digits: 2)) s\n"
            if problems > 0 && lessons.isEmpty {
                out += "\(problems) chapter file(s) could not be loaded (see above)\n"
            }
            out += "\(results.count - failed - skipped) passed, \(failed + (lessons.isEmpty ? problems : 0)) failed"
                + (skipped > 0 ? ", \(skipped) skipped (\(Self.skipReasons(results)))\n" : "\n")
            // Time bands read "0.9–1.2 s": on an ASCII terminal, "0.9-1.2 s".
            Platform.write(setup.style.unicode ? out : ASCIIFallback.transliterate(out))
            if failed > 0 || (lessons.isEmpty && problems > 0) { throw ExitCode(1) }
        }

        static func describe(_ result: SnippetTestResult) -> String {
            let snippet = result.snippet
            let report = result.report
            let elapsed = ReportRenderer.seconds(report.wall, digits: 2) + " s"
            if let skipped = result.skipped { return "skipped: \(skipped)" }
            if snippet.exercise != nil, result.startMetGoal {
                return "exercise: the start already meets the goal (\(elapsed))"
            }
            if case .compileFailed = report.ending, snippet.attributes.outcome != .compileFail {
                return snippet.exercise != nil ? "exercise: the solution does not compile" : "did not compile"
            }
            if snippet.exercise != nil {
                // Fits 80 columns after the 30 that name the snippet.
                let band = snippet.attributes.time.map { " (\($0))" } ?? ""
                return "exercise: start fails, solution \(elapsed)\(band)"
            }
            switch snippet.attributes.outcome {
            case .compileFail: return "compile_fail"
            case .crash: return "crash (\(elapsed))"
            case .timesOut: return "times_out (\(elapsed))"
            case .success:
                if let band = snippet.attributes.time { return "\(elapsed) (band \(band))" }
                return elapsed
            }
        }
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}

/// A one-line progress indicator on stderr, redrawn in place on a terminal.
final class ProgressIndicator: Sendable {
    private let enabled: Bool
    private let lastDraw = Mutex<Double>(0)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: TestProgress) {
        guard enabled else { return }
        let text: String
        switch progress {
        case .compiling(let done, let total): text = "compiling snippets \(done)/\(total)"
        case .running(let done, let total, _): text = "running snippets \(done)/\(total)"
        }
        let now = Date().timeIntervalSince1970
        let draw = lastDraw.withLock { last -> Bool in
            guard now - last > 0.1 else { return false }
            last = now
            return true
        }
        if draw { TerminalOutput.write("\r\u{1B}[K\(text)", to: .standardError) }
    }

    func clear() {
        guard enabled else { return }
        TerminalOutput.write("\r\u{1B}[K", to: .standardError)
    }
}

extension AsyncTour.Test {
    /// Why snippets were skipped, in a few words: another platform, or a
    /// Python program this machine cannot run.
    static func skipReasons(_ results: [SnippetTestResult]) -> String {
        let skipped = results.filter { $0.skipped != nil }
        let python = skipped.filter { $0.snippet.language == .python }.count
        let platform = skipped.count - python
        return [platform > 0 ? "another platform" : nil, python > 0 ? "Python not available" : nil]
            .compactMap { $0 }.joined(separator: "; ")
    }
}
