/// A money amount, percentage or count found in text: the quantity layer of extraction, on its own.
///
/// Values are in base units: 40,000,000,000 for "US$40 billion", 0.14 for "14 percent". Offsets count
/// Unicode scalars (code points), as Python and most JSON consumers index strings.
public struct Quantity: Sendable, Equatable, Codable {
    /// What kind of quantity this is.
    public enum Kind: String, Sendable, Codable {
        case money, percent
        case percentagePoints = "percentage_points"
        case count
    }

    /// How the text qualifies the number.
    public enum Qualifier: String, Sendable, Codable {
        case exact, over, under, about
        case upTo = "up_to"
        case atLeast = "at_least"
        case range
    }

    /// Whether this is one end of a "from X to Y" change.
    public enum Role: String, Sendable, Codable {
        case from, to
    }

    /// The text of the quantity itself (currency, number, scale, unit), without its qualifier.
    public var text: String
    /// Start offset (Unicode scalars) of ``text``.
    public var start: Int
    /// End offset (exclusive).
    public var end: Int
    /// The value in base units (the midpoint for a range; a fraction for percents).
    public var value: Double
    /// ISO 4217 code for money, `percent`, `percentage_points`, or the counted noun (`units`, `employees`, …).
    public var unit: String
    /// Money, percent, percentage points or count.
    public var kind: Kind
    /// exact, over, under, about, up_to, at_least or range.
    public var qualifier: Qualifier
    /// The bounds of a range ("between $2bn and $3bn", "3-5%").
    public var range: [Double]?
    /// Set when the quantity is one end of "from X to Y".
    public var role: Role?

    /// Creates a quantity.
    public init(
        text: String, start: Int, end: Int, value: Double, unit: String, kind: Kind, qualifier: Qualifier = .exact,
        range: [Double]? = nil, role: Role? = nil
    ) {
        self.text = text
        self.start = start
        self.end = end
        self.value = value
        self.unit = unit
        self.kind = kind
        self.qualifier = qualifier
        self.range = range
        self.role = role
    }
}
