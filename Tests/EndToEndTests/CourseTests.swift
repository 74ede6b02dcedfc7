import Testing

/// The scripted lesson tests: every snippet of the bundled course compiles,
/// runs and meets its expectations. Timing bands need the machine to
/// themselves, so run `swift test --no-parallel` (the README's command).
@Suite struct CourseTests {
    @Test(.timeLimit(.minutes(10))) func everyChapterPasses() throws {
        let result = try BinaryRunner.run(["test"])
        let summary = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(summary.hasSuffix(" passed, 0 failed"), "\(summary)")
        #expect(!summary.hasPrefix("0 passed"))
    }
}
