/// One way a run differs from what its chapter expects, as data. The
/// terminal's `FailurePresenter` words it (and shortens the chapter's path)
/// in one place, for `test`, `run`, the shell and `check`.
public indirect enum ExpectationFailure: Sendable, Equatable {
    /// Nothing ran: the runner could not start the program.
    case couldNotRun(reason: String)
    /// A `compile_fail` snippet's errors lack a line its chapter expects.
    case missingDiagnostic(String, diagnostics: String)
    /// A `compile_fail` snippet compiled.
    case compiled
    /// A snippet that should run did not compile.
    case didNotCompile(diagnostics: String)
    /// The run did not end as the snippet's outcome says. `summary` is the
    /// report's own sentence about its ending (nil for a clean exit).
    case ending(expected: ExpectedOutcome, summary: String?, finished: Bool, elapsed: Double)
    /// The elapsed time is outside the snippet's band.
    case time(elapsed: Double, band: TimeBand)
    case output(OutputMismatch)
    case trace(TraceMismatch)
    /// Standard error lacks a line (they are looked for in order).
    case stderrLacks(String, stderr: [String])
    /// An exercise's starting code already meets its goal.
    case startMeetsGoal
    /// An exercise's solution misses its goal this way.
    case solutionMisses(ExpectationFailure)
}

/// How printed lines differ from an `output` block.
public struct OutputMismatch: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// In order: the first line that differs (1-based), nil where one
        /// side has no more lines.
        case ordered(line: Int, expected: String?, actual: String?)
        /// In any order (by groups, the groups in order, when `grouped`).
        case unordered(missing: [String], unexpected: [String], grouped: Bool)
    }

    public var kind: Kind
    public var expected: [String]
    public var actual: [String]

    public init(kind: Kind, expected: [String], actual: [String]) {
        self.kind = kind
        self.expected = expected
        self.actual = actual
    }
}

/// A trace claim the run's trace does not bear out.
public struct TraceMismatch: Sendable, Equatable {
    public enum Measured: Sendable, Equatable {
        case cpu(cpu: Double, elapsed: Double, above: Bool)
        /// `cores` is set when the claim counted in cores.
        case count(TraceExpectation.Measure, actual: Int, cores: Int?)
        /// How long at least `threads` threads were busy at once.
        case threadsBusy(threads: Int, seconds: Double, cores: Int?)
    }

    /// The claim as the chapter wrote it.
    public var claim: String
    public var measured: Measured

    public init(claim: String, measured: Measured) {
        self.claim = claim
        self.measured = measured
    }
}
