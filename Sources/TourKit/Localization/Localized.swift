/// An interface message, written in English where it is used:
/// `localized("elapsed \(seconds) s")`.
///
/// The English text, with `%@` where each value goes, is the key of its
/// translation in the ``InterfaceCatalog`` (`"elapsed %@ s"` → `"耗时 %@ s"`),
/// as gettext does it: the message reads at its call site, and the
/// translations of one area sit together in one table. A translation may
/// take the values in another order (`%2$@ … %1$@`) or leave one out (a
/// plural ending Chinese does not have).
public struct LocalizableMessage: ExpressibleByStringInterpolation, Sendable, Equatable {
    /// The English text with `%@` for each value, `%%` for a `%`.
    public var key: String
    /// The values, as text, in the order the English names them.
    public var arguments: [String]

    public init(stringLiteral value: String) {
        key = Self.escape(value)
        arguments = []
    }

    public init(stringInterpolation: Interpolation) {
        key = stringInterpolation.key
        arguments = stringInterpolation.arguments
    }

    public struct Interpolation: StringInterpolationProtocol, Sendable {
        var key = ""
        var arguments: [String] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            key.reserveCapacity(literalCapacity + 2 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            key += LocalizableMessage.escape(literal)
        }

        // The common kinds of value first, read statically: the general
        // case below is `String(describing:)`, whose dynamic casts search
        // every conformance in the binary the first time they meet a type,
        // and a start-up builds dozens of messages (it cost ~30 ms).
        public mutating func appendInterpolation(_ value: String) {
            key += "%@"
            arguments.append(value)
        }

        public mutating func appendInterpolation(_ value: Substring) {
            key += "%@"
            arguments.append(String(value))
        }

        public mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            key += "%@"
            arguments.append(value.description)
        }

        public mutating func appendInterpolation<Value>(_ value: Value) {
            key += "%@"
            arguments.append(String(describing: value))
        }
    }

    static func escape(_ literal: String) -> String {
        literal.contains("%") ? literal.replacingOccurrences(of: "%", with: "%%") : literal
    }

    /// The message in `language`: its translation where the catalogue has
    /// one, else the English.
    public func text(in language: Language) -> String {
        let template = language == .english ? key : InterfaceCatalog.translation(of: key, in: language) ?? key
        return Self.fill(template, with: arguments)
    }

    /// `template` with each `%@` replaced by the next value and each
    /// `%N$@` by the N-th; `%%` is a `%`.
    static func fill(_ template: String, with arguments: [String]) -> String {
        guard template.contains("%") else { return template }
        var out = "", next = 0
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            guard character == "%" else {
                out.append(character)
                index = template.index(after: index)
                continue
            }
            let rest = template[template.index(after: index)...]
            if rest.hasPrefix("%") {
                out.append("%")
                index = template.index(index, offsetBy: 2)
            } else if rest.hasPrefix("@") {
                out += next < arguments.count ? arguments[next] : ""
                next += 1
                index = template.index(index, offsetBy: 2)
            } else if let dollar = rest.firstIndex(of: "$"), let position = Int(rest[..<dollar]), position >= 1,
                      template.index(after: dollar) < template.endIndex, template[template.index(after: dollar)] == "@" {
                out += position <= arguments.count ? arguments[position - 1] : ""
                index = template.index(dollar, offsetBy: 2)
            } else {
                out.append("%")
                index = template.index(after: index)
            }
        }
        return out
    }

    /// The placeholders a template uses, as the positions of the values
    /// they take (`"%@ of %@"` → [1, 2], `"%2$@ %1$@"` → [2, 1]).
    public static func placeholders(in template: String) -> [Int] {
        var positions: [Int] = [], next = 1
        var index = template.startIndex
        while let percent = template[index...].firstIndex(of: "%") {
            let rest = template[template.index(after: percent)...]
            if rest.hasPrefix("%") {
                index = template.index(percent, offsetBy: 2)
            } else if rest.hasPrefix("@") {
                positions.append(next)
                next += 1
                index = template.index(percent, offsetBy: 2)
            } else if let dollar = rest.firstIndex(of: "$"), let position = Int(rest[..<dollar]),
                      template.index(after: dollar) < template.endIndex, template[template.index(after: dollar)] == "@" {
                positions.append(position)
                index = template.index(dollar, offsetBy: 2)
            } else {
                index = template.index(after: percent)
            }
        }
        return positions
    }
}

/// The message in the interface's current language (``Language/current``).
public func localized(_ message: LocalizableMessage) -> String {
    message.text(in: Language.current)
}
