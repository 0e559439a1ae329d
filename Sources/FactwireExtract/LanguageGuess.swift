/// A cheap language guess from function words: enough to tell English articles from others, which the
/// English-only fact rules should not be trusted on.
enum LanguageGuess {
    static let markers: [(String, Set<String>)] = [
        ("en", ["the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "its", "on"]),
        ("de", ["der", "die", "und", "das", "ist", "nicht", "mit", "von", "den", "für", "auf", "sich"]),
        ("fr", ["le", "la", "les", "et", "des", "est", "une", "dans", "pour", "qui", "du", "sur"]),
        ("es", ["el", "la", "los", "las", "y", "que", "del", "por", "una", "con", "para", "es"]),
        ("it", ["il", "che", "di", "della", "per", "una", "sono", "con", "non", "gli", "nel", "è"]),
        ("nl", ["de", "het", "een", "en", "van", "niet", "dat", "met", "voor", "zijn", "op", "ook"]),
        ("pt", ["o", "os", "que", "não", "uma", "com", "para", "do", "da", "em", "dos", "são"])
    ]

    /// Word (its bytes' FNV-1a hash) → bit set of the languages it marks: one hash per word instead of one
    /// per language, and no string built per word.
    static let table: [UInt64: UInt8] = {
        var table: [UInt64: UInt8] = [:]
        for (index, marker) in markers.enumerated() {
            for word in marker.1 { table[FeatureHash.id(word), default: 0] |= 1 << UInt8(index) }
        }
        return table
    }()

    /// The language code, or nil when fewer than 20 words or no clear winner.
    static func guess(_ text: String) -> String? {
        var counts = [Int](repeating: 0, count: markers.count)
        var words = 0
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func flush() {
            guard !word.isEmpty else { return }
            words += 1
            if word.count <= 7 {
                if let bits = table[FeatureHash.id(bytes: word)] {
                    for index in counts.indices where bits & (1 << UInt8(index)) != 0 { counts[index] += 1 }
                }
            }
            word.removeAll(keepingCapacity: true)
        }
        // Bytes, not characters: letters of any script are bytes ≥ 0x80 or ASCII letters; ASCII is lower-cased.
        for byte in text.utf8.prefix(2_000) {
            if byte >= 0x80 || (byte | 0x20) >= 97 && (byte | 0x20) <= 122 {
                word.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
            } else {
                flush()
            }
        }
        flush()
        guard words >= 20, let best = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
        let second = counts.indices.filter { $0 != best }.map { counts[$0] }.max() ?? 0
        guard Double(counts[best]) >= Double(words) * 0.08, counts[best] > second * 3 / 2 else { return nil }
        return markers[best].0
    }
}
