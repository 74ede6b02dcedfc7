import Testing
@testable import TourKit

@Suite struct FenceInfoTests {
    func swiftKind(_ info: String) throws -> (SnippetAttributes, Bool) {
        let result = FenceInfo.parse(info, at: 7, in: "x.md")
        guard case .success(.swift(let attributes, let displayOnly, _)) = result else {
            Issue.record("expected a swift snippet for '\(info)', got \(result)")
            throw CancellationError()
        }
        return (attributes, displayOnly)
    }

    func problem(_ info: String) -> LessonProblem? {
        if case .failure(let problem) = FenceInfo.parse(info, at: 7, in: "x.md") { return problem }
        return nil
    }

    @Test func plainSwiftIsARunnableSnippet() throws {
        let (attributes, display) = try swiftKind("swift")
        #expect(!display)
        #expect(attributes == SnippetAttributes())
        #expect(attributes.timeout == 10)
    }

    @Test func everyAttribute() throws {
        #expect(try swiftKind("swift display").1)
        #expect(try swiftKind("swift compile_fail").0.outcome == .compileFail)
        #expect(try swiftKind("swift crash").0.outcome == .crash)
        #expect(try swiftKind("swift times_out timeout=2").0.outcome == .timesOut)
        #expect(try swiftKind("swift mode=5").0.mode == .swift5)
        #expect(try swiftKind("swift mode=6").0.mode == .swift6)
        #expect(try swiftKind("swift server").0.needsServer)
        #expect(try swiftKind("swift timeout=2.5").0.timeout == 2.5)
        #expect(try swiftKind("swift time=0.9..1.4").0.time == TimeBand(lower: 0.9, upper: 1.4))
        #expect(try swiftKind("swift time=..500ms").0.time == TimeBand(lower: nil, upper: 0.5))
        #expect(try swiftKind("swift time=2.8s..").0.time == TimeBand(lower: 2.8, upper: nil))
    }

    @Test func exercisesAndTheirBlocks() {
        guard case .success(.swift(let attributes, false, true)) = FenceInfo.parse("swift exercise time=..1.5", at: 1, in: "x.md") else {
            Issue.record("expected an exercise")
            return
        }
        #expect(attributes.time == TimeBand(lower: nil, upper: 1.5))
        #expect(FenceInfo.parse("hint", at: 1, in: "x.md") == .success(.hint))
        #expect(FenceInfo.parse("solution", at: 1, in: "x.md") == .success(.solution))
        #expect(problem("swift exercise crash")?.message.contains("an exercise's goal is a program that runs") == true)
        #expect(problem("hint 2")?.message.contains("unknown attribute '2' on a hint block") == true)
    }

