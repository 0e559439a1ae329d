/// The words that say what a figure measures, and the words that say it is not a fact we keep.
///
/// A cue is a phrase of lower-case tokens. The extractor attaches each quantity to the nearest cue in its
/// clause; a *block* cue nearest to a quantity (EPS, dividend, margin, orders, share price, cost…) means the
/// quantity is not a market figure at all.
enum Cue: Sendable, Equatable {
    case revenue, netIncome, netLoss, operatingProfit, rd, marketShare, shipments, headcount, market
    case other(String)
    case block

    /// The fact metric for a money amount next to this cue.
    var moneyMetric: (Fact.Metric, String?)? {
        switch self {
        case .revenue: (.revenue, nil)
        case .netIncome, .netLoss: (.netIncome, nil)
        case .operatingProfit: (.operatingProfit, nil)
        case .rd: (.rdSpend, nil)
        case .market: (.marketSize, nil)
        case .other(let detail): (.other, detail)
        default: nil
        }
    }

    /// What a growth rate next to this cue is the growth of.
    var growthOf: String? {
        switch self {
        case .revenue: "revenue"
        case .netIncome, .netLoss: "net_income"
        case .operatingProfit: "operating_profit"
        case .rd: "rd_spend"
        case .shipments: "shipments"
        case .market: "market_size"
        case .other(let detail): detail
        default: nil
        }
    }
}

enum CueLexicon {
    /// Phrases by their first word, longest first.
    static let phrases: [String: [([String], Cue)]] = {
        let list: [(String, Cue)] = [
            ("revenue", .revenue), ("revenues", .revenue), ("sales", .revenue), ("net sales", .revenue),
            ("turnover", .revenue),
            ("top line", .revenue), ("topline", .revenue), ("income from operations", .operatingProfit),
            ("net profit", .netIncome), ("net profits", .netIncome), ("net income", .netIncome), ("profit", .netIncome),
            ("profits", .netIncome), ("net earnings", .netIncome), ("earned", .netIncome), ("net loss", .netLoss),
            ("loss", .netLoss), ("losses", .netLoss), ("lost", .netLoss), ("attributable profit", .netIncome),
            ("operating profit", .operatingProfit), ("operating profits", .operatingProfit),
            ("operating income", .operatingProfit),
            ("ebit", .operatingProfit), ("operating loss", .operatingProfit),
            ("earnings before interest and taxes", .operatingProfit),
            ("earnings before interest and tax", .operatingProfit),
            ("earnings before interest , taxes , depreciation and amortization", .other("ebitda")),
            ("earnings before interest , tax , depreciation and amortisation", .other("ebitda")),
            ("earnings before interest , taxes , depreciation and amortisation", .other("ebitda")),
            // (with the serial comma)
            ("earnings before interest , taxes , depreciation , and amortization", .other("ebitda")),
            ("earnings before interest , tax , depreciation , and amortisation", .other("ebitda")),
            ("earnings before interest , taxes , depreciation , and amortisation", .other("ebitda")),
            ("profit before tax", .other("profit_before_tax")), ("pre-tax profit", .other("profit_before_tax")),
            ("pretax profit", .other("profit_before_tax")), ("pre tax profit", .other("profit_before_tax")),
            ("profit before taxes", .other("profit_before_tax")), ("ebitda", .other("ebitda")),
            ("oibda", .other("ebitda")), ("ebit-adjusted", .operatingProfit), ("adjusted ebit", .operatingProfit),
            ("ordinary profit", .other("ordinary_profit")), ("recurring profit", .other("ordinary_profit")),
            ("gross profit", .other("gross_profit")), ("free cash flow", .other("free_cash_flow")),
            ("r & d", .rd), ("r and d", .rd), ("research and development", .rd), ("research & development", .rd),
            ("r & d staff", .block), ("r & d employees", .block), ("r & d personnel", .block), ("r & d centre", .block),
            ("r & d center", .block), ("r & d centers", .block), ("r & d engineers", .block),
            ("r & d headcount", .block),
            ("market share", .marketShare), ("share of the market", .marketShare), ("marketing share", .marketShare),
            ("share", .marketShare), ("shipments", .shipments), ("shipped", .shipments), ("sold", .shipments),
            ("shipping", .shipments), ("ships", .shipments), ("deliveries", .shipments), ("delivered", .shipments),
            ("headcount", .headcount), ("workforce", .headcount), ("employs", .headcount), ("employed", .headcount),
            ("employee count", .headcount), ("staff of", .headcount), ("employees of", .headcount),
            ("spending", .market), ("market", .market), ("industry", .market), ("market size", .market),
            ("market value", .block),
            // Not market figures.
            ("per share", .block), ("a share", .block), ("per equity share", .block), ("earnings per share", .block),
            ("eps", .block),
            ("per-share", .block), ("dividend", .block), ("dividends", .block), ("margin", .block), ("margins", .block),
            ("orders", .block), ("order intake", .block), ("bookings", .block), ("price", .block), ("prices", .block),
            ("shares", .block), ("stock", .block), ("basis points", .block), ("estimate", .block),
            ("estimates", .block),
            ("cost", .block), ("costs", .block), ("deficit", .block), ("contributions", .block), ("capex", .block),
            ("capital expenditure", .block), ("capital expenditures", .block), ("ratio", .block), ("attrition", .block),
            ("valuation", .block), ("market capitalization", .block), ("market capitalisation", .block),
            ("market cap", .block),
            ("debt", .block), ("cash", .block), ("assets", .block), ("fine", .block), ("penalty", .block),
            ("acquisition", .block),
            ("deal", .block), ("bought", .block), ("acquire", .block), ("tax", .block), ("taxes", .block),
            ("wages", .block),
            ("salary", .block), ("apiece", .block), ("buyback", .block), ("repurchase", .block),
            ("compensation", .block),
            ("charge", .block), ("charges", .block), ("impairment", .block), ("divestment", .block),
            ("divestments", .block),
            ("gains", .block), ("gain", .block), ("related", .block), ("one-off", .block), ("funding", .block),
            ("raised", .block),
            ("loan", .block), ("bond", .block), ("bonds", .block), ("worth", .block), ("valued", .block),
            ("mark of", .block),
            ("hovering", .block), ("threshold", .block), ("target", .block), ("goal", .block), ("budget", .block),
            ("subsidies", .block), ("subsidy", .block), ("investment", .block), ("invest", .block),
            ("invested", .block), ("expenses", .block), ("expense", .block), ("expenditure", .block),
            ("expenditures", .block), ("opex", .block),
            ("r & d investment", .rd), ("r & d spending", .rd), ("r & d expenses", .rd), ("r & d budget", .rd),
            ("r & d spend", .rd), ("r & d expenditure", .rd), ("research and development spending", .rd),
            ("research and development expenses", .rd), ("research and development budget", .rd),
            ("r & d expense", .rd), ("r & d expenditures", .rd), ("research and development expense", .rd),
            ("research and development expenditure", .rd), ("research and development expenditures", .rd),
            ("research spending", .rd), ("research budget", .rd), ("research expenses", .rd),
            ("research outlays", .rd), ("research expenditure", .rd), ("spending on research", .rd),
            ("r & d intensity", .rd), ("research intensity", .rd)
        ]
        var table: [String: [([String], Cue)]] = [:]
        for (phrase, cue) in list {
            let words = phrase.split(separator: " ").map(String.init)
            table[words[0], default: []].append((words, cue))
        }
        for key in table.keys { table[key]!.sort { $0.0.count > $1.0.count } }
        return table
    }()

