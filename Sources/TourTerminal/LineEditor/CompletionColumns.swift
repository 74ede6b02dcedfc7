/// Matches listed in columns, as shells do on a second TAB.
enum CompletionColumns {
    static func layout(_ items: [String], width: Int) -> String {
        let column = (items.map(displayWidth).max() ?? 0) + 2
        let perLine = max(1, width / max(1, column))
        var lines: [String] = []
        var index = 0
        while index < items.count {
            let row = items[index..<min(items.count, index + perLine)]
            lines.append(row.map { $0 + String(repeating: " ", count: column - displayWidth($0)) }.joined().trimmingTrailingSpaces())
            index += perLine
        }
        return lines.joined(separator: "\n")
    }
}
