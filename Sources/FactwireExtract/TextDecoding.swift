import Foundation

/// Turns submitted bytes into clean text, or says clearly why it cannot.
///
/// UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are decoded as such;
/// bytes that are not valid UTF-8 are read as Windows-1252 (which also covers Latin-1's printable
/// range), the usual encoding of older pages. The result is NFC-normalized, line endings become `\n`,
/// and control characters other than tab and newline are removed. Input with NUL bytes or mostly
/// control characters is refused as binary.
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
        // One pass: count control characters (binary data shows up as many C0/C1 controls; a few stray
        // ones in text are just dropped), turn CR and CRLF into LF, and note whether NFC can change anything.
        var controls = 0
        var total = 0
        var needsCleaning = false
        var mayNeedNFC = false
        for scalar in text.unicodeScalars {
            total += 1
            if scalar.value == 0 { throw Failure(reason: .binary) }
            if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) || scalar.value == 0xFEFF || scalar.value == 0x200B {
                if scalar != "\n" && scalar != "\t" {
                    needsCleaning = true
                    if scalar != "\r" && scalar.value < 0xA0 { controls += 1 }
                }
            } else if scalar.value >= 0x300 && !mayNeedNFC {
                // Only combining marks and conjoining jamo can change under NFC.
                mayNeedNFC = scalar.properties.canonicalCombiningClass != .notReordered || (0x1100...0x11FF).contains(scalar.value)
                    || scalar.properties.isGraphemeExtend
            }
        }
        if controls >= 4 && controls * 10 > total { throw Failure(reason: .binary) }
        if needsCleaning {
            var cleaned = String.UnicodeScalarView()
            var previousCR = false
            for scalar in text.unicodeScalars {
                if scalar == "\r" { cleaned.append("\n"); previousCR = true; continue }
                defer { previousCR = false }
                if scalar == "\n" && previousCR { continue }
                if !isUnwantedControl(scalar) { cleaned.append(scalar) }
            }
            text = String(cleaned)
        }
        let normalized = mayNeedNFC ? text.precomposedStringWithCanonicalMapping : text
        guard normalized.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw Failure(reason: .empty) }
        return (normalized, encoding)
    }

    static func isUnwantedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0xFEFF, 0x200B: true  // stray byte-order marks and zero-width spaces
        default: false
        }
    }

    static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1252: Latin-1 except 0x80–0x9F, which hold typographic characters (€, smart quotes, dashes).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
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
