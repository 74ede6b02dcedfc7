import Foundation
import Testing
import TourKit
@testable import TourTerminal

@Test func previewSample() throws {
    guard let dir = ProcessInfo.processInfo.environment["RENDER_PREVIEW"] else { return }
    for name in try FileManager.default.contentsOfDirectory(atPath: "Lessons") where name.hasSuffix(".md") {
        let text = try String(contentsOfFile: "Lessons/" + name, encoding: .utf8)
        let blocks = MarkdownParser.parse(text)
        for (suffix, style) in [("plain", TerminalStyle.plain), ("color", TerminalStyle(width: 80, color: true, unicode: true)), ("w50", TerminalStyle(width: 50, color: false, unicode: true))] {
            try MarkdownRenderer(style: style).render(blocks).write(toFile: "\(dir)/\(name).\(suffix).txt", atomically: true, encoding: .utf8)
        }
    }
}
