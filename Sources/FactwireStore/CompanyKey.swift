/// The identity of a company across articles: the canonical name lower-cased, punctuation dropped,
/// white space collapsed ("Amazon.com" and "Amazon com" agree; "AT&T" keeps its ampersand).
public enum CompanyKey {
    public static func make(_ name: String) -> String {
        var out = ""
        var space = false
        for c in name.lowercased().unicodeScalars {
            if c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "&" {
                if space && !out.isEmpty { out.unicodeScalars.append(" ") }
                space = false
                out.unicodeScalars.append(c)
            } else {
                space = true
            }
        }
        return out
    }
}
