import TourKit

extension MarkdownRenderer {
    /// A word as it will be printed, styled.
    struct Token {
        var text: String
        var width: Int
        /// A line break forced by the source (`  \n`).
        var isBreak = false
        /// What goes between this token and the one before it on a line:
        /// a space (styled like the text around it) or nothing, between two
        /// Chinese or Japanese characters.
        var gap = " "
    }

    /// A piece of text and the SGR parameters it is shown with.
    private struct Run {
        var text: String
        var codes: String
        /// Whether a line may break at the spaces inside.
        var breakable = true
        /// A line break of the source inside a paragraph (`text` is a space).
        var isSoftBreak = false
    }

    /// Inline content as words, each styled on its own so a wrap never
    /// splits a style. Text between wide (CJK) characters may break anywhere.
    func tokens(_ inlines: [MarkdownInline], base: String = "") -> [Token] {
        var runs: [Run] = []
        flatten(inlines, codes: base, into: &runs)
        var builder = TokenBuilder(style: style)
        for run in runs {
            if run.text == "\n" {
                builder.lineBreak()
            } else if run.isSoftBreak {
                builder.softBreak(codes: run.codes)
            } else {
                builder.add(prose(run.text), codes: run.codes, breakable: run.breakable)
            }
        }
        return builder.finish()
    }

    private func flatten(_ inlines: [MarkdownInline], codes: String, into runs: inout [Run]) {
        var hiddenUntil: String?
        func around(_ marker: String, _ inner: [MarkdownInline], _ sgr: String) {
            if style.color {
                flatten(inner, codes: SGR.combine(codes, sgr), into: &runs)
            } else {
                runs.append(Run(text: marker, codes: codes))
                flatten(inner, codes: codes, into: &runs)
                runs.append(Run(text: marker, codes: codes))
            }
        }
        for inline in inlines {
            // Inside <script> or <style> nothing is shown.
            if let closing = hiddenUntil {
                if case .html(let tag) = inline, HTMLText.tagName(tag) == closing { hiddenUntil = nil }
                continue
            }
            switch inline {
            case .text(let text): runs.append(Run(text: text, codes: codes))
            case .code(let text):
                // Short code stays on one line; long code may wrap at its spaces.
                let span = codeSpan(text)
                runs.append(Run(text: span, codes: SGR.combine(codes, SGR.yellow), breakable: displayWidth(span) > 24))
            case .emphasis(let inner): around("_", inner, SGR.italic)
            case .strong(let inner): around("*", inner, SGR.bold)
            case .strikethrough(let inner): around("~~", inner, SGR.strike)
            case .link(let text, let destination):
                if let article = Self.docArticle(destination), text.plainText == destination {
                    // DocC's <doc:Name>: the article's name, as DocC shows it.
                    runs.append(Run(text: article, codes: SGR.combine(codes, SGR.underline)))
                    continue
                }
                flatten(text, codes: SGR.combine(codes, SGR.underline), into: &runs)
                if let chapter = Self.chapterReference(destination) {
                    runs.append(Run(text: localized(" (\(chapter))"), codes: SGR.combine(codes, SGR.dim)))
                } else if Self.showsDestination(destination, of: text) {
                    runs.append(Run(text: " <\(destination)>", codes: SGR.combine(codes, SGR.dim)))
                }
            case .image(let alt, let source):
                let described = alt.plainText
                runs.append(Run(text: localized("[image: \(described)] <\(source)>"), codes: SGR.combine(codes, SGR.dim)))
            case .html(let tag):
                switch HTMLText.inline(tag) {
                case .hidden: break
                case .lineBreak: runs.append(Run(text: "\n", codes: codes))
                case .hideUntil(let closing): hiddenUntil = closing
                case .text(let text): runs.append(Run(text: text, codes: SGR.combine(codes, SGR.dim)))
                }
            case .footnoteReference(let label):
                runs.append(Run(text: "[\(label)]", codes: SGR.combine(codes, SGR.dim), breakable: false))
            case .task(let checked):
                let box = style.unicode ? (checked ? "☑" : "☐") : (checked ? "[x]" : "[ ]")
                runs.append(Run(text: box + " ", codes: codes))
            case .softBreak: runs.append(Run(text: " ", codes: codes, isSoftBreak: true))
            case .lineBreak: runs.append(Run(text: "\n", codes: codes))
            }
        }
    }

