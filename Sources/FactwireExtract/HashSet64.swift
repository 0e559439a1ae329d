/// A set of 64-bit hashes, open-addressed on the hash itself.
///
/// The extractor keeps sets of word hashes (the words an article writes in lower case, the words a sentence
/// has already given as features). The keys are already well mixed 64-bit hashes, so `Set<UInt64>`'s seeded
/// SipHash of each one is work for nothing: it cost more than reading the words. Zero is stored out of line,
/// since an empty slot holds zero.
struct HashSet64: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    private var stored = 0
    private var hasZero = false

    init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: key ^ (key >> 29)) & mask }

    func contains(_ key: UInt64) -> Bool {
        if key == 0 { return hasZero }
        var at = Self.slot(key, mask)
        while true {
            let found = slots[at]
            if found == key { return true }
            if found == 0 { return false }
            at = (at + 1) & mask
        }
    }

    /// Adds `key`; true when it was not there yet.
    @discardableResult
    mutating func insert(_ key: UInt64) -> Bool {
        if key == 0 {
            defer { hasZero = true }
            return !hasZero
        }
        if (stored + 1) * 2 > slots.count { grow() }
        var at = Self.slot(key, mask)
        while true {
            let found = slots[at]
            if found == key { return false }
            if found == 0 {
                slots[at] = key
                stored += 1
                return true
            }
            at = (at + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for key in old where key != 0 {
            var at = Self.slot(key, mask)
            while slots[at] != 0 { at = (at + 1) & mask }
            slots[at] = key
        }
    }
}
