/// Market-research firms and news agencies: organisations articles cite as the *source* of figures,
/// almost never as the company the figures are about.
///
/// One signal among several for the company ranker (a feature, not a filter): context still decides
/// ("according to X", "X data showed", "X said"). Compiled by the Factwire project from the
/// organisations' own published names; part of this repository and under its licence. Names are
/// compared lower-cased, as the company detector writes them.
enum KnownSources {
    static let researchFirms: WordSet = [
        "idc", "international data", "international data corporation", "gartner", "canalys", "counterpoint",
        "counterpoint research", "trendforce", "strategy analytics",
        "omdia",
        "ihs", "ihs markit", "ihs isuppli", "isuppli", "displaysearch", "synergy research", "synergy", "digitimes",
        "digitimes research", "dscc", "display supply chain consultants", "sigmaintell", "cinno", "forrester",
        "nielsen",
        "kantar", "kantar worldpanel", "gfk", "euromonitor", "statista", "technavio", "mordor intelligence",
        "grand view research", "marketsandmarkets", "juniper research", "abi research", "dell'oro", "dell'oro group",
        "crisil", "icra", "yole", "yole développement", "ic insights", "wsts", "cirp", "sne research", "bloombergnef",
        "bnef", "rho motion", "wood mackenzie", "evaluatepharma", "iqvia", "techinsights", "techanalysis", "cmr",
        "cybermedia research", "techarc", "hsbc global research", "emarketer", "insider intelligence", "comscore",
        "similarweb", "sensor tower", "app annie", "data.ai", "newzoo", "ampere analysis", "mintel", "frost & sullivan",
        "frost", "global data", "globaldata", "jd power", "j.d. power", "mercator research", "jato", "jato dynamics",
        "marklines", "ev volumes", "ev-volumes", "adamas intelligence", "benchmark mineral intelligence", "knometa",
        "knometa research", "semi", "semiconductor industry association", "sia", "isaiah research", "morningstar",
        "factset", "refinitiv", "lseg", "s&p global", "s&p global market intelligence", "moody's", "fitch",
        "s&p capital iq", "capital iq", "zacks", "zacks investment research", "visible alpha", "bloomberg intelligence"
    ]

    static let newsAgencies: WordSet = [
        "reuters", "ap", "associated press", "afp", "agence france-presse", "bloomberg", "bloomberg news", "yonhap",
        "yonhap news agency", "yonhap infomax", "kyodo", "kyodo news", "xinhua", "pti", "ians", "ani", "uni",
        "dow jones",
        "dow jones newswires", "rttnews", "korea bizwire", "nikkei", "nikkei asia", "jiji", "jiji press", "bernama",
        "antara", "focus taiwan", "tass", "interfax", "dpa", "ansa", "efe", "business wire", "pr newswire",
        "globenewswire", "newswire", "cna", "central news agency", "the associated press", "marketwatch", "cnbc",
        "economic times", "business standard", "moneycontrol", "korea herald", "korea times", "the korea herald"
    ]

    /// News agencies named in more than one word, each followed by a space: a wire credit that runs on
    /// ("Associated Press Via Acquire Media NewsEdge") starts with one. (One-word names like "AP" also begin
    /// companies: "AP Moller".)
    static let agencyPrefixes = newsAgencies.filter { $0.hasByte(32) }.map { $0 + " " }

    /// Whether `name` (as the detector writes it) is a known research firm or news agency, or a wire credit
    /// that starts with an agency's full name.
    static func contains(_ name: String) -> Bool {
        let lower = Token.lowercase(name)
        return researchFirms.contains(lower) || newsAgencies.contains(lower)
            || agencyPrefixes.contains(where: lower.hasPrefix)
    }
}