    /// Inline code: coloured, or in plain text between backticks, as
    /// markdown writes it: ``` `` `x` `` ``` for code that holds backticks.
    private func codeSpan(_ text: String) -> String {
        guard !style.color else { return text }
        var runs: Set<Int> = [], current = 0
        for character in text + " " {
            if character == "`" {
                current += 1
            } else {
                if current > 0 { runs.insert(current) }
                current = 0
            }
        }
        var length = runs.isEmpty ? 1 : 2
        while runs.contains(length) { length += 1 }
        let fence = String(repeating: "`", count: length)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// A link's address is shown after its text, unless it is the text
    /// itself (`<https://swift.org>`), an anchor in the same page, or a
    /// relative link (another file of the course or of a DocC catalogue,
    /// which the terminal cannot open: its text says enough).
    static func showsDestination(_ destination: String, of text: [MarkdownInline]) -> Bool {
        let label = text.plainText
        return !destination.isEmpty && !destination.hasPrefix("#") && destination != label && destination != "mailto:" + label
            && !isRelative(destination) && docArticle(destination) == nil
    }

    /// Whether a link has no scheme (`other.md`, `../Concurrency.md#tasks`).
    static func isRelative(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return true }
        let scheme = destination[..<colon]
        return scheme.isEmpty || scheme.contains("/") || scheme.contains(".") || scheme.contains("#")
    }

    /// `doc:Getting-Started#Tasks` → `Getting Started`.
    static func docArticle(_ destination: String) -> String? {
        guard destination.hasPrefix("doc:") else { return nil }
        var name = destination.dropFirst(4)
        if let hash = name.firstIndex(of: "#") { name = name[..<hash] }
        let last = name.split(separator: "/").last.map(String.init) ?? ""
        let words = last.replacingOccurrences(of: "-", with: " ")
        return words.isEmpty ? nil : words
    }

    /// A relative link to a chapter of the course (`02-async-await.md`,
    /// `./02-async-await.md#tasks`) reads `chapter 2`.
    static func chapterReference(_ destination: String) -> String? {
        guard isRelative(destination) else { return nil }
        var path = Substring(destination)
        if let hash = path.firstIndex(of: "#") { path = path[..<hash] }
        guard let file = path.split(separator: "/").last, file.hasSuffix(".md"), let dash = file.firstIndex(of: "-") else { return nil }
        let digits = file[..<dash]
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { return nil }
        return localized("chapter \(number)")
    }

