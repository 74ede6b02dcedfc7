import Foundation
import TourKit
import TourTerminal

/// Wiring: the interactive tour is TourTerminal's ``ShellInterpreter`` over
/// TourKit's ``TourState``; this type adds the REPL (TourShell+Repl.swift)
/// and hands it what it uses.
final class TourShell {
    let interpreter: ShellInterpreter

    init(library: LessonLibrary, runner: SnippetRunner, paths: StatePaths, saveWhenPiped: Bool = false) {
        interpreter = ShellInterpreter(library: library, runner: runner, paths: paths, saveWhenPiped: saveWhenPiped)
        interpreter.repl = { [weak self] in await self?.repl() }
    }

    func run() async {
        await interpreter.run()
    }

    /// The REPL on its own, for `async-tour repl`.
    func runREPL() async {
        await repl()
        await interpreter.stopBackgroundWork()
        interpreter.finish(farewell: localized("Bye."))
    }

    // What the REPL uses of the shell.
    var runner: SnippetRunner { interpreter.runner }
    var editor: LineEditor { interpreter.editor }
    var style: TerminalStyle { interpreter.style }
    var interactive: Bool { interpreter.interactive }
    var terminating: Bool {
        get { interpreter.terminating }
        set { interpreter.terminating = newValue }
    }
    func say(_ text: String) { interpreter.say(text) }
    func wrapped(_ text: String) -> String { interpreter.wrapped(text) }
    func nextTerminalEvent(interrupts: Bool = false) async -> TerminalEvent? {
        await interpreter.nextTerminalEvent(interrupts: interrupts)
    }
    func execute(_ snippet: Snippet, in lesson: Lesson, label: String?, check: Bool,
                 keepTyping: Bool = false) async -> (Bool, RunReport) {
        await interpreter.execute(snippet, in: lesson, label: label, check: check, keepTyping: keepTyping)
    }
}
