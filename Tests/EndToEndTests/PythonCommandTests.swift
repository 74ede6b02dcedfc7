import Foundation
import Testing
@testable import TourKit

/// Python programs beside Swift ones, through the binary: `run` shows the
/// comparison, `test` skips without python3.
@Suite(.serialized) struct PythonCommandTests {
    static let chapter = """
        # Pairs

        ```python pair=next time=0.25..1
        import asyncio
        async def main():
            await asyncio.gather(*(asyncio.sleep(0.3) for _ in range(3)))
            print("three waits")
        asyncio.run(main())
        ```

        ```output
        three waits
        ```

        ```swift time=0.25..1
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { try? await Task.sleep(for: .milliseconds(300)) } }
        }
        print("three waits")
        ```

        ```output
        three waits
        ```
        """

    static var hasPython: Bool { PythonInterpreter.locate(environment: ProcessInfo.processInfo.environment) != nil }

    @Test(.enabled(if: hasPython)) func runComparesThePairOnOneAxis() throws {
        let directory = try BinaryRunner.fixture(["01-pairs.md": Self.chapter])
        let result = try BinaryRunner.run(["run", "--lessons", directory, "1"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.contains("Python snippet 1 beside Swift snippet 2") })
        let comparison = Array(lines[start...])
        #expect(comparison.contains { $0.hasPrefix("elapsed") && $0.components(separatedBy: " s").count >= 3 })
        #expect(comparison.contains { $0.hasPrefix("peak memory") })
        let headers = comparison.filter { $0.hasPrefix("timeline") }
        #expect(headers.count == 2 && headers[0] == headers[1], "one time axis for both")
        #expect(comparison.contains { $0.hasPrefix("Task-1") }, "the asyncio task's lane")
        for line in lines { #expect(line.count <= 80, "too wide: \(line)") }
    }

    @Test func withoutPythonTestSkipsAndTheSwiftSideStillRuns() throws {
        let directory = try BinaryRunner.fixture(["01-pairs.md": Self.chapter])
        let result = try BinaryRunner.run(["test", "--lessons", directory], environment: ["ASYNC_TOUR_PYTHON": "/nonexistent/python3"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("python3 is not installed"))
        #expect(result.stdout.hasSuffix("1 passed, 0 failed, 1 skipped (Python not available)\n"), "\(result.stdout)")
    }
}
