/// White space as a browser shows it: runs of spaces, tabs, newlines and no-break spaces are one space.
enum HTMLText {
    /// `text` with white-space runs collapsed to one space and both ends trimmed.
    static func collapse(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.utf8.count)
        var space = false
        for c in text.unicodeScalars {
            if isSpace(c) {
                space = true
                continue
            }
            if space && !out.isEmpty { out.unicodeScalars.append(" ") }
            space = false
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// Collapsed, and nil when nothing is left.
    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = collapse(text)
        return collapsed.isEmpty ? nil : collapsed
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 9, 10, 11, 12, 13, 32, 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// Characters a reader sees: white-space runs count once (what readability's lengths measure).
    static func visibleLength(_ text: String, afterSpace: inout Bool) -> Int {
        var count = 0
        for c in text.unicodeScalars {
            if isSpace(c) {
                if !afterSpace {
                    count += 1
                    afterSpace = true
                }
            } else {
                count += 1
                afterSpace = false
            }
        }
        return count
    }
}
