import TourKit

/// The REPL inside the tour: the one REPL (``ReplLoop``), on the shell's
/// terminal, sharing its line editor and its stream of events.
extension ShellInterpreter: ReplTerminal {
    /// Runs the REPL until `:quit` or Ctrl-D; SIGTERM or SIGHUP during it
    /// ends the tour too.
    public func runRepl() async {
        let paths = StatePaths(environment: environment)
        if await ReplLoop.run(terminal: self, toolchain: runner.compiler.toolchain, paths: paths, environment: environment) {
            terminating = true
        }
    }

    public func write(_ text: String) { TerminalOutput.write(text) }

    public func readLine(prompt: String, history: History) async -> TerminalEvent? {
        editor.requestLine(prompt: prompt, recordsHistory: false, history: history, endsOnInterrupt: true)
        return await nextTerminalEvent(interrupts: true)
    }

    public func whileRunning<T: Sendable>(_ body: @escaping @Sendable () async -> T,
                                          onInterrupt: @escaping @Sendable () -> Void) async -> (T, terminate: Bool) {
        await editor.whileRunning(keepTyping: true) {
            let post = self.post
            let task = Task {
                let result = await body()
                post.yield(.runFinished)
                return result
            }
            var terminate = false
            while let event = await iterator.next() {
                if case .runFinished = event { break }
                if case .terminal(.interrupt) = event { onInterrupt() }
                if case .terminal(.terminate) = event {
                    terminate = true
                    onInterrupt()
                }
            }
            return (await task.value, terminate)
        }
    }
}