    /// Greedy word wrap by display width. A word longer than a line is cut
    /// where ``breakColumn(in:limit:)`` says.
    func wrap(_ tokens: [Token], width: Int) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0
        func endLine() {
            lines.append(line)
            line = ""
            lineWidth = 0
        }
        for token in tokens {
            if token.isBreak {
                endLine()
                continue
            }
            var token = token
            let gapWidth = displayWidth(token.gap)
            if lineWidth > 0, lineWidth + gapWidth + token.width > width { endLine() }
            if token.width > width {
                // Cut as it goes: each piece is read once, however long the word.
                var word = LongWord(token)
                while word.width > width {
                    let before = word.width
                    lines.append(word.cut(limit: width))
                    if word.width >= before { break }   // no progress: never loop forever
                }
                token = Token(text: word.rest, width: word.width)
            }
            if lineWidth > 0 {
                line += token.gap
                lineWidth += gapWidth
            }
            line += token.text
            lineWidth += token.width
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Where to cut a word too long for a line: after a space, else after
    /// `/`, `-`, `_`, `.`, `=`, `&`, `?`, `,` or `(`, in the second half of
    /// the line, leaving at least 3 columns for the next line when it can.
    /// `total` is the text's width when the caller knows it: the scan then
    /// stops at the limit instead of reading the whole text.
    static func breakColumn(in text: some StringProtocol, limit: Int, total known: Int? = nil) -> Int {
        var width = 0
        var candidates: [Int] = [], spaces: [Int] = []
        var escape = false
        for character in text {
            if escape {
                if character == "m" { escape = false }
                continue
            }
            if character == "\u{1B}" {
                escape = true
                continue
            }
            width += characterWidth(character)
            if known != nil, width > limit { break }
            guard width <= limit, width >= limit / 2 else { continue }
            if character == " " { spaces.append(width) }
            switch character {
            case " ", "/", "-", "_", ".", "=", "&", "?", ",", "(": candidates.append(width)
            default: break
            }
        }
        let total = known ?? width
        if let column = spaces.last(where: { total - $0 >= 3 }) ?? candidates.last(where: { total - $0 >= 3 }) ?? candidates.last {
            return column
        }
        return total - limit < 3 ? max(limit / 2, total - 3) : limit
    }

    /// Splits styled text after `columns` columns, keeping escape sequences
    /// whole: the head ends with a reset and the tail opens the style again.
    /// At least one character goes to the head.
    static func split(_ text: String, at columns: Int) -> (String, String) {
        var index = text.startIndex, codes = ""
        let head = take(text, from: &index, columns: columns, codes: &codes).head
        guard !codes.isEmpty else { return (head, String(text[index...])) }
        return (head + SGR.reset, SGR.sequence(codes) + text[index...])
    }

    /// The characters of `text` from `index` that fit in `columns` (at
    /// least one), with escape sequences kept whole; `index` moves past
    /// them and `codes` follows the SGR parameters in force.
    static func take(_ text: String, from index: inout String.Index, columns: Int, codes: inout String) -> (head: String, width: Int) {
        var head = "", width = 0
        while index < text.endIndex {
            if text[index] == "\u{1B}", let end = text[index...].firstIndex(of: "m") {
                let start = text.index(index, offsetBy: 2, limitedBy: end) ?? end
                let parameters = String(text[start..<end])
                codes = parameters == "0" ? "" : SGR.combine(codes, parameters)
                head += text[index...end]
                index = text.index(after: end)
                continue
            }
            let next = width + characterWidth(text[index])
            if next > columns, width > 0 { break }
            head.append(text[index])
            width = next
            index = text.index(after: index)
        }
        return (head, width)
    }
}

/// A word too long for a line, cut into lines from the front as
/// ``MarkdownRenderer/split(_:at:)`` would cut it again and again, but
/// without copying the rest of the word at every cut.
private struct LongWord {
    let text: String
    private var index: String.Index
    /// The SGR parameters in force at `index`.
    private var codes = ""
    /// Columns from `index` to the end.
    private(set) var width: Int

    init(_ token: MarkdownRenderer.Token) {
        text = token.text
        index = text.startIndex
        width = token.width
    }

    /// The next line, at most `limit` columns, cut where
    /// ``MarkdownRenderer/breakColumn(in:limit:total:)`` says.
    mutating func cut(limit: Int) -> String {
        let columns = MarkdownRenderer.breakColumn(in: text[index...], limit: limit, total: width)
        var head = codes.isEmpty ? "" : SGR.sequence(codes)
        let (piece, taken) = MarkdownRenderer.take(text, from: &index, columns: columns, codes: &codes)
        head += piece
        // The token's width was measured elsewhere; where that measure and
        // this one disagree (zero-width and control characters), the end of
        // the text is the end of the word: nothing is left to cut.
        width = index == text.endIndex ? 0 : max(0, width - taken)
        return codes.isEmpty ? head : head + SGR.reset
    }

    /// What is left, opening the style in force again.
    var rest: String {
        codes.isEmpty ? String(text[index...]) : SGR.sequence(codes) + text[index...]
    }
}

/// Cuts inline text into ``MarkdownRenderer/Token``s.
private struct TokenBuilder {
    let style: TerminalStyle
    private var tokens: [MarkdownRenderer.Token] = []
    private var word = "", wordWidth = 0
    private var gap = " "
    /// Whether the last character was wide, and whether it was an opening
    /// bracket (after which a line may not break).
    private var afterWide = false, afterOpening = false
    /// Whether the last character was wide and not Hangul: a soft break
    /// after it may vanish.
    private var afterJoining = false
    /// The styled space a soft break stands for, until the character after
    /// it says whether it is a space after all.
    private var pendingSpace: String?

