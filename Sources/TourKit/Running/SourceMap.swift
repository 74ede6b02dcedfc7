/// Maps the lines of a compiled snippet back to its chapter.
///
/// A snippet is compiled under fixed file names (``codeFile``, and
/// ``preludeFile`` for its chapter's prelude) starting at line 1, so that
/// its source does not depend on where it stands in the markdown file and
/// editing the prose above it keeps its cached program. The compiler's
/// diagnostics, and runtime messages that name a line (`fatalError`), are
/// rewritten to `chapter.md:LINE` here.
public struct SourceMap: Sendable, Equatable {
    static let codeFile = "async-tour-snippet.swift"
    static let preludeFile = "async-tour-prelude.swift"

    public var lessonPath: String
    /// Markdown line of the code's first line, and of the prelude's.
    public var codeLine: Int
    public var preludeLine: Int?

    public init(snippet: Snippet, lessonPath: String) {
        self.lessonPath = lessonPath
        codeLine = snippet.firstCodeLine
        preludeLine = snippet.prelude.map { $0.fenceLine + 1 }
    }

    /// `text` with every `async-tour-snippet.swift:N` (also as
    /// `Snippet/async-tour-snippet.swift:N`, the form of `#fileID`) turned
    /// into the chapter's path and markdown line. Linear in the text.
    public func remap(_ text: String) -> String {
        guard text.contains("async-tour-") else { return text }
        let fileName = lessonPath.split(separator: "/").last.map(String.init) ?? lessonPath
        var targets: [(name: String, replacement: String, first: Int)] = [
            ("Snippet/" + Self.codeFile, fileName, codeLine), (Self.codeFile, lessonPath, codeLine),
        ]
        if let preludeLine {
            targets += [("Snippet/" + Self.preludeFile, fileName, preludeLine), (Self.preludeFile, lessonPath, preludeLine)]
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let start = rest.firstRange(of: "async-tour-") {
            // Back up over "Snippet/" when it is there.
            var nameStart = start.lowerBound
            let before = rest[..<start.lowerBound]
            if before.hasSuffix("Snippet/") { nameStart = rest.index(start.lowerBound, offsetBy: -8) }
            let candidate = rest[nameStart...]
            guard let target = targets.first(where: { candidate.hasPrefix($0.name + ":") }) else {
                out += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                continue
            }
            let afterName = candidate.dropFirst(target.name.count + 1)
            let digits = afterName.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 10, let line = Int(digits) else {
                out += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                continue
            }
            out += rest[..<nameStart]
            out += "\(target.replacement):\(line - 1 + target.first)"
            rest = afterName.dropFirst(digits.count)
        }
        out += rest
        return out
    }
}
