/// A fixed set of words (a lexicon) for membership tests on the extractor's hot path.
///
/// The extractor asks dozens of lexicons about every word of a sentence that holds a figure. A
/// `Set<String>` answers with a seeded SipHash of the word, whose set-up and finalisation cost more than
/// the short words themselves: it was a tenth of the extractor's time. Here a word is hashed once with
/// FNV-1a over its UTF-8 bytes, the table is open-addressed on that hash, and a hit is confirmed by
/// comparing the strings, so a hash collision can never make a word a member.
///
/// A word is a member only when its UTF-8 bytes are a member's (the hash is of the bytes). For the
/// lower-case ASCII words lexicons hold that is `Set<String>`'s answer; `Set<String>` would also accept a
/// canonically equivalent Unicode spelling, which no lexicon depends on.
struct WordSet: Sendable, ExpressibleByArrayLiteral, Sequence {
    /// Word hash per slot (never 0); 0 marks an empty slot, so a probe reads no string until the hashes match.
    private var hashes: [UInt64]
    private var slots: [String]
    private var mask: Int
    /// The words in the order given, without repeats (for iteration).
    private(set) var members: [String]

    init(_ words: some Sequence<String>) {
        let words = Array(words)
        var size = 8
        while size < words.count * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        slots = [String](repeating: "", count: size)
        mask = size - 1
        members = []
        members.reserveCapacity(words.count)
        for word in words {
            let hash = Self.hash(word)
            var at = Self.slot(hash, mask)
            var present = false
            while hashes[at] != 0 {
                if hashes[at] == hash, slots[at] == word {
                    present = true
                    break
                }
                at = (at + 1) & mask
            }
            guard !present else { continue }
            hashes[at] = hash
            slots[at] = word
            members.append(word)
        }
    }

    init(arrayLiteral words: String...) { self.init(words) }

    func makeIterator() -> IndexingIterator<[String]> { members.makeIterator() }

    /// The first slot to probe: FNV's low bits see only the low bits of each byte, so the high half is folded in.
    @inline(__always)
    static func slot(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask }

    @inline(__always)
    static func hash(_ word: String) -> UInt64 { Swift.max(1, FeatureHash.id(word)) }

    func contains(_ word: String) -> Bool {
        let hash = Self.hash(word)
        var at = Self.slot(hash, mask)
        return hashes.withUnsafeBufferPointer { hashes in
            while hashes[at] != 0 {
                if hashes[at] == hash, slots[at] == word { return true }
                at = (at + 1) & mask
            }
            return false
        }
    }

    /// Whether the token's lower-cased word is a member, by the hash the token made once.
    func contains(_ token: Token) -> Bool {
        let hash = token.lowerHash
        var at = Self.slot(hash, mask)
        return hashes.withUnsafeBufferPointer { hashes in
            while hashes[at] != 0 {
                if hashes[at] == hash, slots[at] == token.lower { return true }
                at = (at + 1) & mask
            }
            return false
        }
    }

    /// Whether any of the tokens' words is a member. By index: iterating the array would copy every token
    /// (two string retains and releases each).
    func containsAny(_ tokens: [Token]) -> Bool {
        for index in tokens.indices where contains(tokens[index]) { return true }
        return false
    }

    /// These words and `others`.
    func union(_ others: some Sequence<String>) -> WordSet { WordSet(members + others) }

    /// These words without `others`.
    func subtracting(_ others: some Sequence<String>) -> WordSet {
        let removed = Set(others)
        return WordSet(members.filter { !removed.contains($0) })
    }
}