    /// The first words of ``phrases``: most tokens are none, and this answers with the token's own hash
    /// before the dictionary hashes the word again.
    static let phraseStarts = WordSet(phrases.keys.sorted())

    /// Words that make a percent a change ("up 5%", "a 5% rise"), and whether they mean a fall.
    static let changeWords: [String: Bool] = [
        "up": false, "rise": false, "rises": false, "rose": false, "risen": false, "rising": false, "increase": false,
        "increased": false, "increases": false, "increasing": false, "grew": false, "grow": false, "grows": false,
        "growing": false,
        "growth": false, "gain": false, "gained": false, "gains": false, "jump": false, "jumped": false, "jumps": false,
        "surge": false, "surged": false, "soared": false, "soaring": false, "climb": false, "climbed": false,
        "higher": false,
        "advanced": false, "expanded": false, "improved": false, "more": false,
        "down": true, "fell": true, "fall": true, "falls": true, "falling": true, "decline": true, "declined": true,
        "declines": true, "declining": true, "decrease": true, "decreased": true, "decreases": true, "drop": true,
        "dropped": true, "drops": true, "lower": true, "slump": true, "slumped": true, "dip": true, "dipped": true,
        "shrank": true, "shrink": true, "plunge": true, "plunged": true, "slid": true, "tumbled": true,
        "contracted": true,
        "slipped": true, "sank": true, "shed": true, "fallen": true, "plummeted": true, "eased": true, "dived": true,
        "retreated": true, "rebounded": false, "spiked": false, "soar": false, "soars": false, "rallied": false,
        // Headlines write the present tense ("Kestrel profit plunges 41%"); reports, the participle.
        "surges": false, "surging": false, "climbs": false, "climbing": false, "advances": false, "expands": false,
        "expanding": false, "improves": false, "rebounds": false, "spikes": false, "rallies": false, "jumping": false,
        "plunges": true, "plunging": true, "slumps": true, "slumping": true, "dips": true, "dipping": true,
        "shrinks": true, "shrinking": true, "slides": true, "sliding": true, "tumbles": true, "tumbling": true,
        "slips": true, "slipping": true, "sinks": true, "sinking": true, "plummets": true, "plummeting": true,
        "dives": true, "decreasing": true, "contracting": true, "sheds": true
    ]

    /// Phrases right after a percent that make it a year-on-year or sequential change on their own.
    static let comparisonWords: WordSet = [
        "year-on-year", "year-over-year", "yoy", "y-o-y", "sequentially", "quarter-on-quarter", "quarter-over-quarter",
        "qoq"
    ]

    /// Words that turn a capitalised name nearby into a pronoun-like reference ("the company", "its").
    static let anaphors: WordSet = [
        "it", "its", "company", "firm", "vendor", "group", "giant", "maker", "manufacturer",
        "carrier", "operator", "chipmaker", "automaker", "carmaker", "retailer", "lender", "bank", "insurer", "we",
        "our", "major", "telco", "conglomerate", "drugmaker", "titan", "behemoth", "heavyweight", "multinational",
        "producer", "startup"
    ]

    /// Words that begin a forecast.
    static let forecastWords: WordSet = [
        "projects", "projected", "project", "forecast", "forecasts", "forecasted", "guidance",
        "outlook", "target", "targets", "expects", "anticipates", "predicts", "projection", "projections", "sees",
        "aims"
    ]

    /// Words that make a figure expected rather than reported.
    static let expectedWords: WordSet = ["will", "would", "expected", "likely", "set"]
}
