/// Fast conversion of a run of Unicode scalars back to a `String`.
///
/// `String.UnicodeScalarView.append(contentsOf:)` encodes scalar by scalar through generic iterators and
/// was a quarter of the extractor's time; writing the UTF-8 bytes straight into the new string's storage
/// is several times faster.
enum ScalarText {
    static func string(_ s: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        guard from < to else { return "" }
        return String(unsafeUninitializedCapacity: (to - from) * 4) { buffer in
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

extension StringProtocol {
    /// The first occurrence of `needle`, compared byte for byte in UTF-8.
    ///
    /// With Foundation imported, `contains(_:)` and `range(of:)` on strings go through NSString's
    /// locale-aware search, which showed up as several per cent of the extractor's profile for needles that
    /// are plain ASCII words and punctuation. Needles start with a lead byte, so a match starts on a scalar.
    func utf8Range(of needle: String) -> Range<Index>? { utf8.firstRange(of: needle.utf8) }

    /// Whether `needle` occurs, compared byte for byte in UTF-8 (see ``utf8Range(of:)``).
    func utf8Contains(_ needle: String) -> Bool { utf8Range(of: needle) != nil }
}
