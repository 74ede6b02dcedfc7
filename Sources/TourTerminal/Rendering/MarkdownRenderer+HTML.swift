/// Raw HTML in a chapter, made harmless: comments and the contents of
/// `<script>` and `<style>` are hidden, `<br>` breaks the line, other tags
/// go and the text between them stays. Nothing here recurses, and each pass
/// is linear in the text.
enum HTMLText {
    enum Inline: Equatable {
        case hidden
        case lineBreak
        /// An opening `<script>` or `<style>`: hide what follows up to the
        /// closing tag of this name.
        case hideUntil(String)
        case text(String)
    }

    /// What an inline HTML node shows.
    static func inline(_ raw: String) -> Inline {
        if raw.hasPrefix("<!--") || raw.hasPrefix("<?") || raw.hasPrefix("<!") { return .hidden }
        guard raw.hasPrefix("<"), let name = tagName(raw) else { return .text(decodeEntities(raw)) }
        if name == "br" { return .lineBreak }
        if !raw.hasPrefix("</"), name == "script" || name == "style" { return .hideUntil(name) }
        return .hidden
    }

    /// The lowercased name of a tag (`<kbd>`, `</KBD>`, `<br/>` → `kbd`, `kbd`, `br`).
    static func tagName(_ tag: String) -> String? {
        var rest = tag.dropFirst()
        if rest.first == "/" { rest = rest.dropFirst() }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return name.isEmpty ? nil : name.lowercased()
    }

    /// The text an HTML block shows, or nil when it shows nothing (a
    /// comment, `<details>` on its own line).
    static func blockText(_ raw: String) -> String? {
        var out = ""
        var rest = Substring(raw)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let tag = rest[open...]
            if tag.hasPrefix("<!--") {
                guard let end = tag.firstRange(of: "-->") else { rest = ""; break }
                rest = tag[end.upperBound...]
                continue
            }
            guard let close = tag.firstIndex(of: ">") else {
                out += tag
                rest = ""
                break
            }
            let whole = String(tag[...close])
            rest = tag[tag.index(after: close)...]
            guard let name = tagName(whole) else {
                if whole.hasPrefix("<!") || whole.hasPrefix("<?") { continue }
                out += whole
                continue
            }
            if name == "br" || name == "p" || name == "div" || name == "summary" || name == "li" || name == "tr" { out += "\n" }
            if !whole.hasPrefix("</"), name == "script" || name == "style" {
                if let end = rest.range(of: "</" + name, options: .caseInsensitive) {
                    rest = rest[end.upperBound...]
                    if let gt = rest.firstIndex(of: ">") { rest = rest[rest.index(after: gt)...] }
                } else {
                    rest = ""
                }
            }
        }
        out += rest
        let lines = decodeEntities(out).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let kept = lines.drop { $0.isEmpty }.reversed().drop { $0.isEmpty }.reversed()
        // Blank lines inside collapse to one.
        var result: [String] = []
        for line in kept where !(line.isEmpty && result.last?.isEmpty == true) { result.append(line) }
        return result.isEmpty ? nil : result.joined(separator: "\n")
    }

    /// The entities an author types most; others stay as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
    }
}
