import Foundation

/// Words that tell company names apart from the other capitalised words of an article.
enum CompanyNames {
    /// Legal and descriptive endings dropped from canonical names ("Huawei Technologies" → "Huawei").
    static let suffixes: Set<String> = [
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc", "ag", "sa", "se", "nv",
        "gmbh", "group", "holdings", "holding", "technologies", "technology", "electronics", "motor", "motors", "systems",
        "kk", "bhd", "spa", "ab", "asa", "oyj", "pte", "pty",
    ]

    /// Titles before or after a person's name ("CFO Meng Wanzhou", "John Chambers, chairman").
    static let titles: Set<String> = [
        "ceo", "cfo", "coo", "cto", "cio", "chairman", "chairwoman", "chair", "president", "officer", "director", "editor",
        "analyst", "founder", "executive", "vp", "spokesperson", "spokesman", "spokeswoman", "head", "manager", "minister",
        "secretary", "mr", "ms", "mrs", "dr", "prof", "said", "says", "told", "reporter", "correspondent", "partner", "chief",
        "economist", "strategist", "professor", "senator", "governor", "mayor", "contributor", "writer", "columnist",
    ]

    /// Capitalised words that are not names (sentence starts, finance terms, dates, places).
    static let stopWords: Set<String> = {
        let words = """
        the a an in on at for from by with as it its this that these those we our i he she they their his her but and or so \
        while when since after before despite although however also meanwhile earlier last next according asked even both \
        each all some other others many most more what how why where who which there here then thus yet still just only now \
        today yesterday tomorrow furthermore moreover separately overall total fiscal year quarter q1 q2 q3 q4 h1 h2 fy net \
        income revenue revenues sales profit profits operating adjusted basic diluted consolidated underlying reported \
        earnings share shares per eps ebitda ebit gaap non-gaap results orders dividend board ceo cfo coo cto cio chief \
        executive officer president chairman director vice senior editor analyst mr ms mrs dr prof january february march \
        april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec \
        monday tuesday wednesday thursday friday saturday sunday us u.s u.k uk usa eu un china chinese japan japanese korea \
        korean south north east west india indian europe european america american americas asia asian africa african \
        germany german france french britain british england english italy italian spain spanish canada canadian mexico \
        brazil russia russian taiwan taiwanese hong kong singapore australia australian vietnam thailand indonesia \
        malaysia philippines norway norwegian sweden swedish denmark danish finland finnish netherlands dutch \
        switzerland swiss israel israeli saudi turkey turkish poland polish ireland irish scotland scottish belgium \
        belgian austria austrian portugal portuguese greece greek argentina chile mexican brazilian vietnamese thai \
        indonesian malaysian singaporean filipino nigeria nigerian egypt egyptian kenya pakistan pakistani bangladesh \
        london paris berlin tokyo seoul beijing shanghai shenzhen new york washington san francisco \
        jose silicon valley california texas las vegas wall street nasdaq nyse bse nse lse reuters bloomberg ap afp \
        r d ai it tv pc ip 4g 5g lte ios android windows internet web cloud data research development group company \
        government ministry department commission court parliament congress senate federal state city national global \
        worldwide international business industry market markets economy economic tech technology science financial \
        finance investors investor shareholders customers partners employees staff people consumers users let if do does \
        did not no yes one two three four five six seven eight nine ten first second third fourth fifth half record \
        though because over under about around nearly almost approximately up down to of is was are were be been has have \
        had will would can could should may might must shall via vs versus plus minus inside outside within without \
        read see click subscribe advertisement photo image source note notes update updated editing writing reporting \
        smartphone smartphones phone phones tablet tablets laptop laptops pcs devices device units servers chips \
        yoy qoq rs usd inr cny rmb eur gbp jpy krw hkd sgd aud cad chf experts analysts officials executives sources \
        reports report reported says said analysis statement press release
        """
        return Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Nouns after a name that make it a source rather than the subject ("the Nikkei business daily").
    static let sourceNouns: Set<String> = ["daily", "newspaper", "report", "reports", "data", "research", "survey", "study",
        "analysts", "analyst", "estimates", "economists", "economist", "researchers", "tracker", "trackers", "index", "magazine", "journal", "agency", "news"]

    /// The canonical form of a name: legal and descriptive suffixes dropped, when something is left.
    static func canonical(_ words: [String]) -> String {
        var kept = words
        while kept.count > 1, let last = kept.last, suffixes.contains(Token.lowercase(last.hasSuffix(".") ? String(last.dropLast()) : last)) {
            kept.removeLast()
        }
        return join(kept)
    }

    /// Joins name tokens, keeping "&" tight ("AT&T", "R&D").
    static func join(_ words: [String]) -> String {
        var out = ""
        for (index, word) in words.enumerated() {
            if index > 0 && word != "&" && words[index - 1] != "&" { out += " " }
            out += word
        }
        return out
    }
}

extension CompanyNames {
    /// Words trimmed from the end of a name run: function words, finance terms and dates, but not the
    /// nouns that end real names ("Google Cloud", "BT Group", "Bank of America").
    static let tailStops: Set<String> = {
        let keep: Set<String> = ["cloud", "web", "group", "technology", "research", "data", "development", "business", "internet",
            "financial", "finance", "national", "global", "international", "america", "americas", "europe", "asia", "india",
            "china", "japan", "korea", "company", "industry", "windows", "android", "development", "devices", "systems"]
        return stopWords.subtracting(keep)
    }()
}