    @Test func expectationBlocks() {
        #expect(FenceInfo.parse("output", at: 1, in: "x.md") == .success(.output(OutputMatching())))
        #expect(FenceInfo.parse("output unordered pattern", at: 1, in: "x.md")
                == .success(.output(OutputMatching(unordered: true, pattern: true))))
        #expect(FenceInfo.parse("stderr pattern", at: 1, in: "x.md") == .success(.stderr(OutputMatching(pattern: true))))
        #expect(FenceInfo.parse("diagnostics", at: 1, in: "x.md") == .success(.diagnostics))
        #expect(FenceInfo.parse("python", at: 1, in: "x.md") == .success(.python(SnippetAttributes(), displayOnly: false)))
        #expect(FenceInfo.parse("ruby", at: 1, in: "x.md") == .success(.other))
        #expect(FenceInfo.parse("", at: 1, in: "x.md") == .success(.other))
    }

    @Test func unknownAttributeSuggestsTheClosest() throws {
        let found = try #require(problem("swift compile_fial"))
        #expect(found.line == 7)
        #expect(found.message.contains("unknown attribute 'compile_fial'"))
        #expect(found.hint.contains("did you mean 'compile_fail'"))
        #expect(problem("output sorted")?.message.contains("unknown attribute 'sorted'") == true)
    }

    @Test(arguments: ["time=fast", "time=..", "time=1", "time=a..b", "time=nan..1", "time=inf..", "time=1..-inf"])
    func malformedBands(_ attribute: String) throws {
        let found = try #require(problem("swift \(attribute)"))
        #expect(found.message.contains("malformed time band"))
        #expect(found.hint.contains("LOW..HIGH"))
    }

    @Test func contradictionsAreRejected() {
        #expect(problem("swift compile_fail crash") != nil)
        #expect(problem("swift display time=1..2") != nil)
        #expect(problem("swift compile_fail time=1..2") != nil)
        #expect(problem("swift time=1..20")?.message.contains("timeout") == true)
        #expect(problem("swift timeout=0") != nil)
        #expect(problem("swift mode=4") != nil)
    }

    @Test func bandsAreInclusive() {
        let band = TimeBand(lower: 0.9, upper: 1.4)
        #expect(band.contains(0.9) && band.contains(1.4) && band.contains(1.0))
        #expect(!band.contains(0.89) && !band.contains(1.41))
        #expect(band.description == "0.9–1.4 s")
    }

    // Issue 8: these trapped converting Double to UInt64 or Int, or passed.
    @Test(arguments: ["timeout=2e10", "timeout=1e300", "timeout=601", "timeout=0.05", "timeout=50ms", "timeout=0", "timeout=-5"])
    func timeoutsOutOfRange(_ attribute: String) throws {
        let found = try #require(problem("swift \(attribute)"))
        #expect(found.message == "\(attribute) is out of range")
        #expect(found.hint == "a timeout is 0.1 to 600 seconds")
        #expect(found.line == 7)
    }

    @Test(arguments: ["time=1e16..", "time=..601", "time=-1..2", "time=0..1e300", "time=..2e10ms"])
    func bandsOutOfRange(_ attribute: String) throws {
        let found = try #require(problem("swift \(attribute)"))
        #expect(found.message.hasSuffix("is out of range"))
        #expect(found.hint == "each end is 0 to 600 seconds")
    }

    @Test(arguments: ["time=2..1", "time=1.4..0.9", "time=900ms..0.5s"])
    func reversedBands(_ attribute: String) throws {
        let found = try #require(problem("swift \(attribute)"))
        #expect(found.message.contains("low end above its high end"))
    }

    @Test func rangesIncludeTheirEnds() throws {
        #expect(try swiftKind("swift timeout=0.1").0.timeout == 0.1)
        #expect(try swiftKind("swift timeout=600").0.timeout == 600)
        #expect(problem("swift timeout=600.001") != nil)
        #expect(problem("swift timeout=0.0999") != nil)
        #expect(problem("swift time=..600.001 timeout=600") != nil)
        #expect(try swiftKind("swift timeout=100ms").0.timeout == 0.1)
        #expect(try swiftKind("swift time=0..599 timeout=600").0.time == TimeBand(lower: 0, upper: 599))
        #expect(try swiftKind("swift times_out time=600.. timeout=600").0.time == TimeBand(lower: 600, upper: nil))
    }

    @Test func quotedWordsCannotCarryControlCharacters() throws {
        let found = try #require(problem("swift \u{1B}]0;title\u{07}\u{1B}[2J"))
        #expect(!found.message.unicodeScalars.contains { $0.value < 0x20 })
        #expect(found.message.contains("'\\u{1B}]0;title\\u{7}\\u{1B}[2J'"))
        let long = try #require(problem("swift " + String(repeating: "x", count: 10_000)))
        #expect(long.message.count < 300)
        #expect(long.message.contains("(9880 more characters)"))
    }
}

@Suite struct MemoryAttributeTests {
    func parse(_ info: String) -> Result<FenceInfo.Kind, LessonProblem> {
        FenceInfo.parse(info, at: 3, in: "/l/01-x.md")
    }

    @Test func memoryTakesASize() {
        guard case .success(.swift(let attributes, _, _)) = parse("swift memory=2G") else {
            Issue.record("memory=2G should parse")
            return
        }
        #expect(attributes.memoryLimit == 2 << 30)
        guard case .success(.swift(let small, _, _)) = parse("swift memory=512M") else { return }
        #expect(small.memoryLimit == 512 << 20)
    }

    @Test func badSizesAreRefusedWithWhatWouldWork() {
        for value in ["2", "2T", "-1G", "1e300G", "nanG", "8M", "17G", "G"] {
            guard case .failure(let problem) = parse("swift memory=\(value)") else {
                Issue.record("memory=\(value) should be refused")
                continue
            }
            #expect(problem.hint.contains("16M to 16G"))
        }
    }
}
