/// Reads a fence's info string: the language, then attributes.
///
/// The vocabulary is documented in `Lessons/README.md`.
enum FenceInfo {
    enum Kind: Equatable {
        /// A ```` ```swift ```` block: a snippet, or display-only code.
        case swift(SnippetAttributes, displayOnly: Bool, exercise: Bool)
        /// A ```` ```python ```` block: a Python 3 program run beside the
        /// Swift ones, or display-only code.
        case python(SnippetAttributes, displayOnly: Bool)
        case output(OutputMatching)
        case stderr(OutputMatching)
        case diagnostics
        /// Claims about what the runtime did (``TraceExpectation``).
        case trace
        /// A hint of an exercise, in the order they are revealed.
        case hint
        /// The solution of an exercise: Swift code.
        case solution
        /// ```` ```swift prelude ````: setup code compiled before every
        /// later snippet of the chapter.
        case prelude(TargetPlatform?)
        /// ```` ```stdin ````: the standard input of the snippet above.
        case stdin
        /// Any other language: shown, never run.
        case other
    }

    static let flagWords = ["display", "compile_fail", "crash", "times_out", "server", "exercise", "optimize", "prelude"]
    static let keyWords = ["time", "timeout", "mode", "memory", "os", "sanitize", "isolation", "upcoming"]
    /// The block languages the tour gives a meaning to.
    static let languages = ["swift", "python", "output", "stderr", "diagnostics", "hint", "solution", "trace", "stdin"]

    /// A fence whose language is one of ours in the wrong case (`Swift`):
    /// it would silently become display code, so the loader warns.
    static func miscasedLanguage(_ info: String) -> String? {
        // Only the first word matters: splitting the whole info string for
        // it cost every fence of the course a split.
        let language = String(info.drop { $0 == " " || $0 == "\t" }.prefix { $0 != " " && $0 != "\t" })
        guard !language.isEmpty, !languages.contains(language), languages.contains(language.lowercased()) else { return nil }
        return language
    }

    static func article(_ word: String) -> String {
        "aeiou".contains(word.first ?? "x") ? "an" : "a"
    }

    static func parsePlatform(_ value: String) -> TargetPlatform? {
        switch value.lowercased() {
        case "linux": return .linux
        case "darwin", "macos", "apple": return .darwin
        default: return nil
        }
    }

    static func parse(_ info: String, at line: Int, in path: String) -> Result<Kind, LessonProblem> {
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let language = words.first else { return .success(.other) }
        let rest = Array(words.dropFirst())
        func problem(_ message: String, _ hint: String) -> Result<Kind, LessonProblem> {
            .failure(LessonProblem(path: path, line: line, message: message, hint: hint))
        }
        switch language {
        case "swift":
            return parseSwift(rest, problem: problem)
        case "python":
            return parsePython(rest, problem: problem)
        case "output", "stderr":
            var matching = OutputMatching()
            for word in rest {
                switch word {
                case "unordered": matching.unordered = true
                case "pattern": matching.pattern = true
                case _ where word.hasPrefix("os="):
                    guard let platform = parsePlatform(String(word.dropFirst(3))) else {
                        let shown = word.dropFirst(3).description.quotedForMessage(), article = article(language)
                        return problem(localized("unknown platform '\(shown)' on \(article) \(language) block"),
                                       localized("write os=linux or os=darwin"))
                    }
                    matching.platform = platform
                default:
                    let shown = word.quotedForMessage(), article = article(language)
                    let hint = closestMatch(to: word, in: ["unordered", "pattern", "os="])
                        .map { localized("use 'unordered', 'pattern' and 'os=linux' or 'os=darwin'. Did you mean '\($0)'?") }
                        ?? localized("use 'unordered', 'pattern' and 'os=linux' or 'os=darwin'.")
                    return problem(localized("unknown attribute '\(shown)' on \(article) \(language) block"), hint)
                }
            }
            return .success(language == "output" ? .output(matching) : .stderr(matching))
        case "diagnostics", "hint", "solution", "trace", "stdin":
            if let word = rest.first {
                let shown = word.quotedForMessage(), article = article(language)
                return problem(localized("unknown attribute '\(shown)' on \(article) \(language) block"),
                               localized("\(article) \(language) block takes no attributes"))
            }
            switch language {
            case "stdin": return .success(.stdin)
            case "hint": return .success(.hint)
            case "solution": return .success(.solution)
            case "trace": return .success(.trace)
            default: return .success(.diagnostics)
            }
        default:
            return .success(.other)
        }
    }

