import Foundation

/// Words that tell company names apart from the other capitalised words of an article.
enum CompanyNames {
    /// Legal endings dropped from canonical names ("Marlow SA" → "Marlow"). Descriptive endings stay: "Kestrel
    /// Motors" is the company's name as written, and dropping "Motors" from "General Motors" leaves a word.
    static let suffixes: WordSet = [
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc", "ag", "sa", "se",
        "nv", "gmbh", "group", "holdings", "holding", "kk", "bhd", "spa", "ab", "asa", "oyj", "pte", "pty"
    ]
    /// Endings that describe the business ("Huawei Technologies", "Kestrel Motors"): they join a name to the
    /// words before it like the legal ones do, but stay in it.
    static let descriptiveSuffixes: WordSet = [
        "technologies", "technology", "electronics", "motor", "motors", "systems"
    ]

    /// Verbs of speech: before a name they mark a person ("said Eric Xu"); after one they say nothing of it
    /// ("chief executive of Kestrel, said").
    static let speechVerbs: WordSet = ["said", "says", "told"]

    /// Titles before or after a person's name ("CFO Meng Wanzhou", "John Chambers, chairman"), and the verbs of
    /// speech.
    static let titles: WordSet = speechVerbs.union([
        "billionaire", "tycoon", "boss", "ceo", "cfo", "coo", "cto", "cio", "chairman", "chairwoman", "chair",
        "president", "officer", "director", "editor",
        "analyst", "founder", "co-founder", "cofounder", "executive", "vp", "spokesperson", "spokesman", "spokeswoman",
        "head", "manager",
        "minister",
        "secretary", "mr", "ms", "mrs", "dr", "prof", "reporter", "correspondent", "partner",
        "chief",
        "economist", "strategist", "professor", "senator", "governor", "mayor", "contributor", "writer", "columnist"
    ])

