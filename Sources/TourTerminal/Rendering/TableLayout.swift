import TourKit

/// A GFM table fitted to the width: box drawing in Unicode, `+-|` in ASCII;
/// cells wrap inside their column when the table would be too wide.
struct TableLayout {
    var style: TerminalStyle
    var renderer: MarkdownRenderer

    func render(header: [[MarkdownInline]], rows: [[[MarkdownInline]]], alignments: [TableAlignment], width: Int) -> [String] {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return [] }
        let all = [header] + rows
        func cell(_ row: [[MarkdownInline]], _ column: Int) -> [MarkdownInline] { column < row.count ? row[column] : [] }
        // Natural width of each column, then shrink the widest until the table fits.
        var widths = (0..<columns).map { column in
            all.map { renderer.tokens(cell($0, column)).reduce(0) { $0 + $1.width + 1 } - 1 }.max() ?? 1
        }.map { max(1, $0) }
        let frame = 3 * columns + 1
        while widths.reduce(0, +) + frame > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 6 {
            widths[widest] -= 1
        }
        let u = style.unicode
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            style.paint(left + widths.map { String(repeating: u ? "─" : "-", count: $0 + 2) }.joined(separator: middle) + right, "2")
        }
        let bar = style.paint(u ? "│" : "|", "2")
        func line(_ row: [[MarkdownInline]], bold: Bool) -> [String] {
            let cells = (0..<columns).map { column -> [String] in
                let tokens = renderer.tokens(cell(row, column)).map { token -> MarkdownRenderer.Token in
                    var token = token
                    if bold { token.text = style.paint(token.text, "1") }
                    return token
                }
                return renderer.wrap(tokens, width: widths[column])
            }
            let height = cells.map(\.count).max() ?? 1
            return (0..<height).map { index in
                let parts = (0..<columns).map { column -> String in
                    let text = index < cells[column].count ? cells[column][index] : ""
                    let alignment = column < alignments.count ? alignments[column] : .none
                    return " " + pad(text, to: widths[column], alignment) + " "
                }
                return bar + parts.joined(separator: bar) + bar
            }
        }
        var out = [rule(u ? "┌" : "+", u ? "┬" : "+", u ? "┐" : "+")]
        out += line(header, bold: true)
        out.append(rule(u ? "├" : "+", u ? "┼" : "+", u ? "┤" : "+"))
        for row in rows { out += line(row, bold: false) }
        out.append(rule(u ? "└" : "+", u ? "┴" : "+", u ? "┘" : "+"))
        return out
    }

    private func pad(_ text: String, to width: Int, _ alignment: TableAlignment) -> String {
        let space = max(0, width - displayWidth(text))
        switch alignment {
        case .right: return String(repeating: " ", count: space) + text
        case .center: return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
        default: return text + String(repeating: " ", count: space)
        }
    }
}
