/// One runnable Swift program in a chapter, with everything the chapter
/// says about how it must behave.
public struct Snippet: Sendable, Equatable {
    /// 1-based position among the chapter's runnable snippets.
    public var number: Int
    /// The program, compiled unchanged as its own `main.swift`.
    public var code: String
    /// Markdown line of the opening fence; the code starts on the next line.
    public var fenceLine: Int
    public var attributes: SnippetAttributes
    public var expectations: SnippetExpectations
    /// Set when the snippet is an exercise: its code is the starting point,
    /// and its expectations are the goal.
    public var exercise: Exercise?

    public init(number: Int, code: String, fenceLine: Int,
                attributes: SnippetAttributes = SnippetAttributes(),
                expectations: SnippetExpectations = SnippetExpectations()) {
        self.number = number
        self.code = code
        self.fenceLine = fenceLine
        self.attributes = attributes
        self.expectations = expectations
    }

    /// Markdown line of the first line of code.
    public var firstCodeLine: Int { fenceLine + 1 }

    /// The solution as a snippet with the same goal, for checking it.
    public var solutionSnippet: Snippet? {
        guard let exercise, let solution = exercise.solution else { return nil }
        var copy = self
        copy.code = solution
        copy.fenceLine = exercise.solutionLine
        copy.exercise = nil
        return copy
    }
}

/// An exercise: starting code that misses its goal, hints revealed one at a
/// time, and a solution that meets it.
public struct Exercise: Sendable, Equatable {
    public var hints: [String] = []
    public var solution: String?
    /// Markdown line of the solution's opening fence.
    public var solutionLine: Int = 0

    public init(hints: [String] = [], solution: String? = nil, solutionLine: Int = 0) {
        self.hints = hints
        self.solution = solution
        self.solutionLine = solutionLine
    }
}

/// How a snippet is meant to end.
public enum ExpectedOutcome: String, Sendable, Equatable, CaseIterable {
    /// Compiles, runs, exits with status 0.
    case success
    /// Must not compile; see ``SnippetExpectations/diagnostics``.
    case compileFail = "compile_fail"
    /// Must end by a signal or a non-zero exit status.
    case crash
    /// Must still be running when its timeout stops it.
    case timesOut = "times_out"
}

public enum LanguageMode: String, Sendable, Equatable {
    case swift5 = "5"
    case swift6 = "6"
}

/// A closed or half-open band of elapsed seconds, e.g. `0.9..1.4`.
public struct TimeBand: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ seconds: Double) -> Bool {
        if let lower, seconds < lower { return false }
        if let upper, seconds > upper { return false }
        return true
    }

    public var description: String {
        switch (lower, upper) {
        case let (l?, u?): return "\(TimeBand.format(l))–\(TimeBand.format(u)) s"
        case let (l?, nil): return "at least \(TimeBand.format(l)) s"
        case let (nil, u?): return "at most \(TimeBand.format(u)) s"
        case (nil, nil): return "any time"
        }
    }

    public static func format(_ value: Double) -> String {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

/// The fence attributes of a snippet: ```` ```swift time=0.9..1.4 timeout=5 ````.
public struct SnippetAttributes: Sendable, Equatable {
    public var outcome: ExpectedOutcome = .success
    public var time: TimeBand?
    /// Seconds before the run is stopped.
    public var timeout: Double = SnippetAttributes.defaultTimeout
    public var mode: LanguageMode = .swift6
    /// The run needs the local HTTP server of the networking chapter.
    public var needsServer = false
    /// Resident memory the program may use (`memory=`), in bytes; nil for
    /// the runner's default (1 GiB).
    public var memoryLimit: Int?
    /// The bytes `memory=` accepts: 16 MiB (a Swift program needs about 10)
    /// to 16 GiB.
    public static let memoryRange: ClosedRange<Int> = (16 << 20)...(16 << 30)

    public static let defaultTimeout: Double = 10
    /// The seconds `timeout=` accepts. Below 0.1 s even a trivial program
    /// cannot start; above 10 minutes a stuck snippet holds the learner too
    /// long. Every later conversion (nanosecond deadlines, milliseconds in
    /// reports) stays far from overflow within this range.
    public static let timeoutRange: ClosedRange<Double> = 0.1...600
    /// The seconds either end of `time=` accepts: at most the longest timeout.
    public static let timeBandRange: ClosedRange<Double> = 0...600

    public init() {}
}

/// How output lines are compared with the expected ones.
public struct OutputMatching: Sendable, Equatable {
    /// Lines may come in any order.
    public var unordered = false
    /// `...` inside a line matches any text; a line that is only `...`
    /// matches any number of lines.
    public var pattern = false

    public init(unordered: Bool = false, pattern: Bool = false) {
        self.unordered = unordered
        self.pattern = pattern
    }
}

public struct ExpectedLines: Sendable, Equatable {
    public var lines: [String]
    public var matching: OutputMatching
    /// Markdown line of the block's opening fence.
    public var line: Int

    public init(lines: [String], matching: OutputMatching = OutputMatching(), line: Int) {
        self.lines = lines
        self.matching = matching
        self.line = line
    }
}

/// What the blocks after a snippet say it must print.
public struct SnippetExpectations: Sendable, Equatable {
    /// ```` ```output ````: what the program prints on standard output.
    public var output: ExpectedLines?
    /// ```` ```stderr ````: lines that must appear on standard error.
    public var stderr: ExpectedLines?
    /// ```` ```diagnostics ````: text that must appear in the compiler's errors.
    public var diagnostics: ExpectedLines?
    /// ```` ```trace ````: what the runtime trace must show.
    public var trace: [TraceExpectation] = []

    public init(output: ExpectedLines? = nil, stderr: ExpectedLines? = nil, diagnostics: ExpectedLines? = nil) {
        self.output = output
        self.stderr = stderr
        self.diagnostics = diagnostics
    }

    public var isEmpty: Bool { output == nil && stderr == nil && diagnostics == nil && trace.isEmpty }
}
