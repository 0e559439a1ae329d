/// A market figure stated in an article: who, what, how much, when, and the sentence that says so.
///
/// Field names follow the evaluation schema (`company`, `metric`, `value`, `unit`, `qualifier`, `period`,
/// `status`, `evidence`, `growth_of`, `comparison`, `metric_detail`, `range`, `derived`), so the JSON the
/// extractor writes is the JSON the scorer and the database read.
public struct Fact: Sendable, Equatable, Codable {
    /// What was measured.
    public enum Metric: String, Sendable, Codable, CaseIterable {
        case revenue
        case rdSpend = "rd_spend"
        case rdShareOfRevenue = "rd_share_of_revenue"
        case netIncome = "net_income"
        case operatingProfit = "operating_profit"
        case growth
        case marketShare = "market_share"
        case shipments, employees
        case marketSize = "market_size"
        case other
    }

    /// Whether the figure is a result or a projection.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case actual, forecast, expected
    }

    /// How a growth rate is compared.
    public enum Comparison: String, Sendable, Codable {
        case yoy, qoq
        case cagr = "CAGR"
    }

    /// The same figure in another form (a currency conversion in parentheses).
    public struct Alternative: Sendable, Equatable, Codable {
        public var value: Double
        public var unit: String
        public init(value: Double, unit: String) {
            self.value = value
            self.unit = unit
        }
    }

    /// Canonical company name; nil for market-level figures.
    public var company: String?
    public var metric: Metric
    /// Base units: 40000000000 for "US$40 billion", 0.14 for "14 percent", -0.03 for "fell 3%".
    public var value: Double
    /// ISO 4217 code, `percent`, `units` or `people`.
    public var unit: String
    public var qualifier: Quantity.Qualifier
    /// "FY2022", "Q3 2019", "H1 2020"…; nil when the text does not say.
    public var period: String?
    public var status: Status
    /// The sentence stating the figure.
    public var evidence: String
    /// Offsets of the evidence sentence in the article body (Unicode scalars).
    public var evidenceStart: Int
    public var evidenceEnd: Int
    /// For growth: the metric that grew (`revenue`, `net_income`, `profit_before_tax`…).
    public var growthOf: String?
    public var comparison: Comparison?
    /// For `other`: what it is (`profit_before_tax`, `ebitda_adjusted`…).
    public var metricDetail: String?
    /// The bounds of a range; ``value`` is the midpoint.
    public var range: [Double]?
    /// Other forms of the same figure.
    public var alternatives: [Alternative]?
    /// True when computed from other facts (R&D spend = share × revenue), not stated.
    public var derived: Bool?
    /// The quantity's text.
    public var text: String
    /// ``period`` placed in a fiscal calendar, with its kind and dates (what the database's `period_kind`,
    /// `fiscal_year`… columns hold).
    public var canonicalPeriod: CanonicalPeriod?

    enum CodingKeys: String, CodingKey {
        case company, metric, value, unit, qualifier, period, status, evidence
        case growthOf = "growth_of"
        case comparison
        case metricDetail = "metric_detail"
        case range, alternatives, derived, text
        case evidenceStart = "evidence_start"
        case evidenceEnd = "evidence_end"
        case canonicalPeriod = "canonical_period"
    }

    /// Creates a fact.
    public init(
        company: String?, metric: Metric, value: Double, unit: String, qualifier: Quantity.Qualifier = .exact,
        period: String? = nil, status: Status = .actual, evidence: String, evidenceStart: Int = 0, evidenceEnd: Int = 0,
        growthOf: String? = nil, comparison: Comparison? = nil, metricDetail: String? = nil, range: [Double]? = nil,
        alternatives: [Alternative]? = nil, derived: Bool? = nil, text: String = ""
    ) {
        self.company = company
        self.metric = metric
        self.value = value
        self.unit = unit
        self.qualifier = qualifier
        self.period = period
        self.status = status
        self.evidence = evidence
        self.evidenceStart = evidenceStart
        self.evidenceEnd = evidenceEnd
        self.growthOf = growthOf
        self.comparison = comparison
        self.metricDetail = metricDetail
        self.range = range
        self.alternatives = alternatives
        self.derived = derived
        self.text = text
    }
}
