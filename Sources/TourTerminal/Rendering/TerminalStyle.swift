/// What the terminal can show, chosen once at start.
///
/// - Colour: off when `NO_COLOR` is set and not empty (it wins over
///   everything); else on when `CLICOLOR_FORCE` is set to anything but
///   `0` (for `async-tour … | less -R`); else on only when output is a
///   terminal and `TERM` is not `dumb`.
/// - Unicode: on unless `TERM` is `dumb` or the locale does not name UTF-8.
///   The locale is the first non-empty one of `LC_ALL`, `LC_CTYPE`, `LANG`
///   (POSIX precedence); `C.UTF-8`, `en_US.utf8` and the like name UTF-8,
///   `C` and `POSIX` do not. No locale at all counts as UTF-8, as current
///   terminals are.
/// - Width: the given width, else `COLUMNS`, else 80, kept within 40…200.
public struct TerminalStyle: Sendable, Equatable {
    public var width: Int
    public var color: Bool
    public var unicode: Bool

    public init(width: Int, color: Bool, unicode: Bool) {
        self.width = width
        self.color = color
        self.unicode = unicode
    }

    /// 80 columns, no colour, ASCII: what tests and pipes see.
    public static let plain = TerminalStyle(width: 80, color: false, unicode: false)

    /// The widths ``detect(isTTY:environment:width:)`` keeps to.
    public static let widthRange = 40...200

    public static func detect(isTTY: Bool, environment: [String: String], width: Int?) -> TerminalStyle {
        let term = environment["TERM"] ?? ""
        let columns = width ?? environment["COLUMNS"].flatMap { Int($0) } ?? 80
        return TerminalStyle(
            width: min(widthRange.upperBound, max(widthRange.lowerBound, columns)),
            color: detectColor(isTTY: isTTY, term: term, environment: environment),
            unicode: term != "dumb" && localeIsUTF8(environment)
        )
    }

    private static func detectColor(isTTY: Bool, term: String, environment: [String: String]) -> Bool {
        if !(environment["NO_COLOR"] ?? "").isEmpty { return false }
        if let force = environment["CLICOLOR_FORCE"], !force.isEmpty, force != "0" { return true }
        return isTTY && term != "dumb"
    }

    private static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        guard let locale else { return true }
        return locale.lowercased().filter { $0 != "-" && $0 != "_" }.contains("utf8")
    }

    /// Wraps `text` in an SGR sequence when colour is on, line by line, so
    /// that no colour runs into a margin drawn later. `codes` is the SGR
    /// parameter list, such as `"1;36"` for bold cyan; empty for none.
    public func paint(_ text: String, _ codes: String) -> String {
        guard color, !text.isEmpty, !codes.isEmpty else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : SGR.sequence(codes) + $0 + SGR.reset }
            .joined(separator: "\n")
    }
}

/// SGR parameters used across the renderers, so that every part of the
/// screen speaks the same visual language.
enum SGR {
    static let bold = "1"
    static let dim = "2"
    static let italic = "3"
    static let underline = "4"
    static let strike = "9"
    static let red = "31"
    static let green = "32"
    static let yellow = "33"
    static let magenta = "35"
    static let cyan = "36"

    static let reset = "\u{1B}[0m"

    static func sequence(_ codes: String) -> String { "\u{1B}[\(codes)m" }

    /// `outer` and `inner` together, for nested styles.
    static func combine(_ outer: String, _ inner: String) -> String {
        outer.isEmpty ? inner : inner.isEmpty ? outer : outer + ";" + inner
    }

    /// The same line with fewer escape sequences: neighbouring runs in the
    /// same style become one run. Each run is opened after a reset, as
    /// ``TerminalStyle/paint(_:_:)`` makes them; a style opened inside
    /// another adds to it.
    static func merge(_ line: String) -> String {
        guard line.contains("\u{1B}") else { return line }
        var runs: [(codes: String, text: String)] = []
        var codes = ""
        var rest = Substring(line)
        while let escape = rest.firstIndex(of: "\u{1B}") {
            append(String(rest[..<escape]), codes, to: &runs)
            let body = rest[rest.index(after: escape)...]
            guard body.hasPrefix("["), let end = body.firstIndex(of: "m") else {
                // Not an SGR sequence of ours: keep the rest as it is.
                append(String(rest[escape...]), codes, to: &runs)
                rest = ""
                break
            }
            let parameters = body[body.index(after: body.startIndex)..<end]
            codes = parameters == "0" || parameters.isEmpty ? "" : combine(codes, String(parameters))
            rest = body[body.index(after: end)...]
        }
        append(String(rest), codes, to: &runs)
        return runs.map { $0.codes.isEmpty ? $0.text : sequence($0.codes) + $0.text + reset }.joined()
    }

    private static func append(_ text: String, _ codes: String, to runs: inout [(codes: String, text: String)]) {
        guard !text.isEmpty else { return }
        if let last = runs.last, last.codes == codes {
            runs[runs.count - 1].text += text
        } else {
            runs.append((codes, text))
        }
    }
}
