import ArgumentParser
import Foundation
import TourKit
import TourTerminal

/// The compiler, cache and runner that every command shares.
struct TourSetup {
    var runner: SnippetRunner
    /// The terminal's style now: its width changes when it is resized.
    var currentStyle: @Sendable () -> TerminalStyle
    var style: TerminalStyle { currentStyle() }

    static func make() async throws -> TourSetup {
        // Orphans of a snippet that cleared its environment are found only
        // as children the tour adopted; in the tour's own process every
        // such child is one.
        ProcessTree.sweepUnmarkedOrphans(true)
        let environment = ProcessInfo.processInfo.environment
        let cache = StatePaths(environment: environment).cacheDirectory
        do {
            let toolchain = try await Toolchain.discover(environment: environment, cacheDirectory: cache)
            let compiler = SnippetCompiler(toolchain: toolchain, cacheDirectory: cache, environment: environment)
            let isTTY = Platform.stdoutIsTerminal
            let currentStyle = { @Sendable in TerminalStyle.detect(isTTY: isTTY, environment: environment, width: terminalWidth()) }
            let runner = SnippetRunner(compiler: compiler, environment: environment,
                                       serverProvider: { try await ServerProcess.shared.baseURL() })
            return TourSetup(runner: runner, currentStyle: currentStyle)
        } catch {
            let reason = Sanitizer.sanitize("\(error)", unicode: TerminalOutput.unicode)
            Platform.printError(localized("error: \(reason)"))
            throw ExitCode(3)
        }
    }
}
