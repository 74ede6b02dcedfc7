import Foundation

/// The verdict on one snippet.
public struct SnippetTestResult: Sendable {
    public var lesson: Lesson
    public var snippet: Snippet
    public var report: RunReport
    public var failures: [ExpectationFailure]
    /// Why the snippet was not run here (`os=` names another platform);
    /// a skipped snippet neither passes nor fails.
    public var skipped: String?
    /// For an exercise: its starting code already met the goal. `report`
    /// is then the starting code's run, the one that shows why.
    public var startMetGoal = false

    public var passed: Bool { failures.isEmpty }

    public init(lesson: Lesson, snippet: Snippet, report: RunReport, failures: [ExpectationFailure], skipped: String? = nil) {
        self.lesson = lesson
        self.snippet = snippet
        self.report = report
        self.failures = failures
        self.skipped = skipped
    }
}

/// What the tester is doing, for a progress indicator.
public enum TestProgress: Sendable {
    case compiling(done: Int, total: Int)
    case running(done: Int, total: Int, current: String)
}

/// Compiles and runs every snippet of some chapters and checks their
/// expectations.
///
/// Compiles run in parallel. Snippets without a time band run in parallel
/// with each other; snippets with a band run one at a time with nothing
/// else running, so a band is never disturbed by the tester itself.
public struct LessonTester: Sendable {
    public var runner: SnippetRunner
    public var parallelism: Int

    /// `parallelism` defaults to the number of cores.
    public init(runner: SnippetRunner, parallelism: Int? = nil) {
        self.runner = runner
        self.parallelism = max(1, parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    public func test(_ lessons: [Lesson], progress: @escaping @Sendable (TestProgress) -> Void = { _ in }) async -> [SnippetTestResult] {
        let all = lessons.flatMap { lesson in lesson.snippets.map { (lesson, $0) } }
        let work = all.filter { $0.1.runsHere }
        let compiler = runner.compiler
        var done = 0
        progress(.compiling(done: 0, total: work.count))
        await forEach(work, width: parallelism) { item in
            guard item.1.language == .swift else { return }
            _ = await compiler.compile(item.1, lessonPath: item.0.path)
            if let solution = item.1.solutionSnippet { _ = await compiler.compile(solution, lessonPath: item.0.path) }
        } after: {
            done += 1
            progress(.compiling(done: done, total: work.count))
        }
        let timed = work.filter { $0.1.attributes.time != nil && $0.1.attributes.outcome == .success }
        let untimed = work.filter { !($0.1.attributes.time != nil && $0.1.attributes.outcome == .success) }
        var results: [String: SnippetTestResult] = [:]
        var ran = 0
        func key(_ item: (Lesson, Snippet)) -> String { "\(item.0.number)/\(item.1.number)" }
        let runOne: @Sendable ((Lesson, Snippet)) async -> SnippetTestResult = { item in
            let report = await runner.run(item.1, in: item.0)
            // Nothing ran because this machine lacks what the snippet needs.
            if let reason = report.skipped {
                return SnippetTestResult(lesson: item.0, snippet: item.1, report: report, failures: [], skipped: reason)
            }
            var failures = ExpectationChecker.failures(of: item.1, report: report)
            // An exercise's starting code must miss its goal, and its solution meet it.
            if item.1.exercise != nil {
                let startMetGoal = failures.isEmpty
                failures = startMetGoal ? [.startMeetsGoal] : []
                if let solution = item.1.solutionSnippet {
                    let solved = await runner.run(solution, in: item.0)
                    failures += ExpectationChecker.failures(of: solution, report: solved).map { .solutionMisses($0) }
                    // The run worth showing is the one that is wrong: the
                    // starting code's when it already meets the goal.
                    var result = SnippetTestResult(lesson: item.0, snippet: item.1, report: startMetGoal ? report : solved, failures: failures)
                    result.startMetGoal = startMetGoal
                    return result
                }
            }
            return SnippetTestResult(lesson: item.0, snippet: item.1, report: report, failures: failures)
        }
        for (batch, width) in [(untimed, parallelism), (timed, 1)] {
            progress(.running(done: ran, total: work.count, current: ""))
            await forEach(batch, width: width, body: runOne, after: { result in
                ran += 1
                results["\(result.lesson.number)/\(result.snippet.number)"] = result
                progress(.running(done: ran, total: work.count, current: ""))
            })
        }
        for item in all where !item.1.runsHere {
            let platform = item.1.attributes.platform?.rawValue ?? localized("another platform")
            results[key(item)] = SnippetTestResult(lesson: item.0, snippet: item.1, report: RunReport(ending: .exited(code: 0)),
                                                   failures: [], skipped: localized("runs on \(platform) only"))
        }
        return all.compactMap { results[key($0)] }
    }

    /// Runs `body` over `items` with at most `width` at once, calling
    /// `after` with each result on the caller's task.
    private func forEach<Item: Sendable, Output: Sendable>(
        _ items: [Item], width: Int,
        body: @escaping @Sendable (Item) async -> Output,
        after: (Output) -> Void
    ) async {
        await withTaskGroup(of: Output.self) { group in
            var next = 0
            while next < min(width, items.count) {
                let item = items[next]
                group.addTask { await body(item) }
                next += 1
            }
            while let output = await group.next() {
                after(output)
                if next < items.count {
                    let item = items[next]
                    group.addTask { await body(item) }
                    next += 1
                }
            }
        }
    }

    private func forEach<Item: Sendable>(_ items: [Item], width: Int, body: @escaping @Sendable (Item) async -> Void,
                                         after: () -> Void) async {
        await forEach(items, width: width, body: body, after: { (_: Void) in after() })
    }
}
