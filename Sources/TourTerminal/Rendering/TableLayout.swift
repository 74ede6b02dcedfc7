import TourKit

extension MarkdownRenderer {
    /// A GFM table fitted to the width: box drawing in Unicode, `+-|` in
    /// ASCII. Columns narrow, widest first, down to their longest word and
    /// then further; cells wrap inside their column. Rows that wrap are kept
    /// apart by rules. A table with too many columns for a grid (one would
    /// be narrower than 8 columns, or cut words of 12 or fewer) becomes a
    /// list of records:
    /// each row's first cell, then `header: value` for the others.
    func table(header: [[MarkdownInline]], rows: [[[MarkdownInline]]], alignments: [TableAlignment], width: Int) -> [String] {
        let count = max(header.count, rows.map(\.count).max() ?? 0)
        guard count > 0 else { return [] }
        func cells(_ row: [[MarkdownInline]], base: String = "") -> [[Token]] {
            (0..<count).map { tokens($0 < row.count ? row[$0] : [], base: base) }
        }
        let head = cells(header, base: SGR.bold)
        let body = rows.map { cells($0) }
        let all = [head] + body
        let natural = (0..<count).map { column in all.map { Self.naturalWidth($0[column]) }.max() ?? 0 }
        let words = (0..<count).map { column in all.flatMap { $0[column] }.map(\.width).max() ?? 0 }
        guard let widths = Self.fitColumns(natural: natural, longestWords: words, available: width - (3 * count + 1)) else {
            return records(header: header, rows: rows, count: count, width: width)
        }
        let frame = TableFrame(unicode: style.unicode)
        func rule(_ parts: TableFrame.Rule) -> String {
            style.paint(parts.left + widths.map { String(repeating: parts.line, count: $0 + 2) }.joined(separator: parts.middle) + parts.right, SGR.dim)
        }
        let laidOut = body.map { layOut($0, widths: widths, alignments: alignments, bar: frame.bar) }
        let separated = laidOut.contains { $0.count > 1 }
        var out = [rule(frame.top)] + layOut(head, widths: widths, alignments: alignments, bar: frame.bar) + [rule(frame.header)]
        for (index, row) in laidOut.enumerated() {
            if separated, index > 0 { out.append(rule(frame.between)) }
            out += row
        }
        return out + [rule(frame.bottom)]
    }

    /// One row as lines: each cell wrapped to its column and aligned.
    private func layOut(_ row: [[Token]], widths: [Int], alignments: [TableAlignment], bar: String) -> [String] {
        let cells = row.indices.map { wrap(row[$0], width: widths[$0]) }
        let height = cells.map(\.count).max() ?? 1
        let bar = style.paint(bar, SGR.dim)
        return (0..<height).map { line in
            let parts = cells.indices.map { column -> String in
                let text = line < cells[column].count ? cells[column][line] : ""
                let alignment = column < alignments.count ? alignments[column] : .none
                return " " + Self.pad(text, to: widths[column], alignment) + " "
            }
            return bar + parts.joined(separator: bar) + bar
        }
    }

    /// Each row as its first cell in bold, then `header: value` lines for
    /// the other cells; rows apart by a blank line.
    private func records(header: [[MarkdownInline]], rows: [[[MarkdownInline]]], count: Int, width: Int) -> [String] {
        func cell(_ row: [[MarkdownInline]], _ column: Int) -> [MarkdownInline] { column < row.count ? row[column] : [] }
        var out: [String] = []
        for row in rows {
            if !out.isEmpty { out.append("") }
            out += wrap(tokens(cell(row, 0), base: SGR.bold), width: width)
            for column in 1..<max(1, count) {
                var label = tokens(cell(header, column), base: SGR.dim)
                if let last = label.indices.last {
                    label[last].text += style.paint(":", SGR.dim)
                    label[last].width += 1
                }
                let lines = wrap(label + tokens(cell(row, column)), width: width - 4)
                out += lines.enumerated().map { ($0.offset == 0 ? "  " : "    ") + $0.element }
            }
        }
        return out
    }

    static func naturalWidth(_ tokens: [Token]) -> Int {
        var widest = 0, line = 0
        for token in tokens {
            if token.isBreak {
                line = 0
                continue
            }
            line += (line > 0 ? displayWidth(token.gap) : 0) + token.width
            widest = max(widest, line)
        }
        return max(1, widest)
    }

    /// Column widths that add up to at most `available`: the widest column
    /// gives up a column at a time, down to its longest word kept within
    /// 8…12, or `nil` when even that is too wide.
    static func fitColumns(natural: [Int], longestWords: [Int], available: Int) -> [Int]? {
        let floors = zip(natural, longestWords).map { min($0, max(8, min($1, 12))) }
        guard floors.reduce(0, +) <= available else { return nil }
        var widths = natural
        shrink(&widths, floors: floors, to: available)
        return widths
    }

    /// As if the widest column gave up a column at a time (the first of
    /// equals first) until the sum fits, computed at once: every column
    /// above its floor is cut to a common level, found by bisection, and
    /// the first of those at the level give up one more.
    private static func shrink(_ widths: inout [Int], floors: [Int], to available: Int) {
        func total(_ level: Int) -> Int {
            zip(widths, floors).reduce(0) { $0 + max($1.1, min($1.0, level)) }
        }
        guard total(widths.max() ?? 0) > available else { return }
        // The highest level at which everything fits; level 0 leaves every
        // column at its floor, which fits.
        var low = 0, high = widths.max() ?? 0
        while low < high {
            let middle = (low + high + 1) / 2
            if total(middle) <= available { low = middle } else { high = middle - 1 }
        }
        var extra = total(low + 1) - available   // columns that must go down to `low`
        for index in widths.indices {
            let level = widths[index] > low && floors[index] <= low && extra > 0 ? low : low + 1
            if level == low, widths[index] > low, floors[index] <= low { extra -= 1 }
            widths[index] = max(floors[index], min(widths[index], level))
        }
    }

    static func pad(_ text: String, to width: Int, _ alignment: TableAlignment) -> String {
        let space = max(0, width - displayWidth(text))
        switch alignment {
        case .right: return String(repeating: " ", count: space) + text
        case .center: return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
        case .left, .none: return text + String(repeating: " ", count: space)
        }
    }
}

/// The characters a table is drawn with.
private struct TableFrame {
    struct Rule {
        var left: String, line: String, middle: String, right: String
    }

    var top, header, between, bottom: Rule
    var bar: String

    init(unicode: Bool) {
        if unicode {
            top = Rule(left: "┌", line: "─", middle: "┬", right: "┐")
            header = Rule(left: "╞", line: "═", middle: "╪", right: "╡")
            between = Rule(left: "├", line: "─", middle: "┼", right: "┤")
            bottom = Rule(left: "└", line: "─", middle: "┴", right: "┘")
            bar = "│"
        } else {
            top = Rule(left: "+", line: "-", middle: "+", right: "+")
            header = Rule(left: "+", line: "=", middle: "+", right: "+")
            between = top
            bottom = top
            bar = "|"
        }
    }
}
