import Foundation
import ArgumentParser
import TourKit
import TourTerminal

@main
struct AsyncTour: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "async-tour",
        abstract: HelpText.abstract(localized("Learn Swift concurrency by running it: chapters, snippets, timings and timelines.")),
        discussion: HelpText.discussion(localized("""
            Without a subcommand, starts the interactive tour.

            Your place, progress, history and your copies of snippets are kept in $XDG_STATE_HOME/async-tour \
            (~/.local/state/async-tour); compiled snippets in $XDG_CACHE_HOME/async-tour (~/.cache/async-tour). \
            NO_COLOR=1 turns colour off; under LANG=C or TERM=dumb the tour draws in ASCII.

            Shell completion: async-tour --generate-completion-script bash|zsh|fish (see the README).
            """)),
        subcommands: [Shell.self, List.self, Run.self, Test.self, Repl.self, Check.self],
        defaultSubcommand: Shell.self
    )

    /// A mistyped subcommand would otherwise reach the default one, `shell`,
    /// and be reported as an argument that `shell` does not take.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let language = LanguageSetting.choose(arguments: arguments, environment: ProcessInfo.processInfo.environment)
        Language.current = language.language
        if let note = language.note { Platform.printError(localized("note: \(note)")) }
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.map { $0.configuration.commandName ?? _typeName($0, qualified: false).lowercased() }
                + ["help"]
            if !names.contains(first) {
                let shown = Sanitizer.inline(first, unicode: TerminalOutput.unicode)
                let commands = names.filter { $0 != "help" }.joined(separator: ", ")
                let unknown = closestMatch(to: first, in: names).map { localized("error: unknown command '\(shown)'. Did you mean '\($0)'?") }
                    ?? localized("error: unknown command '\(shown)'.")
                Platform.printError(unknown + "\n" + localized("The commands are \(commands); 'async-tour --help' explains them."))
                exit(withError: ExitCode(64))
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            guard Language.current != .english else { exit(withError: error) }
            // swift-argument-parser words its help and its errors in
            // English; in another language they are translated here.
            let message = ParserWords.translate(fullMessage(for: error))
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success { Platform.write(message + "\n") } else { Platform.printError(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
