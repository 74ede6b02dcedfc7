import Foundation
import SwiftParser
import SwiftSyntax
import Testing
@testable import TourKit

/// Every interface message has its Chinese, and every Chinese text a message.
@Suite struct InterfaceCatalogTests {
    /// Where `localized(…)` is called, and what with.
    struct Use {
        var file: String
        var line: Int
        /// The message's key, nil where the argument is not a string literal.
        var key: String?
        var place: String { "\(file):\(line)" }
    }

    /// Every call of `localized(_:)` in `Sources/`, read with the parser.
    static let uses: [Use] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        var uses: [Use] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files.sorted() {
            guard let text = try? String(contentsOfFile: sources.path + "/" + file, encoding: .utf8), text.contains("localized(") else { continue }
            let tree = Parser.parse(source: text)
            let finder = LocalizedCalls(file: file, converter: SourceLocationConverter(fileName: file, tree: tree))
            finder.walk(tree)
            uses += finder.uses
        }
        return uses
    }()

    @Test func theSourcesLocalizeMessages() {
        // Guards the test itself: a parser that found nothing would pass every check below.
        #expect(Self.uses.count > 20, "only \(Self.uses.count) localized(…) calls found")
    }

    @Test func everyMessageIsALiteral() {
        for use in Self.uses where use.key == nil {
            Issue.record("\(use.place): localized(…) takes a string literal, so that its key can be checked here")
        }
    }

    @Test func everyMessageHasItsChineseWithTheSameValues() {
        for use in Self.uses {
            guard let key = use.key else { continue }
            guard let chinese = InterfaceCatalog.translation(of: key, in: .simplifiedChinese) else {
                Issue.record("\(use.place): no Chinese for \"\(key)\": add it to an InterfaceCatalog table")
                continue
            }
            let english = Set(LocalizableMessage.placeholders(in: key))
            let used = LocalizableMessage.placeholders(in: chinese)
            #expect(Set(used).isSubset(of: english), "\(use.place): the Chinese of \"\(key)\" names a value the English has not: \"\(chinese)\"")
            #expect(used.count == Set(used).count, "\(use.place): the Chinese of \"\(key)\" takes a value twice: \"\(chinese)\"")
            #expect(!chinese.isEmpty)
        }
    }

    @Test func noChineseWithoutAMessage() {
        let keys = Set(Self.uses.compactMap(\.key))
        for stale in InterfaceCatalog.keys(in: .simplifiedChinese).subtracting(keys).sorted() {
            Issue.record("the catalogue translates \"\(stale)\", which no localized(…) call in Sources/ uses any more")
        }
    }

    @Test func aTableMayNotTranslateOneKeyTwice() {
        var seen: [String: Int] = [:]
        for table in InterfaceCatalog.simplifiedChineseTables {
            for key in table.keys { seen[key, default: 0] += 1 }
        }
        for (key, count) in seen where count > 1 {
            Issue.record("\"\(key)\" is translated in \(count) tables")
        }
    }

    @Test func valuesFillTheirPlaces() {
        #expect(LocalizableMessage.fill("%@ of %@", with: ["1", "2"]) == "1 of 2")
        #expect(LocalizableMessage.fill("%2$@ 中的 %1$@", with: ["1", "2"]) == "2 中的 1")
        #expect(LocalizableMessage.fill("100%% %@", with: ["x"]) == "100% x")
        #expect(LocalizableMessage.placeholders(in: "%2$@ %1$@ %%") == [2, 1])
        for count in [1, 3] {
            let message: LocalizableMessage = "\(count) task\(count == 1 ? "" : "s") at 50%"
            #expect(message.key == "%@ task%@ at 50%%")
            #expect(message.text(in: .english) == (count == 1 ? "1 task at 50%" : "3 tasks at 50%"))
        }
    }

    @Test func theKeyOfAMultiLineLiteralIsItsValue() throws {
        let source = #"""
            let a = localized("""
                one \
                two \(x)
                """)
            """#
        let tree = Parser.parse(source: source)
        let finder = LocalizedCalls(file: "x.swift", converter: SourceLocationConverter(fileName: "x.swift", tree: tree))
        finder.walk(tree)
        #expect(finder.uses.map(\.key) == ["one two %@"])
    }
}

/// Finds `localized(…)` calls and works out the key each literal makes:
/// its value as the compiler reads it, `%@` for each interpolation.
final class LocalizedCalls: SyntaxVisitor {
    let file: String
    let converter: SourceLocationConverter
    var uses: [InterfaceCatalogTests.Use] = []
    /// Stands for an interpolation while the literal's value is worked out.
    static let marker = "\u{E000}"

    init(file: String, converter: SourceLocationConverter) {
        self.file = file
        self.converter = converter
        super.init(viewMode: .sourceAccurate)
    }

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        guard let callee = node.calledExpression.as(DeclReferenceExprSyntax.self), callee.baseName.text == "localized",
              node.arguments.count == 1, let argument = node.arguments.first else { return .visitChildren }
        let line = node.startLocation(converter: converter).line
        uses.append(.init(file: file, line: line, key: argument.expression.as(StringLiteralExprSyntax.self).flatMap(Self.key)))
        return .visitChildren
    }

    /// The literal with each interpolation replaced by a marker becomes a
    /// plain literal, whose value the parser's own `representedLiteralValue`
    /// gives (escapes, multi-line indentation and `\` line continuations).
    static func key(_ literal: StringLiteralExprSyntax) -> String? {
        var plain = literal
        plain.segments = StringLiteralSegmentListSyntax(literal.segments.map { segment in
            switch segment {
            case .stringSegment: return segment
            case .expressionSegment:
                return .stringSegment(StringSegmentSyntax(content: .stringSegment("\\u{E000}")))
            }
        })
        guard let value = plain.representedLiteralValue else { return nil }
        return value.replacingOccurrences(of: "%", with: "%%").replacingOccurrences(of: marker, with: "%@")
    }
}