    private static func parseSwift(_ words: [String], problem: (String, String) -> Result<Kind, LessonProblem>) -> Result<Kind, LessonProblem> {
        var attributes = SnippetAttributes()
        var displayOnly = false
        var exercise = false
        var outcomes: [ExpectedOutcome] = []
        if words.contains("prelude") {
            var platform: TargetPlatform?
            for word in words where word != "prelude" {
                guard word.hasPrefix("os="), let parsed = parsePlatform(String(word.dropFirst(3))) else {
                    return problem(localized("'\(word.quotedForMessage())' on a prelude: a prelude takes only os="),
                                   localized("a prelude is compiled into the snippets after it; give run attributes to those snippets"))
                }
                platform = parsed
            }
            return .success(.prelude(platform))
        }
        for word in words {
            if let equals = word.firstIndex(of: "=") {
                let key = String(word[..<equals])
                let value = String(word[word.index(after: equals)...])
                switch key {
                case "time":
                    switch parseBand(value) {
                    case .success(let band): attributes.time = band
                    case .failure(let error): return problem(error.message(value), error.hint)
                    }
                case "timeout":
                    guard let seconds = parseSeconds(value) else {
                        return problem(localized("malformed timeout '\(value.quotedForMessage())'"),
                                       localized("write a number of seconds, e.g. timeout=5"))
                    }
                    let range = SnippetAttributes.timeoutRange
                    guard range.contains(seconds) else {
                        let low = TimeBand.format(range.lowerBound), high = TimeBand.format(range.upperBound)
                        return problem(localized("timeout=\(value.quotedForMessage()) is out of range"),
                                       localized("a timeout is \(low) to \(high) seconds"))
                    }
                    attributes.timeout = seconds
                case "memory":
                    guard let bytes = parseBytes(value), SnippetAttributes.memoryRange.contains(bytes) else {
                        return problem(localized("memory=\(value.quotedForMessage()) is malformed or out of range"),
                                       localized("write a size from 16M to 16G, e.g. memory=2G or memory=512M"))
                    }
                    attributes.memoryLimit = bytes
                case "mode":
                    guard let mode = LanguageMode(rawValue: value) else {
                        return problem(localized("unknown language mode '\(value.quotedForMessage())'"), localized("use mode=5 or mode=6 (the default)"))
                    }
                    attributes.mode = mode
                case "os":
                    guard let platform = parsePlatform(value) else {
                        return problem(localized("unknown platform '\(value.quotedForMessage())'"), localized("write os=linux or os=darwin"))
                    }
                    attributes.platform = platform
                case "sanitize":
                    guard SnippetAttributes.sanitizers.contains(value) else {
                        return problem(localized("sanitize=\(value.quotedForMessage()) is not one the tour allows"),
                                       localized("write sanitize=thread (ThreadSanitizer) or sanitize=address"))
                    }
                    attributes.sanitizer = value
                case "isolation":
                    guard SnippetAttributes.isolations.contains(value) else {
                        return problem(localized("isolation=\(value.quotedForMessage()) is not a default isolation"),
                                       localized("write isolation=MainActor or isolation=nonisolated (swiftc -default-isolation)"))
                    }
                    attributes.defaultIsolation = value
                case "upcoming":
                    let names = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    for name in names where !SnippetAttributes.upcomingFeatureNames.contains(name) {
                        let allowed = SnippetAttributes.upcomingFeatureNames.joined(separator: localized(", "))
                        let hint = closestMatch(to: name, in: SnippetAttributes.upcomingFeatureNames)
                            .map { localized("did you mean '\($0)'? allowed: \(allowed); separate several with commas") }
                            ?? localized("allowed: \(allowed); separate several with commas")
                        return problem(localized("upcoming feature '\(name.quotedForMessage())' is not one the tour allows"), hint)
                    }
                    let total = attributes.upcomingFeatures.count + names.count
                    guard total <= SnippetAttributes.maxUpcomingFeatures else {
                        let most = SnippetAttributes.maxUpcomingFeatures
                        return problem(localized("\(total) upcoming features on one snippet"), localized("a snippet may turn on at most \(most)"))
                    }
                    for name in names where !attributes.upcomingFeatures.contains(name) { attributes.upcomingFeatures.append(name) }
                default:
                    return unknown(key, problem: problem)
                }
                continue
            }
            switch word {
            case "display": displayOnly = true
            case "compile_fail": outcomes.append(.compileFail)
            case "crash": outcomes.append(.crash)
            case "times_out": outcomes.append(.timesOut)
            case "server": attributes.needsServer = true
            case "exercise": exercise = true
            case "optimize": attributes.optimize = true
            default:
                if word.hasPrefix("-") {
                    return problem(localized("compiler flag '\(word.quotedForMessage())' on a swift snippet: flags are given as attributes"),
                                   localized("""
                                       the tour allows optimize (-O), sanitize=thread (-sanitize=thread), sanitize=address, \
                                       isolation=MainActor (-default-isolation MainActor) and upcoming=NAME (-enable-upcoming-feature NAME)
                                       """))
                }
                return unknown(word, problem: problem)
            }
        }
        if outcomes.count > 1 {
            return problem(localized("a snippet can expect only one of compile_fail, crash and times_out"),
                           localized("keep the one that describes how the program ends"))
        }
        if displayOnly, !outcomes.isEmpty || attributes.time != nil {
            return problem(localized("a display snippet is never run, so it cannot carry run expectations"),
                           localized("remove 'display' or the other attributes"))
        }
        if let outcome = outcomes.first { attributes.outcome = outcome }
        if exercise, displayOnly || !outcomes.isEmpty {
            return problem(localized("an exercise's goal is a program that runs: it cannot be display, compile_fail, crash or times_out"),
                           localized("describe the goal with time= and an output block; the starting code may fail in any way"))
        }
        if attributes.outcome == .compileFail, attributes.time != nil {
            return problem(localized("a compile_fail snippet never runs, so it cannot have a time band"), localized("remove the time attribute"))
        }
        if let upper = attributes.time?.upper, upper >= attributes.timeout, attributes.outcome != .timesOut {
            let high = TimeBand.format(upper), timeout = TimeBand.format(attributes.timeout)
            return problem(localized("time band reaches \(high) s but the timeout is \(timeout) s"),
                           localized("raise timeout= above the band"))
        }
        return .success(.swift(attributes, displayOnly: displayOnly, exercise: exercise))
    }