    /// Capitalised words that are not names (sentence starts, finance terms, dates, places).
    static let stopWords: WordSet = {
        let words = """
            the a an in on at for from by with as it its this that these those we our i he she they their his her but and or so \
            while when since after before despite although however also meanwhile earlier last next according asked even both \
            each all some other others many most more what how why where who which there here then thus yet still just only now \
            today yesterday tomorrow furthermore moreover separately overall total fiscal annual quarterly interim year quarter \
            q1 q2 q3 q4 h1 h2 fy net \
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
            yoy qoq mea cee anz asean dach benelux nordics rs usd inr cny rmb eur gbp jpy krw hkd sgd aud cad chf \
            experts analysts officials executives sources \
            reports report reported says said analysis statement press release emea apac apj latam ebita oibda ifrs \
            cagr among amid ranked rank top ranking vendor vendors brand brands others other usg cc roe roce roic arpu \
            opex fcf cffo ocf gmv aum cogs ytd ttm kpi esg ipo mou capex cfo ebitdar pbt pat fmcg al ev evs bev bevs \
            phev phevs hev suv suvs \
            mumbai bengaluru bangalore delhi chennai hyderabad taipei hsinchu osaka frankfurt munich zurich stockholm \
            helsinki oslo amsterdam madrid milan moscow dubai riyadh lagos nairobi johannesburg cairo jakarta manila hanoi \
            bangkok sydney melbourne toronto vancouver chicago seattle boston armonk cupertino redmond wolfsburg stuttgart \
            guangzhou hangzhou whereas similarly alongside likewise additionally conversely instead nonetheless \
            nevertheless notably together elsewhere lower higher turnover high low another every several such any either \
            neither few much own same former latter volume change number isin ticker symbol rns used gross cost costs \
            highlights highlight summary outlook guidance overview snapshot recap takeaways key figures
            """
        return WordSet(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Words that end a run of capitalised words inside it: titles, and the verbs and finance nouns of
    /// Title Case headlines.
    static let runBreaks: WordSet = titles.union([
        "says", "reports", "reported", "posts", "posted", "rises", "rose", "falls", "fell", "beats", "misses", "sees",
        "expects", "announces", "record", "profit", "profits", "revenue", "revenues", "sales", "net", "quarterly",
        "results",
        "earnings", "q1", "q2", "q3", "q4", "full", "year", "quarter", "half", "fiscal", "shares", "stock", "consensus",
        "to", "in", "on", "at", "for", "from", "by", "with", "as", "is", "was", "are", "were", "has", "have", "had",
        "will",
        "vs", "the", "billionaire", "tycoon", "boss", "founder", "improves", "gains", "grows", "tops", "leads",
        "overtakes",
        "surpasses", "loses", "drops", "slips", "jumps", "climbs", "raises", "cuts", "launches", "unveils", "hits",
        "reaches",
        "posts", "logs", "books", "widens", "narrows", "plunges", "soars", "surges", "slumps", "misses", "extends",
        "new", "ceos", "cfos", "executives", "chiefs", "bosses"
    ])

    /// Words after a sentence's first word that mark it as an ordinary noun ("Pricing was steady", "Turnover of").
    static let commonWordFollowers: WordSet = [
        "of", "was", "were", "is", "are", "for", "in", "and", "to", "from", "at",
        "on", "by", "with", "as", "remained", "rose", "fell", "grew", "increased", "decreased", "declined", "improved",
        // "Domestic sales rose", "Global shipments fell": an adjective before what is measured
        "sales", "revenue", "revenues", "shipments", "deliveries", "demand", "volume", "volumes", "prices", "orders",
        // "Given our results", "Despite the slowdown": a preposition or participle before a determiner
        "our", "the", "a", "an", "its", "their", "this", "these", "those", "his", "her", "we", "it", "they"
    ]

    /// Forms of "to be" after a sentence's first word.
    static let copulas: WordSet = ["is", "was", "are", "were"]
    /// Verbs that follow a company's name as often as a measured noun ("Kestrel grew its share", "Demand grew"):
    /// after them, as after a copula, only lower-case use elsewhere shows the word is a noun.
    static let ambiguousFollowers: WordSet = [
        "remained", "rose", "fell", "grew", "increased", "decreased", "declined", "improved"
    ]

    /// Endings of English common nouns and adjectives that start sentences ("Pricing", "Guidance", "Forward").
    static func looksCommon(_ lower: String) -> Bool {
        [
            "ing", "ion", "ions", "ment", "ments", "ness", "ity", "ance", "ence", "ure", "ures", "ward", "wards", "ly",
            "ed", "over"
        ]
        .contains { lower.count > $0.count + 2 && lower.hasSuffix($0) }
    }

    /// Places written as several capitalised words, never a company on their own.
    static let places: WordSet = [
        "united states", "united kingdom", "hong kong", "south korea", "north korea", "new york",
        "saudi arabia", "new delhi", "united arab emirates", "south africa", "latin america", "north america",
        "south america",
        "middle east", "southeast asia", "asia pacific", "new zealand", "sri lanka", "silicon valley", "wall street",
        "san francisco", "los angeles", "mainland china", "greater china", "western europe", "eastern europe",
        "central europe"
    ]

    /// Stop words that name a computing platform or medium: a product's name may start with one ("Windows Mobile").
    static let platformWords: WordSet = [
        "windows", "android", "ios", "internet", "web", "cloud", "data", "ai", "tv", "pc"
    ]

    /// Regions written as codes or single words, beside the countries and cities above: "SEA", "EMEA" and "DACH" are
    /// never a company's name.
    static let regionWords: WordSet = [
        "us", "usa", "uk", "eu", "emea", "apac", "apj", "latam", "mea", "cee", "asean", "americas", "nordics",
        "benelux", "dach", "anz", "sea"
    ]

    /// A country or city, by name or by code ("Japan", "U.K.", "USA"): in parentheses after a name it says where the
    /// company is ("Marlow (U.K.)"), and is neither its ticker nor its alias.
    static func isPlace(_ token: Token) -> Bool { isPlace(text: token.lower) }

    /// Whether the parentheses opening at `open` hold a place; "(U.K.)" is read as the tokens "U", ".", "K", ".".
    static func isPlaceInParentheses(_ tokens: [Token], open: Int) -> Bool {
        var text = ""
        var k = open + 1
        while k < tokens.count, k <= open + 6, tokens[k].text != ")" {
            text += tokens[k].lower
            k += 1
        }
        return k < tokens.count && tokens[k].text == ")" && isPlace(text: text)
    }

    private static func isPlace(text: String) -> Bool {
        var word = text
        while word.hasSuffix(".") { word.removeLast() }
        return namePlaces.contains(word) || countryCodes.contains(word)
    }

    static let countryCodes: WordSet = ["u.s", "u.k", "us", "uk", "usa", "eu", "uae", "prc"]

    /// Stock exchanges named beside tickers ("NYSE: IBM").
    static let exchanges: WordSet = [
        "nyse", "nasdaq", "lse", "tse", "krx", "kosdaq", "bse", "nse", "hkex", "sehk", "sgx",
        "asx", "tsx", "twse", "tpex", "otc", "xetra", "euronext", "six", "jse", "set", "idx", "klse", "pse", "hose",
        "hnx"
    ]

    /// Function words trimmed from the start of a name even when it ends in a legal suffix (then place words
    /// stay: "Korea Widget Manufacturing Co").
    static let leadingFunctionWords: WordSet = [
        "the", "a", "an", "in", "on", "at", "for", "from", "by", "with", "as",
        "and", "or", "but", "while", "when", "since", "after", "before", "according", "both", "also", "meanwhile",
        "rival",
        "rivals", "its", "their", "our", "his", "her", "this", "that", "these", "those"
    ]

    /// Countries and cities that begin names when a name word follows them ("Korea Widget
    /// Manufacturing", "Norway Ferry Lines", "Osaka Brightworks"); alone, or before a word that is no name, they are
    /// places. Nationality adjectives are not here: "Chinese Xiaomi" is a description.
    static let namePlaces: WordSet = [
        "china", "japan", "korea", "india", "europe", "america", "asia", "africa", "germany", "france", "britain",
        "england", "italy", "spain", "canada", "mexico", "brazil", "russia", "taiwan", "singapore", "australia",
        "vietnam", "thailand", "indonesia", "malaysia", "philippines", "norway", "sweden", "denmark", "finland",
        "netherlands", "switzerland", "israel", "turkey", "poland", "ireland", "scotland", "belgium", "austria",
        "portugal", "greece", "argentina", "chile", "nigeria", "egypt", "kenya", "pakistan", "bangladesh", "london",
        "paris", "berlin", "tokyo", "seoul", "beijing", "shanghai", "shenzhen", "mumbai", "delhi", "osaka", "dubai",
        "guangzhou", "hangzhou", "taipei", "bangkok", "sydney", "toronto", "chicago", "boston"
    ]

    /// A word naming a trade ("chipmaker", "drugmakers", "automaker") or a relation to the company the article is
    /// about ("Rival Marlow Brands", "Parent Kestrel Holdings"): before a name it describes the company, and is no
    /// part of its name.
    static func isTradeDescription(_ lower: String) -> Bool {
        (lower.hasSuffix("maker") && lower.count > 6) || (lower.hasSuffix("makers") && lower.count > 7)
            || relationWords.contains(lower)
    }

    static let relationWords: WordSet = [
        "rival", "rivals", "archrival", "arch-rival", "competitor", "competitors", "peer", "peers", "parent",
        "subsidiary", "affiliate"
    ]

    /// Cities that open wire stories' datelines ("SEOUL", "FRANKFURT"), besides ``namePlaces``: written in
    /// capitals before the first sentence's subject, they are no part of its name.
    static let datelineCities: WordSet = namePlaces.union([
        "bengaluru", "bangalore", "hyderabad", "chennai", "kolkata", "pune", "gurugram", "noida", "frankfurt",
        "munich", "hamburg", "stockholm", "helsinki", "oslo", "copenhagen", "zurich", "geneva", "milan", "rome",
        "madrid", "barcelona", "lisbon", "amsterdam", "brussels", "luxembourg", "dublin", "vienna", "prague",
        "warsaw", "moscow", "istanbul", "riyadh", "doha", "cairo", "lagos", "nairobi", "johannesburg", "jakarta",
        "manila", "hanoi", "incheon", "busan", "nagoya", "yokohama", "hsinchu", "kaohsiung", "macau", "melbourne",
        "wellington", "washington", "detroit", "seattle", "houston", "dallas", "atlanta", "ottawa", "montreal",
        "vancouver", "santiago", "lima", "bogota"
    ])

    /// Tags news wires put on a story's version or kind ("(UPDATE)", "(URGENT)", "(2nd LD)").
    static let wireTags: WordSet = [
        "update", "urgent", "lead", "ld", "exclusive", "corrected", "correction", "refile", "refiled", "recast",
        "breaking", "flash", "analysis", "factbox", "interview", "wrapup"
    ]

    /// Legal-form words: a run that ends in one is a company's full name.
    static let legalForms: WordSet = [
        "inc", "incorporated", "corp", "corporation", "co", "ltd", "limited", "plc", "llc",
        "ag", "sa", "se", "nv", "gmbh", "kk", "bhd", "spa", "ab", "asa", "oyj", "pte", "pty"
    ]

    /// "July-September", "Jan-Mar": a span of months.
    static func isMonthSpan(_ lower: String) -> Bool {
        // "july-september", "july-to-september"
        guard lower.hasByte(UInt8(ascii: "-")) else { return false }
        let parts = lower.split(separator: "-").filter { $0 != "to" }
        return parts.count == 2 && parts.allSatisfy { stopWords.contains(String($0)) }
    }

    /// Words that, right after a name, make it the subject of a verb rather than the author of the source noun
    /// after them: "Tallis beat analysts' estimates", "Veltro told analysts", "Kestrel to report".
    static let verbsAfterName: WordSet = [
        "beat", "beats", "missed", "misses", "topped", "tops", "met", "meets", "exceeded", "exceeds", "surpassed",
        "outpaced", "trailed", "lagged", "disappointed", "surprised", "defied", "pleased", "impressed", "reassured",
        "told", "tells", "briefed", "gave", "gives", "showed", "to", "will", "would", "may", "might", "could",
        "should", "can", "must", "did", "does"
    ]

    /// Nouns after a name that make it a source rather than the subject ("the Nikkei business daily").
    /// Nouns after a source noun that make it a modifier, no publication: "data center", "research spending",
    /// "news business" (``CompanyDetector/isCompound(_:_:)``).
    static let compoundHeads: WordSet = [
        "center", "centers", "centre", "centres", "spending", "budget", "budgets", "expenses", "outlays", "expenditure",
        "intensity", "unit", "units", "business", "businesses", "division", "segment", "arm", "operations"
    ]

    static let sourceNouns: WordSet = [
        "daily", "newspaper", "report", "reports", "data", "research", "survey", "study",
        "analysts", "analyst", "estimates", "economists", "economist", "researchers", "tracker", "trackers", "index",
        "magazine", "journal", "agency", "news", "consensus", "poll"
    ]

    /// The canonical form of a name: legal suffixes dropped, when something is left.
    static func canonical(_ words: [String]) -> String {
        var kept = words
        // Legal suffixes, and a lone capital left of a dotted one the tokens split ("S.A." → "S", "N.V." → "N").
        while kept.count > 1, let last = kept.last,
            suffixes.contains(Token.lowercase(last.hasSuffix(".") ? String(last.dropLast()) : last))
                || last.count == 1 && last.unicodeScalars.allSatisfy({ $0.properties.isUppercase })
                    && kept[kept.count - 2] != "&"  // "K&W", "B&Q" keep their last letter
        {
            kept.removeLast()
        }
        // "Merck & Co." without its "Co.": the "&" goes too.
        if kept.count > 1, kept.last == "&" { kept.removeLast() }
        return join(kept)
    }

    /// Joins name tokens, keeping "&" tight ("AT&T", "R&D").
    /// "&" stays tight between short parts ("AT&T", "S&P", "H&M") and is spaced between words
    /// ("Procter & Gamble", "Johnson & Johnson"), as each is written.
    static func join(_ words: [String]) -> String {
        var out = ""
        for (index, word) in words.enumerated() {
            if index > 0 {
                let ampersand = word == "&" ? index : words[index - 1] == "&" ? index - 1 : nil
                if let at = ampersand {
                    let before = at > 0 ? words[at - 1].count : 0
                    let after = at + 1 < words.count ? words[at + 1].count : 0
                    if before > 2 || after > 2 { out += " " }
                } else {
                    out += " "
                }
            }
            out += word
        }
        return out
    }
}

extension CompanyNames {
    /// Words trimmed from the end of a name run: function words, finance terms and dates, but not the
    /// nouns that end real names ("Google Cloud", "BT Group", "Bank of America", "Marlow Brands", "Kestrel Partners").
    static let tailStops: WordSet = {
        let keep: Set<String> = [
            "cloud", "web", "group", "technology", "research", "data", "development", "business", "internet",
            "financial", "finance", "national", "global", "international", "america", "americas", "europe", "asia",
            "india",
            "china", "japan", "korea", "company", "industry", "windows", "android", "development", "devices", "systems",
            "brands", "partners"
        ]
        return stopWords.subtracting(keep)
    }()
}
