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
    /// The chapter's ```` ```swift prelude ```` in force where the snippet
    /// stands: compiled before its code, never shown with it.
    public var prelude: Prelude?
    /// What the program reads on standard input (a ```` ```stdin ```` block);
    /// nil for an empty standard input.
    public var stdin: String?
    /// The language the program is written in: Swift, or Python 3 run
    /// beside it (a ```` ```python ```` fence).
    public var language: SnippetLanguage = .swift
    /// For a Python snippet with `pair=`: the number of the Swift snippet
    /// of the same chapter that retells it.
    public var pairedWith: Int?
    /// In a translated chapter: each piece of code shown here (the code,
    /// the solution, the prelude) mapped to the original's, which differs
    /// in its comments only (``TranslationParity``). The original is what
    /// is compiled, so both languages share one build, and a line number
    /// means the same in either. Keyed by the text itself, so code changed
    /// since (the learner's copy, a solution put in the code's place) maps
    /// to nothing and is compiled as it is.
    public var originals: [String: String] = [:]

    /// The Swift to compile for `text`, a piece of this snippet's code.
    public func buildSource(for text: String) -> String {
        originals[text] ?? text
    }

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

    /// Whether the program declares its own entry point (`@main`): it is
    /// then compiled as a library, with the harness's entry point in front.
    public var hasMainAttribute: Bool { Snippet.declaresMain(code) }

    static func declaresMain(_ code: String) -> Bool {
        code.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("@main") else { return false }
            let after = trimmed.dropFirst(5).first
            return after == nil || !(after!.isLetter || after!.isNumber || after == "_")
        }
    }

    /// Whether the snippet runs on this platform (`os=`).
    public var runsHere: Bool { attributes.platform.map { $0 == .current } ?? true }

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

/// The languages a runnable snippet may be written in.
public enum SnippetLanguage: String, Sendable, Equatable {
    case swift
    /// Run with `python3` under the Python harness (``PythonHarness``).
    case python
}

/// Setup code shared by the snippets after it: ```` ```swift prelude ````.
public struct Prelude: Sendable, Equatable {
    public var code: String
    /// Markdown line of the prelude's opening fence.
    public var fenceLine: Int

    public init(code: String, fenceLine: Int) {
        self.code = code
        self.fenceLine = fenceLine
    }
}

/// The operating systems a snippet or an expectation can be limited to.
public enum TargetPlatform: String, Sendable, Equatable, CaseIterable {
    case linux
    case darwin

    /// The platform the tour runs on.
    public static var current: TargetPlatform {
        #if os(Linux)
        return .linux
        #else
        return .darwin
        #endif
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
        case let (l?, nil): return localized("at least \(TimeBand.format(l)) s")
        case let (nil, u?): return localized("at most \(TimeBand.format(u)) s")
        case (nil, nil): return localized("any time")
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
    /// `os=linux` or `os=darwin`: the snippet runs only there, and is
    /// skipped (and counted as skipped) elsewhere.
    public var platform: TargetPlatform?
    /// `optimize`: compile with `-O` instead of `-Onone`.
    public var optimize = false
    /// `sanitize=thread` or `sanitize=address`.
    public var sanitizer: String?
    /// `isolation=MainActor` or `isolation=nonisolated`: `-default-isolation`.
    public var defaultIsolation: String?
    /// `upcoming=A,B`: `-enable-upcoming-feature` for each.
    public var upcomingFeatures: [String] = []
    /// `requires=aiohttp,…` on a Python snippet: modules that must be
    /// importable, or the snippet is skipped with the package to install.
    public var requiredModules: [String] = []
    /// `pair=` on a Python snippet, as written: `next`, `previous` or a
    /// Swift snippet's number; the collector resolves it to
    /// ``Snippet/pairedWith``.
    public var pair: String?

    /// The values the compiler attributes accept.
    public static let sanitizers = ["thread", "address"]
    public static let isolations = ["MainActor", "nonisolated"]
    /// Upcoming features a snippet may turn on: the ones of Swift 6.x that
    /// change what concurrency code means or whether it compiles.
    public static let upcomingFeatureNames = [
        "NonisolatedNonsendingByDefault", "InferIsolatedConformances", "ExistentialAny", "MemberImportVisibility",
        "InternalImportsByDefault", "InferSendableFromCaptures", "GlobalActorIsolatedTypesUsability",
        "DisableOutwardActorInference", "IsolatedDefaultValues", "GlobalConcurrency", "RegionBasedIsolation",
        "DynamicActorIsolation", "StrictConcurrency",
    ]
    /// At most this many features on one snippet.
    public static let maxUpcomingFeatures = 8

    /// The compiler flags these attributes stand for, in a fixed order (they
    /// are part of the cache key).
    public var compilerFlags: [String] {
        var flags = [optimize ? "-O" : "-Onone"]
        if let sanitizer { flags.append("-sanitize=\(sanitizer)") }
        if let defaultIsolation { flags += ["-default-isolation", defaultIsolation] }
        for feature in upcomingFeatures { flags += ["-enable-upcoming-feature", feature] }
        return flags
    }

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
    /// `os=`: the block applies only on that platform.
    public var platform: TargetPlatform?

    public init(unordered: Bool = false, pattern: Bool = false, platform: TargetPlatform? = nil) {
        self.unordered = unordered
        self.pattern = pattern
        self.platform = platform
    }
}

public struct ExpectedLines: Sendable, Equatable {
    /// In an unordered block, a line that is only `---` ends a group: the
    /// lines of each group come in any order, the groups in order. `\---`
    /// is a literal `---`.
    public static let groupSeparator = "---"
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