    init(style: TerminalStyle) {
        self.style = style
    }

    mutating func add(_ text: String, codes: String, breakable: Bool) {
        var piece = ""
        for character in text {
            if let space = pendingSpace {
                pendingSpace = nil
                // Between two Chinese or Japanese characters the source's
                // line break is no gap at all: the text goes on as if it had
                // not been wrapped (a line may still break there).
                if !(afterJoining && Self.joins(character)) {
                    flush(nextGap: space)
                    (afterWide, afterOpening, afterJoining) = (false, false, false)
                }
            }
            guard breakable else {
                piece.append(character)
                (afterWide, afterOpening) = (false, false)
                // A soft break after `代码` in code is no gap either.
                afterJoining = Self.joins(character)
                continue
            }
            if character == " " || character == "\n" {
                addPiece(&piece, codes)
                flush(nextGap: style.paint(" ", codes))
                (afterWide, afterOpening, afterJoining) = (false, false, false)
                continue
            }
            let wide = characterWidth(character) == 2
            if wide || afterWide, !afterOpening, !LineBreaking.closing.contains(character), !word.isEmpty || !piece.isEmpty {
                addPiece(&piece, codes)
                flush(nextGap: "")
            }
            piece.append(character)
            afterWide = wide
            afterOpening = LineBreaking.opening.contains(character)
            afterJoining = wide && !Self.isHangul(character)
        }
        addPiece(&piece, codes)
    }

    /// A soft line break (a newline inside a paragraph of the source): a
    /// space, as CommonMark has it, except between two wide characters
    /// other than Hangul, where it is nothing, as CSS treats a segment
    /// break there: Chinese and Japanese put no space between words, so a
    /// paragraph wrapped in the source must not read `并发 是` on screen.
    /// Korean puts spaces between words, so its line breaks stay spaces.
    mutating func softBreak(codes: String) {
        if let space = pendingSpace {
            // Two in a row (an empty run between): the first is a space.
            flush(nextGap: space)
            (afterWide, afterOpening, afterJoining) = (false, false, false)
        }
        pendingSpace = style.paint(" ", codes)
    }

    mutating func lineBreak() {
        pendingSpace = nil
        flush(nextGap: " ")
        tokens.append(MarkdownRenderer.Token(text: "", width: 0, isBreak: true))
        (afterWide, afterOpening, afterJoining) = (false, false, false)
    }

    mutating func finish() -> [MarkdownRenderer.Token] {
        pendingSpace = nil
        flush(nextGap: " ")
        return tokens
    }

    /// Whether a soft break before `character` may vanish: it is wide and
    /// not Hangul.
    private static func joins(_ character: Character) -> Bool {
        characterWidth(character) == 2 && !isHangul(character)
    }

    /// Korean letters: jamo, compatibility jamo, extended jamo, syllables.
    private static func isHangul(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first?.value else { return false }
        return (0x1100...0x11FF).contains(scalar) || (0x3130...0x318F).contains(scalar)
            || (0xA960...0xA97F).contains(scalar) || (0xAC00...0xD7FF).contains(scalar)
    }

    private mutating func addPiece(_ piece: inout String, _ codes: String) {
        guard !piece.isEmpty else { return }
        word += style.paint(piece, codes)
        wordWidth += displayWidth(piece)
        piece = ""
    }

    private mutating func flush(nextGap: String) {
        if !word.isEmpty {
            tokens.append(MarkdownRenderer.Token(text: word, width: wordWidth, gap: gap))
            word = ""
            wordWidth = 0
        }
        gap = nextGap
    }
}

/// Chinese and Japanese line-breaking rules, shared by the prose renderer
/// and the executable's help.
public enum LineBreaking {
    /// Characters that may not begin a line.
    public static let closing: Set<Character> = [
        "、", "。", "，", "．", "：", "；", "！", "？", "）", "］", "｝", "」", "』", "】", "〕", "〉", "》",
        "ー", "…", ",", ".", ";", ":", "!", "?", ")", "]", "}", "”", "’", "〗", "％",
    ]

    /// Characters that may not end a line.
    public static let opening: Set<Character> = ["（", "［", "｛", "「", "『", "【", "〔", "〈", "《", "“", "‘", "〖"]
}
