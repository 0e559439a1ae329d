import Foundation

/// CSV as RFC 4180 writes it: fields with a comma, quote or line break are quoted, quotes doubled.
public enum CSV {
    /// A number as a spreadsheet wants it: whole amounts without ".0" (12500000000), fractions as they are.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A field, quoted when it must be.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