    static let pythonFlagWords = ["display", "crash", "times_out", "server"]
    static let pythonKeyWords = ["time", "timeout", "memory", "os", "requires", "pair"]

    /// A Python fence takes the run attributes that mean the same in both
    /// languages, plus `requires=` and `pair=`; compiler attributes have no
    /// meaning for it.
    private static func parsePython(_ words: [String], problem: (String, String) -> Result<Kind, LessonProblem>) -> Result<Kind, LessonProblem> {
        var swiftWords: [String] = []
        var requires: [String] = []
        var pair: String?
        var displayOnly = false
        for word in words {
            if word == "display" { displayOnly = true; continue }
            if word.hasPrefix("requires=") {
                let names = word.dropFirst(9).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                for name in names where name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) {
                    return problem(localized("'\(name.quotedForMessage())' in requires= is not a Python module name"),
                                   localized("write the modules the program imports, e.g. requires=aiohttp"))
                }
                requires += names
                continue
            }
            if word.hasPrefix("pair=") {
                let value = String(word.dropFirst(5))
                guard value == "next" || value == "previous" || (Int(value).map { $0 > 0 } ?? false) else {
                    return problem(localized("pair=\(value.quotedForMessage()) does not name a Swift snippet"),
                                   localized("write pair=next or pair=previous (the nearest swift snippet after or before), or pair=N (snippet N)"))
                }
                pair = value
                continue
            }
            let key = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            let allowed = pythonFlagWords.contains(word) || (word.contains("=") && pythonKeyWords.contains(key))
            guard allowed else {
                let known = pythonFlagWords + pythonKeyWords.map { "\($0)=" }
                let hint = closestMatch(to: word, in: known).map { localized("""
                        did you mean '\($0)'? a python snippet takes display, crash, times_out, server, time=LOW..HIGH, \
                        timeout=SECONDS, memory=SIZE, os=linux|darwin, requires=MODULE and pair=next|previous|N
                        """) } ?? localized("""
                        a python snippet takes display, crash, times_out, server, time=LOW..HIGH, timeout=SECONDS, \
                        memory=SIZE, os=linux|darwin, requires=MODULE and pair=next|previous|N
                        """)
                return problem(localized("unknown attribute '\(word.quotedForMessage())' on a python snippet"), hint)
            }
            swiftWords.append(word)
        }
        if displayOnly, !swiftWords.isEmpty || pair != nil || !requires.isEmpty {
            return problem(localized("a display snippet is never run, so it cannot carry run attributes"), localized("remove 'display' or the other attributes"))
        }
        switch parseSwift(swiftWords, problem: problem) {
        case .success(.swift(var attributes, _, _)):
            attributes.requiredModules = requires
            attributes.pair = pair
            return .success(.python(attributes, displayOnly: displayOnly))
        case .failure(let failure):
            return .failure(failure)
        default:
            return .success(.other)
        }
    }

    private static func unknown(_ word: String, problem: (String, String) -> Result<Kind, LessonProblem>) -> Result<Kind, LessonProblem> {
        let known = flagWords + keyWords.map { "\($0)=" }
        let flags = flagWords.joined(separator: localized(", "))
        let hint = closestMatch(to: word, in: known).map { localized("""
                did you mean '\($0)'? known attributes: \(flags), time=LOW..HIGH, timeout=SECONDS, mode=5, memory=SIZE, \
                os=linux|darwin, sanitize=thread|address, isolation=MainActor|nonisolated, upcoming=FEATURE
                """) } ?? localized("""
                known attributes: \(flags), time=LOW..HIGH, timeout=SECONDS, mode=5, memory=SIZE, \
                os=linux|darwin, sanitize=thread|address, isolation=MainActor|nonisolated, upcoming=FEATURE
                """)
        return problem(localized("unknown attribute '\(word.quotedForMessage())' on a swift snippet"), hint)
    }

    /// A size in bytes: `512M`, `2G`, `1.5G`, `64K`; nil when malformed or
    /// beyond what an Int holds.
    static func parseBytes(_ text: String) -> Int? {
        let units: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024]
        guard let last = text.uppercased().last, let unit = units[last],
              let number = Double(text.dropLast()), number.isFinite, number > 0 else { return nil }
        let bytes = number * unit
        return bytes < Double(Int.max / 2) ? Int(bytes) : nil
    }

    /// A number of seconds, `5`, `2.5s` or `500ms`, finite (NaN and infinity
    /// are malformed). Ranges, negative numbers included, are checked by the
    /// caller, which knows the attribute.
    static func parseSeconds(_ text: String) -> Double? {
        // String's own hasSuffix and Double(String): their Substring
        // versions are generic, and slow in a debug build.
        var text = text
        var scale = 1.0
        if text.hasSuffix("ms") { text = String(text.dropLast(2)); scale = 0.001 }
        else if text.hasSuffix("s") { text = String(text.dropLast()) }
        guard let value = Double(text), value.isFinite else { return nil }
        return value * scale
    }

    /// Why a `time=` value was refused.
    enum BandError: Error, Equatable {
        case malformed
        case outOfRange
        case reversed

        func message(_ value: String) -> String {
            let quoted = value.quotedForMessage()
            switch self {
            case .malformed: return localized("malformed time band '\(quoted)'")
            case .outOfRange: return localized("time band '\(quoted)' is out of range")
            case .reversed: return localized("time band '\(quoted)' has its low end above its high end")
            }
        }

        var hint: String {
            let range = SnippetAttributes.timeBandRange
            switch self {
            case .malformed: return localized("write seconds as LOW..HIGH, ..HIGH or LOW.., e.g. time=0.9..1.4")
            case .outOfRange:
                let low = TimeBand.format(range.lowerBound), high = TimeBand.format(range.upperBound)
                return localized("each end is \(low) to \(high) seconds")
            case .reversed: return localized("write the smaller number first, e.g. time=1..2")
            }
        }
    }

    static func parseBand(_ text: String) -> Result<TimeBand, BandError> {
        guard let range = text.firstRange(of: "..") else { return .failure(.malformed) }
        let lowText = String(text[..<range.lowerBound])
        let highText = String(text[range.upperBound...])
        let low = lowText.isEmpty ? nil : parseSeconds(lowText)
        let high = highText.isEmpty ? nil : parseSeconds(highText)
        if !lowText.isEmpty, low == nil { return .failure(.malformed) }
        if !highText.isEmpty, high == nil { return .failure(.malformed) }
        if low == nil, high == nil { return .failure(.malformed) }
        let allowed = SnippetAttributes.timeBandRange
        for end in [low, high] {
            if let end, !allowed.contains(end) { return .failure(.outOfRange) }
        }
        if let low, let high, low > high { return .failure(.reversed) }
        return .success(TimeBand(lower: low, upper: high))
    }
}
