/// Where Async Tour keeps its files, after the XDG base directory spec.
public struct StatePaths: Sendable, Equatable {
    /// Compiled snippets: `$XDG_CACHE_HOME/async-tour` or `~/.cache/async-tour`.
    public var cacheDirectory: String
    /// History and progress: `$XDG_STATE_HOME/async-tour` or `~/.local/state/async-tour`.
    public var stateDirectory: String

    public init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        func base(_ variable: String, _ fallback: String) -> String {
            // The spec says relative paths are invalid and must be ignored.
            if let value = environment[variable], value.hasPrefix("/") { return value }
            return home + fallback
        }
        cacheDirectory = base("XDG_CACHE_HOME", "/.cache") + "/async-tour"
        stateDirectory = base("XDG_STATE_HOME", "/.local/state") + "/async-tour"
    }
}
