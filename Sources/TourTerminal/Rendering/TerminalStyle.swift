/// What the terminal can show, chosen once at start.
///
/// - Colour: on for a terminal, off when `NO_COLOR` is set and not empty,
///   when `TERM` is `dumb`, or when output is not a terminal.
/// - Unicode: on unless `TERM` is `dumb` or the locale (`LC_ALL`, then
///   `LC_CTYPE`, then `LANG`) is set and does not name UTF-8; an unset locale
///   counts as UTF-8, as on most current systems.
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

    public static func detect(isTTY: Bool, environment: [String: String], width: Int?) -> TerminalStyle {
        let term = environment["TERM"] ?? ""
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let color = isTTY && !noColor && term != "dumb"
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        let utf8 = locale.map { $0.lowercased().filter { $0 != "-" }.contains("utf8") } ?? true
        let unicode = term != "dumb" && utf8
        let columns = width ?? environment["COLUMNS"].flatMap { Int($0) } ?? 80
        return TerminalStyle(width: min(200, max(40, columns)), color: color, unicode: unicode)
    }

    /// Wraps `text` in an SGR sequence when colour is on, line by line, so
    /// that no colour runs into a margin drawn later.
    public func paint(_ text: String, _ codes: String) -> String {
        guard color, !text.isEmpty else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "\u{1B}[\(codes)m\($0)\u{1B}[0m" }
            .joined(separator: "\n")
    }
}
