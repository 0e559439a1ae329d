/// Hashes feature strings to 64-bit ids (FNV-1a), so the model stores numbers, never the text it was
/// trained on, and a feature costs one pass over its bytes.
enum FeatureHash {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The id of `prefix` followed by `value` ("L1=" + "revenue"), without building the joined string.
    @inline(__always)
    static func id(_ prefix: String, _ value: String = "") -> UInt64 {
        continued(continued(offset, prefix), value)
    }

    /// The id of `prefix` followed by the parts, as of their concatenation ("chg&cue=" + "up" + "/" + "revenue"),
    /// without building it (a joined string past 15 bytes is a heap allocation).
    @inline(__always)
    static func id(_ prefix: String, _ a: String, _ b: String, _ c: String = "") -> UInt64 {
        continued(continued(continued(continued(offset, prefix), a), b), c)
    }

    /// `h` continued over the UTF-8 bytes of `text`. Over the contiguous bytes when the string has them (native
    /// and small strings do): iterating the UTF-8 view checks the string's form at every byte.
    @inline(__always)
    static func continued(_ h: UInt64, _ text: String) -> UInt64 {
        if let h = text.utf8.withContiguousStorageIfAvailable({ bytes in
            var h = h
            for byte in bytes { h = (h ^ UInt64(byte)) &* prime }
            return h
        }) {
            return h
        }
        var h = h
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* prime }
        return h
    }

    /// The id of raw bytes (a word read from UTF-8), the same as ``id(_:_:)`` of the string they spell.
    @inline(__always)
    static func id<C: Collection>(bytes: C) -> UInt64 where C.Element == UInt8 {
        var h = offset
        for byte in bytes { h = (h ^ UInt64(byte)) &* prime }
        return h
    }

    /// Combines two ids into the id of their conjunction.
    @inline(__always)
    static func pair(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = a ^ (b &* 0x9E37_79B9_7F4A_7C15)
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
