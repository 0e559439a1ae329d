import Foundation

/// Turns submitted bytes into clean text, or says clearly why it cannot.
///
/// UTF-8 (with or without a byte-order mark) and UTF-16 (with a byte-order mark, or without one when its
/// zero bytes show the byte order) are decoded as such; bytes that are not valid UTF-8 are read as
/// Windows-1252 (which also covers Latin-1's printable range), the usual encoding of older pages. The
/// result is NFC-normalized, line endings become `\n`, and control characters other than tab and newline
/// are removed. Other input with NUL bytes, or with mostly control characters, is refused as binary.
public enum TextDecoding {
    /// Why bytes were refused.
    public struct Failure: Error, Equatable, CustomStringConvertible, Sendable {
        public enum Reason: String, Sendable { case empty, binary }
        public var reason: Reason
        /// Creates a failure.
        public init(reason: Reason) { self.reason = reason }
        public var description: String {
            switch reason {
            case .empty: "the document is empty (or only white space)"
            case .binary: "the document is binary, not text (it contains NUL bytes or mostly control characters)"
            }
        }
    }

    /// The encoding that was used.
    public enum Encoding: String, Sendable { case utf8, utf16LittleEndian, utf16BigEndian, windows1252 }

    /// Decodes `bytes`.
    /// - Throws: ``Failure`` for empty or binary input.
    public static func decode(_ bytes: [UInt8]) throws -> (text: String, encoding: Encoding) {
        var text: String
        var encoding: Encoding
        if bytes.starts(with: [0xFF, 0xFE]) {
            text = utf16(bytes.dropFirst(2), littleEndian: true)
            encoding = .utf16LittleEndian
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            text = utf16(bytes.dropFirst(2), littleEndian: false)
            encoding = .utf16BigEndian
        } else if let littleEndian = bomlessUTF16(bytes) {
            text = utf16(bytes[...], littleEndian: littleEndian)
            encoding = littleEndian ? .utf16LittleEndian : .utf16BigEndian
        } else {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if body.contains(0) { throw Failure(reason: .binary) }
            if let utf8 = String(validating: body, as: UTF8.self) {
                text = utf8
                encoding = .utf8
            } else {
                text = windows1252(body)
                encoding = .windows1252
            }
        }
        let cleaned = cleaning(text)
        if cleaned.controls >= 4 && cleaned.controls * 10 > cleaned.characters { throw Failure(reason: .binary) }
        guard cleaned.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw Failure(reason: .empty)
        }
        return (cleaned.text, encoding)
    }

    /// Text that did not come through ``decode(_:)``, made clean the same way: the strings of a JSON document,
    /// whose escapes ("\u0000", "\u0007", "\u00e2\u0082\u00ac") the decoder saw only as ASCII. PostgreSQL
    /// stores no NUL in text, and the extractor should read the same characters whatever the media type.
    public static func clean(_ text: String) -> String { cleaning(text).text }

    /// `text` with its mojibake repaired, line endings as `\n`, control characters other than tab and newline
    /// dropped (and stray byte-order marks and zero-width spaces), in NFC; with the number of control characters
    /// dropped (carriage returns aside) and of characters read, because many controls mark binary data.
    static func cleaning(_ text: String) -> (text: String, controls: Int, characters: Int) {
        // Before the control characters go: Latin-1 mojibake holds its continuation bytes as C1 controls.
        var text = repairingMojibake(text)
        // One pass over the UTF-8 bytes: count control characters (binary data shows up as many C0/C1
        // controls; a few stray ones in text are just dropped), note CRs to turn into LFs, and note whether
        // NFC can change anything. Bytes, not scalars: a web page is mostly ASCII, and this runs on all of it.
        var controls = 0
        var total = 0
        var needsCleaning = false
        var mayNeedNFC = false
        text.withUTF8 { u in
            let n = u.count
            var i = 0
            while i < n {
                let b = u[i]
                if b < 0x80 {
                    total += 1
                    if b < 0x20 || b == 0x7F, b != 0x0A, b != 0x09 {
                        needsCleaning = true
                        if b != 0x0D { controls += 1 }
                    }
                    i += 1
                    continue
                }
                if b & 0xC0 == 0x80 {
                    i += 1
                    continue
                }  // continuation byte
                total += 1
                if b == 0xC2, i + 1 < n, u[i + 1] < 0xA0 {
                    needsCleaning = true  // a C1 control
                    controls += 1
                } else if b == 0xEF, i + 2 < n, u[i + 1] == 0xBB,
                    u[i + 2] == 0xBF || b == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0x8B
                {
                    needsCleaning = true  // a stray byte-order mark or zero-width space
                } else if b >= 0xCC, !mayNeedNFC, let scalar = Self.scalar(at: i, in: u) {
                    mayNeedNFC = Self.mayChangeUnderNFC(scalar)
                }
                i += 1
            }
        }
        if needsCleaning {
            let cleaned = text.withUTF8 { u in
                var out: [UInt8] = []
                out.reserveCapacity(u.count)
                let n = u.count
                var i = 0
                while i < n {
                    let b = u[i]
                    if b == 0x0D {
                        out.append(0x0A)
                        i += (i + 1 < n && u[i + 1] == 0x0A) ? 2 : 1
                        continue
                    }
                    if b < 0x20 && b != 0x0A && b != 0x09 || b == 0x7F {
                        i += 1
                        continue
                    }
                    if b == 0xC2, i + 1 < n, u[i + 1] >= 0x80, u[i + 1] < 0xA0 {
                        i += 2
                        continue
                    }
                    if b == 0xEF, i + 2 < n, u[i + 1] == 0xBB, u[i + 2] == 0xBF {
                        i += 3
                        continue
                    }
                    if b == 0xE2, i + 2 < n, u[i + 1] == 0x80, u[i + 2] == 0x8B {
                        i += 3
                        continue
                    }
                    out.append(b)
                    i += 1
                }
                return String(decoding: out, as: UTF8.self)
            }
            text = cleaned
        }
        let normalized = mayNeedNFC ? text.precomposedStringWithCanonicalMapping : text
        return (normalized, controls, total)
    }

    /// The scalar whose (valid) UTF-8 encoding starts at `i`.
    static func scalar(at i: Int, in u: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        let b = u[i]
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        guard i + length <= u.count else { return nil }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(u[i + k] & 0x3F) }
        return Unicode.Scalar(value)
    }

    /// Whether NFC can change text holding `scalar`: combining marks, conjoining jamo, and other
    /// grapheme extenders, but not the joiner and variation selectors of emoji, which never compose.
    static func mayChangeUnderNFC(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200D, 0xFE00...0xFE0F, 0xE0100...0xE01EF: return false
        case 0x1100...0x11FF: return true
        default: return scalar.properties.canonicalCombiningClass != .notReordered || scalar.properties.isGraphemeExtend
        }
    }

    /// Whether `bytes` are UTF-16 written without a byte-order mark (some Windows tools and exports do), and in
    /// which order: true for little-endian. Text whose characters are mostly below U+0100 has a zero in the high
    /// byte of most units, always at the same parity; binary data has zeros at both, and UTF-8 text none. Read
    /// from the first 8 KiB: at least half the units with a zero high byte, and at most one in 100 with a zero
    /// low byte. Text with a few stray NULs stays refused as binary, and so does CJK text, with few zero bytes,
    /// rather than be misread.
    static func bomlessUTF16(_ bytes: [UInt8]) -> Bool? {
        let units = min(bytes.count, 8192) / 2
        guard units >= 4 else { return nil }
        var zeroEven = 0
        var zeroOdd = 0
        for unit in 0..<units {
            if bytes[2 * unit] == 0 { zeroEven += 1 }
            if bytes[2 * unit + 1] == 0 { zeroOdd += 1 }
        }
        let littleEndian = zeroOdd >= zeroEven
        let (high, low) = littleEndian ? (zeroOdd, zeroEven) : (zeroEven, zeroOdd)
        guard high * 2 >= units, low * 100 <= units else { return nil }
        return littleEndian
    }

    static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let a = UInt16(bytes[index])
            let b = UInt16(bytes[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// "â‚¬3.2 billion", "Itâ€™s", "CafÃ©": UTF-8 that a scraper read as Windows-1252 (or Latin-1) and saved again
    /// as UTF-8, the usual mojibake of page text. Repaired where one of the three lead characters that make up
    /// nearly all of it (Â and Ã, which begin the UTF-8 of U+0080–U+00FF, and â, which begins U+2000–U+2FFF:
    /// quotes, dashes, €) stands before the characters of the continuation bytes, and together they are valid
    /// UTF-8. Written text keeps them: "pâte" and "SÃO" have no continuation byte after the lead.
    static func repairingMojibake(_ text: String) -> String {
        // Most text has none: the UTF-8 of Â (C3 82), Ã (C3 83) and â (C3 A2) is looked for first.
        let hasLead = text.utf8.withContiguousStorageIfAvailable { u in
            var i = 0
            while i + 1 < u.count {
                if u[i] == 0xC3, u[i + 1] == 0x82 || u[i + 1] == 0x83 || u[i + 1] == 0xA2 { return true }
                i += 1
            }
            return false
        }
        guard hasLead ?? true else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var i = 0
        while i < scalars.count {
            let lead = scalars[i].value
            let length = lead == 0xC2 || lead == 0xC3 ? 2 : lead == 0xE2 ? 3 : 0
            if length > 0, i + length <= scalars.count {
                var bytes: [UInt8] = [UInt8(lead)]
                for k in 1..<length {
                    guard let byte = continuationByte(scalars[i + k]) else { break }
                    bytes.append(byte)
                }
                if bytes.count == length, let decoded = String(validating: bytes, as: UTF8.self),
                    let scalar = decoded.unicodeScalars.first
                {
                    out.append(scalar)
                    changed = true
                    i += length
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return changed ? String(out) : text
    }

    /// The byte 0x80–0xBF (a UTF-8 continuation byte) that Windows-1252 or Latin-1 shows as `scalar`, if any.
    static func continuationByte(_ scalar: Unicode.Scalar) -> UInt8? {
        if (0x80...0xBF).contains(scalar.value) { return UInt8(scalar.value) }
        guard let index = windows1252High.firstIndex(of: scalar.value) else { return nil }
        return UInt8(0x80 + index)
    }

    /// Windows-1252: Latin-1 except 0x80–0x9F, which hold typographic characters (€, smart quotes, dashes).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
        0x017E, 0x0178
    ]

    static func windows1252(_ bytes: [UInt8]) -> String {
        var view = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            view.append(Unicode.Scalar(value)!)
        }
        return String(view)
    }
}
