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
    static let table: FeatureTable = {
        var table: [UInt64: Int32] = [:]
        for (index, marker) in markers.enumerated() {
            for word in marker.1 { table[FeatureHash.id(word), default: 0] |= 1 << Int32(index) }
        }
        return FeatureTable(table)
    }()

    /// The language code, or nil when fewer than 20 words or no clear winner.
    static func guess(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { guess(bytes: UnsafeBufferPointer(rebasing: $0.prefix(2_000))) }
    }

    /// ``guess(_:)`` over the first bytes of the text. Each word is hashed as it is read (FNV-1a, as
    /// ``table`` is keyed), so no word is copied.
    static func guess(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var counts = [Int](repeating: 0, count: markers.count)
        var words = 0
        var length = 0
        var hash = FeatureHash.offset
        func flush() {
            guard length > 0 else { return }
            words += 1
            if length <= 7, case let bits = table.find(hash), bits > 0 {
                for index in counts.indices where bits & (1 << Int32(index)) != 0 { counts[index] += 1 }
            }
            length = 0
            hash = FeatureHash.offset
        }
        // Bytes, not characters: letters of any script are bytes ≥ 0x80 or ASCII letters; ASCII is lower-cased.
        for byte in bytes {
            if byte >= 0x80 || (byte | 0x20) >= 97 && (byte | 0x20) <= 122 {
                hash = (hash ^ UInt64(byte >= 65 && byte <= 90 ? byte + 32 : byte)) &* FeatureHash.prime
                length += 1
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
