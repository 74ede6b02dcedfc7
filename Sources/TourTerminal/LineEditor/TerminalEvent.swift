/// What the terminal says to the shell, on ``LineEditor/events``.
public enum TerminalEvent: Sendable, Equatable {
    /// A line the learner entered, without its newline.
    case line(String)
    /// Ctrl-D on an empty line, or the end of piped input. Reading may go on
    /// (a REPL inside the shell ends on Ctrl-D; the shell does not).
    case endOfInput
    /// Ctrl-C (SIGINT), whenever it comes. If a line was being read, the
    /// line editor has already dropped what was typed and prompts again, so
    /// at the prompt the shell may ignore this. While no line is being read
    /// (a snippet is running) it means "stop the run".
    case interrupt
    /// SIGTERM or SIGHUP: save and leave.
    case terminate
    /// The terminal changed size (SIGWINCH).
    case resize
}
