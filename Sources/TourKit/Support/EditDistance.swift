/// Edit distance for "did you mean" suggestions: insertions, deletions,
/// substitutions and swaps of two neighbouring characters each count one
/// (optimal string alignment), so `tco` is one step from `toc`.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var twoBack = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], twoBack[j - 2] + 1)
            }
        }
        (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[b.count]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    let limit = max(1, min(3, best.0.count / 2))
    if best.1 <= limit { return best.0 }
    if best.0.hasPrefix(word.lowercased()), !word.isEmpty { return best.0 }
    return nil
}

/// The chapter id closest to `word`: a likely typo of a whole id, or of one
/// of its hyphen-separated words (`asnc` for `async-await`), or the start of
/// one. Ties go to the earlier chapter.
public func closestChapter(to word: String, in ids: [String]) -> String? {
    if let whole = closestMatch(to: word, in: ids) { return whole }
    let word = word.lowercased()
    var best: (id: String, score: (Int, Int))?
    for id in ids {
        for (position, part) in id.split(separator: "-").map(String.init).enumerated() where part.count >= 3 {
            let distance = editDistance(word, part)
            guard distance <= max(1, min(2, part.count / 3)) else { continue }
            let score = (distance, position)
            if best.map({ score < $0.score }) ?? true { best = (id, score) }
        }
    }
    return best?.id
}
