/// The REPL inside the tour lives in TourTerminal (`ShellInterpreter.runRepl`).
extension TourShell {
    func repl() async { await interpreter.runRepl() }
}
