import Synchronization

/// A language the tour speaks: its chapters and its interface.
///
/// English is the original. A translation of the course lives beside it,
/// in `Lessons/<code>/` (`Lessons/zh-Hans/04-tasks.md`), and the interface's
/// own messages in the ``InterfaceCatalog``.
public enum Language: String, Sendable, CaseIterable, CustomStringConvertible {
    case english = "en"
    case simplifiedChinese = "zh-Hans"

    /// The BCP 47 code, as `--lang` takes it and as the translation's
    /// directory is named.
    public var code: String { rawValue }

    /// The language's own name for itself.
    public var nativeName: String {
        switch self {
        case .english: "English"
        case .simplifiedChinese: "简体中文"
        }
    }

    public var description: String { code }

    /// What one choice of language came to: the language, and a note for
    /// the learner when it is not the one asked for.
    public struct Choice: Sendable, Equatable {
        public var language: Language
        /// Why the tour speaks English where the learner asked for another
        /// language (a Traditional Chinese locale, say), for one line on stderr.
        public var note: String?
    }

    /// `--lang VALUE`: `en`, `zh-Hans`, and the spellings a locale uses
    /// (`zh_CN`, `zh-cn`, `zh`). Nil for a language the tour does not know.
    public static func choice(forCode value: String) -> Choice? {
        let parts = value.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.lowercased() }
        guard let first = parts.first else { return nil }
        switch first {
        case "en": return Choice(language: .english)
        case "zh":
            let rest = Set(parts.dropFirst())
            if rest.contains("hant") || !rest.isDisjoint(with: traditionalRegions) {
                return Choice(language: .english, note: localized("""
                    There is no Traditional Chinese (\(value)) translation yet: the tour speaks English. \
                    --lang zh-Hans chooses Simplified Chinese.
                    """))
            }
            return Choice(language: .simplifiedChinese)
        default: return nil
        }
    }

    /// The language the locale asks for, as `LC_MESSAGES` is resolved:
    /// `LC_ALL`, else `LC_MESSAGES`, else `LANG`, the first one set and not
    /// empty. `zh_CN.UTF-8`, `zh_SG`, `zh_Hans…` choose Simplified Chinese;
    /// `zh_TW`, `zh_HK` fall back to English with a note; `C`, `POSIX` and
    /// every other language are English, without one.
    public static func choice(environment: [String: String]) -> Choice {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        // `zh_CN.UTF-8@modifier` → `zh_CN`.
        let name = locale.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        let bare = name.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        guard bare.lowercased().hasPrefix("zh"), let choice = choice(forCode: bare) else { return Choice(language: .english) }
        return choice
    }

    /// Regions whose Chinese is written in Traditional characters.
    private static let traditionalRegions: Set<String> = ["tw", "hk", "mo"]

    private static let selected = Mutex(Language.english)

    /// The language of this process's interface. Chosen once at start-up
    /// from `--lang` and the locale, and again by the shell's `lang`
    /// command; every message the interface builds reads it. Inside
    /// `Language.$scoped.withValue(…)` it is that language instead, for
    /// that task only (tests render both languages side by side).
    public static var current: Language {
        get { scoped ?? selected.withLock { $0 } }
        set { selected.withLock { $0 = newValue } }
    }

    /// A language for one task and what it calls, over ``current``.
    @TaskLocal public static var scoped: Language?
}
