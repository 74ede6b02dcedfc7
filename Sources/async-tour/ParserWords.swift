import Foundation
import TourKit
import TourTerminal

/// The words swift-argument-parser prints itself (its section headings,
/// the `--help` flag's line, the frame of an error), in the interface's
/// language. The library has no hook for them, so the text it made is
/// translated line by line; what the tour wrote into it (abstracts, option
/// help, its own errors) is localized already and passes through.
enum ParserWords {
    static func translate(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { translateLine(String($0)) }.joined(separator: "\n")
    }

    /// Built at each use: the words follow the language of the moment.
    private static var headings: [(String, String)] {
        [("OVERVIEW: ", localized("OVERVIEW: ")), ("USAGE: ", localized("USAGE: ")), ("ARGUMENTS:", localized("ARGUMENTS:")),
         ("OPTIONS:", localized("OPTIONS:")), ("SUBCOMMANDS:", localized("SUBCOMMANDS:")), ("Error: ", localized("Error: ")),
         ("Usage: ", localized("Usage: "))]
    }

    static func translateLine(_ line: String) -> String {
        var line = line
        for (english, translated) in headings where line.hasPrefix(english) {
            line = translated + line.dropFirst(english.count)
            break
        }
        line = line.replacingOccurrences(of: "Show help information.", with: localized("Show help information."))
        if let match = line.firstMatch(of: /^(\s*)See '(.+)' for more information\.$/) {
            let command = String(match.output.2)
            return String(match.output.1) + localized("See '\(command)' for more information.")
        }
        if let match = line.firstMatch(of: /^(\s*)See 'async-tour help <subcommand>' for detailed help\.$/) {
            return String(match.output.1) + localized("See 'async-tour help <subcommand>' for detailed help.")
        }
        if let match = line.firstMatch(of: /\(default: ([^)]*)\)/) {
            let value = String(match.output.1)
            line.replaceSubrange(match.range, with: localized("(default: \(value))"))
        }
        if let range = line.range(of: " (default)") {
            // The label column stays where it was: pad by what the words lost.
            let shown = localized(" (default)")
            let lost = max(0, displayWidth(" (default)") - displayWidth(shown))
            line = line[..<range.lowerBound] + shown + String(repeating: " ", count: lost) + line[range.upperBound...]
        }
        for (pattern, make) in errors {
            if let match = line.firstMatch(of: pattern) {
                let value = String(match.output.1)
                line.replaceSubrange(match.range, with: make(value))
                break
            }
        }
        return line
    }

    /// The parser's errors a learner meets, by the value each names.
    private static var errors: [(Regex<(Substring, Substring)>, (String) -> String)] {
        [
        (/Unknown option '([^']*)'/, { localized("Unknown option '\($0)'") }),
        (/Unexpected argument '([^']*)'/, { localized("Unexpected argument '\($0)'") }),
        (/Missing expected argument '([^']*)'/, { localized("Missing expected argument '\($0)'") }),
        (/Missing value for '([^']*)'/, { localized("Missing value for '\($0)'") }),
        ]
    }
}
