/// Numbers as a person reads them in a table.
public enum NumberText {
    /// 40000000000 → "40,000,000,000"; a value with a fraction (or too large to hold as an integer) as
    /// Swift prints it.
    public static func grouped(_ value: Double) -> String {
        guard value == value.rounded(), abs(value) < 1e18 else { return "\(value)" }
        let digits = String(Int64(value).magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }
}
