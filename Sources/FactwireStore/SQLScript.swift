/// Splits a SQL script into its statements.
///
/// PostgresNIO speaks only the extended query protocol, which takes one statement at a time, so a
/// migration file is split here and each statement sent on its own. The splitter understands
/// everything that can hide a `;`: single-quoted strings (with `''`), `E'…'` strings (with `\'`),
/// quoted identifiers, `--` and nested `/* */` comments, and dollar-quoted bodies (`$$…$$`,
/// `$fn$…$fn$`). Statements that are only comments or white space are dropped.
public enum SQLScript {
    /// The statements of `script`, in order, without their terminating `;`.
    public static func statements(in script: String) -> [String] {
        let chars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var hasCode = false
        var i = 0

        func append(_ range: Range<Int>) { current.append(contentsOf: chars[range]) }
        func flush() {
            let text = String(current).trimmingWhitespace()
            if hasCode && !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasCode = false
        }

        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "-" where next == "-":
                let end = chars[i...].firstIndex(of: "\n") ?? chars.count
                append(i..<end)
                i = end
            case "/" where next == "*":
                var depth = 0
                var j = i
                while j < chars.count {
                    if chars[j] == "/", j + 1 < chars.count, chars[j + 1] == "*" {
                        depth += 1
                        j += 2
                        continue
                    }
                    if chars[j] == "*", j + 1 < chars.count, chars[j + 1] == "/" {
                        depth -= 1
                        j += 2
                        if depth == 0 { break }
                        continue
                    }
                    j += 1
                }
                append(i..<min(j, chars.count))
                i = min(j, chars.count)
            case "'":
                let backslashEscapes =
                    i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e")
                    && (i < 2 || !isIdentifierCharacter(chars[i - 2]))
                let end = quotedEnd(chars, from: i, quote: "'", backslashEscapes: backslashEscapes)
                append(i..<end)
                hasCode = true
                i = end
            case "\"":
                let end = quotedEnd(chars, from: i, quote: "\"", backslashEscapes: false)
                append(i..<end)
                hasCode = true
                i = end
            case "$":
                if let tagEnd = dollarTagEnd(chars, from: i), i == 0 || !isIdentifierCharacter(chars[i - 1]) {
                    let tag = Array(chars[i...tagEnd])
                    var j = tagEnd + 1
                    var closed = chars.count
                    while j + tag.count <= chars.count {
                        if chars[j] == "$" && Array(chars[j..<(j + tag.count)]) == tag {
                            closed = j + tag.count
                            break
                        }
                        j += 1
                    }
                    append(i..<closed)
                    hasCode = true
                    i = closed
                } else {
                    current.append(c)
                    hasCode = true
                    i += 1
                }
            case ";":
                flush()
                i += 1
            default:
                if !c.properties.isWhitespace { hasCode = true }
                current.append(c)
                i += 1
            }
        }
        flush()
        return statements
    }

    private static func quotedEnd(
        _ chars: [Unicode.Scalar], from start: Int, quote: Unicode.Scalar, backslashEscapes: Bool
    ) -> Int {
        var j = start + 1
        while j < chars.count {
            if backslashEscapes && chars[j] == "\\" {
                j += 2
                continue
            }
            if chars[j] == quote {
                if j + 1 < chars.count && chars[j + 1] == quote {
                    j += 2
                    continue
                }
                return j + 1
            }
            j += 1
        }
        return chars.count
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start`, or nil if this `$` is not one
    /// (a positional parameter like `$1`, say).
    private static func dollarTagEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        var j = start + 1
        while j < chars.count {
            let c = chars[j]
            if c == "$" { return j }
            if j == start + 1 && c.properties.numericType != nil { return nil }
            if !isIdentifierCharacter(c) { return nil }
            j += 1
        }
        return nil
    }

    private static func isIdentifierCharacter(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
