import ArgumentParser

@main
struct AsyncTour: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "async-tour",
        abstract: "Learn Swift concurrency by running it: chapters, snippets, timings and timelines.",
        discussion: "Without a subcommand, starts the interactive tour.",
        subcommands: [Shell.self, List.self, Run.self, Test.self, Repl.self, Check.self],
        defaultSubcommand: Shell.self
    )
}
