/// Fast conversion of a run of Unicode scalars back to a `String`.
///
/// `String.UnicodeScalarView.append(contentsOf:)` encodes scalar by scalar through generic iterators and
/// was a quarter of the extractor's time; writing the UTF-8 bytes straight into the new string's storage
/// is several times faster.
enum ScalarText {
    /// The text's scalars as an array, decoded in one pass: `Array(text.unicodeScalars)` counts the scalars
    /// first (a second decoding pass) to size the array.
    static func scalars(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        return scalars
    }

    static func string(_ s: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        guard from < to else { return "" }
        // The exact length first: a capacity of up to 15 bytes makes a small string, stored inline. Most
        // words fit, and a small string needs no allocation, no reference counting, and compares with a
        // literal by its bits; a larger capacity (four bytes per scalar) would have put every word of four
        // letters or more on the heap.
        var length = 0
        for k in from..<to {
            let v = s[k].value
            length += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
        }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var n = 0
            for k in from..<to {
                let v = s[k].value
                if v < 0x80 {
                    buffer[n] = UInt8(v)
                    n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | (v >> 6))
                    buffer[n + 1] = UInt8(0x80 | (v & 0x3F))
                    n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | (v >> 12))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | (v & 0x3F))
                    n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | (v >> 18))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 3] = UInt8(0x80 | (v & 0x3F))
                    n += 4
                }
            }
            return n
        }
    }
}

extension ScalarText {
    /// `s[from..<to]` in lower case when it is all ASCII (nil otherwise: Unicode case mapping is for
    /// `lowercased()`), made straight from the scalars.
    static func lowercased(_ s: [Unicode.Scalar], _ from: Int, _ to: Int) -> String? {
        guard from < to else { return "" }
        for k in from..<to where s[k].value >= 0x80 { return nil }
        return String(unsafeUninitializedCapacity: to - from) { buffer in
            for k in from..<to {
                let v = UInt8(truncatingIfNeeded: s[k].value)
                buffer[k - from] = v >= 65 && v <= 90 ? v + 32 : v
            }
            return to - from
        }
    }
}

extension StringProtocol {
    /// The first occurrence of `needle`, compared byte for byte in UTF-8.
    ///
    /// With Foundation imported, `contains(_:)` and `range(of:)` on strings go through NSString's
    /// locale-aware search, which showed up as several per cent of the extractor's profile for needles that
    /// are plain ASCII words and punctuation. Needles start with a lead byte, so a match starts on a scalar.
    ///
    /// The search runs over the contiguous bytes: the generic `firstRange(of:)` of the UTF-8 view steps string
    /// indices one by one and was itself a few per cent of the profile (title × company names).
    func utf8Range(of needle: String) -> Range<Index>? {
        let found: Range<Int>? =
            utf8.withContiguousStorageIfAvailable { hay in
                var needle = needle
                return needle.withUTF8 { Self.firstOffsets(of: $0, in: hay) }
            } ?? String(self).utf8.withContiguousStorageIfAvailable { hay in
                var needle = needle
                return needle.withUTF8 { Self.firstOffsets(of: $0, in: hay) }
            } ?? nil
        guard let found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: found.lowerBound)
        return lower..<utf8.index(lower, offsetBy: found.count)
    }

    /// Byte offsets of the first occurrence of `needle` in `hay`.
    static func firstOffsets(of needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let first = needle.first else { return 0..<0 }
        let n = needle.count
        guard hay.count >= n else { return nil }
        var i = 0
        let last = hay.count - n
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n, hay[i + k] == needle[k] { k += 1 }
                if k == n { return i..<(i + n) }
            }
            i += 1
        }
        return nil
    }

    /// Whether `needle` occurs, compared byte for byte in UTF-8 (see ``utf8Range(of:)``).
    func utf8Contains(_ needle: String) -> Bool { utf8Range(of: needle) != nil }

    /// Whether the UTF-8 bytes hold `byte`, searched over the contiguous bytes (the generic `utf8.contains`
    /// steps string indices one by one, a few instructions per byte more).
    func hasByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// Whether every byte is ASCII: then a byte is a character, and words can be split byte by byte.
    var isASCII: Bool {
        utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// The text without leading and trailing tabs and spaces (``Unicode/Scalar/isSpaceOrTab``): what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` returns, without building a `CharacterSet` and bridging per call,
    /// which cost about 1 % of the extractor's profile on short lines and addresses.
    /// It cuts between scalars, as Foundation does, not between characters: a combining mark after a leading space
    /// stays and the space goes.
    func trimmingSpaces() -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceOrTab }),
            let last = scalars.lastIndex(where: { !$0.isSpaceOrTab })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Whether the text is empty or only tabs and spaces (``Unicode/Scalar/isSpaceOrTab``).
    var isBlank: Bool { unicodeScalars.allSatisfy(\.isSpaceOrTab) }
}

extension Unicode.Scalar {
    /// A tab, a space separator (general category Zs) or the zero-width space: the members of Foundation's
    /// `CharacterSet.whitespaces`, which adds U+200B to the Zs its documentation names.
    var isSpaceOrTab: Bool {
        value == 0x20 || value == 0x09
            || value >= 0x80 && (value == 0x200B || properties.generalCategory == .spaceSeparator)
    }
}
