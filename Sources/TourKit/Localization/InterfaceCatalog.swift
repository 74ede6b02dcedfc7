/// The interface's translations, keyed by the English text with `%@`
/// for each value (see ``LocalizableMessage``).
///
/// One table per area of the interface, each in its own file
/// (`InterfaceCatalog+Shell.swift`, …), so that the Chinese of one area
/// reads together. `InterfaceCatalogTests` checks that every message the
/// sources pass to `localized(_:)` has a translation with the same values,
/// and that no translation is left without a message.
public enum InterfaceCatalog {
    /// Every area's table for Simplified Chinese.
    static let simplifiedChineseTables: [[String: String]] = [
        general,
        reports,
        shell,
        commands,
    ]

    static let simplifiedChinese: [String: String] = {
        var merged: [String: String] = [:]
        for table in simplifiedChineseTables {
            merged.merge(table) { first, _ in first }
        }
        return merged
    }()

    /// The translation of `key` into `language`, nil where there is none
    /// (and for English, the original).
    public static func translation(of key: String, in language: Language) -> String? {
        switch language {
        case .english: nil
        case .simplifiedChinese: simplifiedChinese[key]
        }
    }

    /// Every key with a translation into `language`, for the coverage test.
    public static func keys(in language: Language) -> Set<String> {
        switch language {
        case .english: []
        case .simplifiedChinese: Set(simplifiedChinese.keys)
        }
    }
}
