/// The words and symbols the quantity parser knows. All lookups are lower-cased.
enum QuantityLexicon {
    /// Currency markers written before the number, longest first so "US$" wins over "$".
    static let prefixCurrencies: [(String, String)] = [
        ("usd$", "USD"), ("mex$", "MXN"), ("mx$", "MXN"), ("us$", "USD"), ("hk$", "HKD"), ("nz$", "NZD"),
        ("nt$", "TWD"), ("s$", "SGD"), ("a$", "AUD"), ("c$", "CAD"),
        ("r$", "BRL"), ("rm", "MYR"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"),
        ("₩", "KRW"),
        ("rs.", "INR"), ("rs", "INR"), ("inr", "INR"), ("rmb", "CNY"), ("cny", "CNY"), ("usd", "USD"), ("eur", "EUR"),
        ("gbp", "GBP"), ("jpy", "JPY"), ("krw", "KRW"), ("hkd", "HKD"), ("sgd", "SGD"), ("aud", "AUD"), ("cad", "CAD"),
        ("chf", "CHF"), ("sek", "SEK"), ("nok", "NOK"), ("dkk", "DKK"), ("twd", "TWD"), ("brl", "BRL"), ("zar", "ZAR"),
        // Africa, the Middle East, South and Southeast Asia, Latin America (regional outlets write these).
        ("ksh.", "KES"), ("ksh", "KES"), ("kes", "KES"), ("₦", "NGN"), ("ngn", "NGN"), ("gh₵", "GHS"), ("ghs", "GHS"),
        ("e£", "EGP"), ("egp", "EGP"), ("tsh", "TZS"), ("tzs", "TZS"), ("ush", "UGX"), ("ugx", "UGX"), ("aed", "AED"),
        ("sar", "SAR"), ("qar", "QAR"), ("pkr", "PKR"), ("bdt", "BDT"), ("lkr", "LKR"), ("₱", "PHP"), ("idr", "IDR"),
        ("rp", "IDR"), ("vnd", "VND"), ("₫", "VND"), ("tk", "BDT"), ("thb", "THB"), ("฿", "THB"), ("myr", "MYR"),
        ("₺", "TRY"), ("₽", "RUB"),
        ("pln", "PLN"), ("cop", "COP"), ("clp", "CLP"), ("ars", "ARS"), ("mxn", "MXN"),
        // South African, Nigerian, Kenyan and Ghanaian papers: "R12.3 billion", "N450 million", "Sh2.1 billion",
        // "GH¢1.2 billion". Last, so the longer markers above win ("Rs", "NT$", "S$").
        ("gh¢", "GHS"), ("sh", "KES"), ("r", "ZAR"), ("n", "NGN")
    ]

    /// Markers so short that other things start the same way ("R1", "N95", "Sh1"): money only with a scale word.
    static let scaleOnlyPrefixes: WordSet = ["r", "n", "sh"]

    /// Currency words and codes written after the number (and its scale).
    static let suffixCurrencies: [String: String] = [
        "usd": "USD", "dollars": "USD", "dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD",
        "u.s. dollar": "USD", "eur": "EUR", "euros": "EUR",
        "euro": "EUR",
        "gbp": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "jpy": "JPY", "yen": "JPY", "cny": "CNY",
        "yuan": "CNY",
        "renminbi": "CNY", "rmb": "CNY", "krw": "KRW", "won": "KRW", "inr": "INR", "rupees": "INR", "rupee": "INR",
        "hkd": "HKD", "sgd": "SGD", "aud": "AUD", "cad": "CAD", "chf": "CHF", "swiss francs": "CHF", "francs": "CHF",
        "sek": "SEK", "kronor": "SEK", "nok": "NOK", "dkk": "DKK", "twd": "TWD", "taiwan dollars": "TWD", "brl": "BRL",
        "reais": "BRL", "mxn": "MXN", "pesos": "MXN", "myr": "MYR", "ringgit": "MYR",
        "kes": "KES", "shillings": "KES", "naira": "NGN", "ngn": "NGN", "rand": "ZAR", "zar": "ZAR", "cedis": "GHS",
        "egyptian pounds": "EGP", "dirhams": "AED", "aed": "AED", "riyals": "SAR", "sar": "SAR", "rupiah": "IDR",
        "idr": "IDR", "baht": "THB", "thb": "THB", "dong": "VND", "vnd": "VND", "lira": "TRY", "roubles": "RUB",
        "rubles": "RUB", "zloty": "PLN", "pkr": "PKR", "taka": "BDT"
    ]

    /// Scale words after the number (also attached: "1.2bn", "$40B").
    static let scales: [String: Double] = [
        "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
        "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
        "t": 1e12,
        "crore": 1e7, "crores": 1e7, "cr": 1e7, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5
    ]

    /// Scale abbreviations that only count when written right after the number or with a currency
    /// ("$5m", "5m euros"), since alone they are usually other units (5 m = five metres).
    static let weakScales: WordSet = ["m", "b", "k", "t", "cr"]

    /// Counted nouns, singular or plural, mapped to the unit reported.
    static let countNouns: [String: String] = [
        "units": "units", "unit": "units", "smartphones": "smartphones", "smartphone": "smartphones",
        "phones": "phones",
        "handsets": "handsets", "devices": "devices", "tablets": "tablets", "pcs": "pcs", "computers": "computers",
        "laptops": "laptops", "servers": "servers", "chips": "chips", "vehicles": "vehicles", "cars": "cars",
        "employees": "employees", "staff": "staff", "workers": "workers", "people": "people", "jobs": "jobs",
        "engineers": "engineers", "researchers": "researchers", "subscribers": "subscribers", "users": "users",
        "customers": "customers", "stores": "stores", "shipments": "units", "copies": "copies", "consoles": "consoles",
        "individuals": "employees", "automobiles": "vehicles", "tvs": "units", "televisions": "units",
        "systems": "units",
        // Other products research firms count.
        "panels": "panels", "notebooks": "notebooks", "wearables": "wearables", "smartwatches": "smartwatches",
        "trucks": "trucks", "motorcycles": "motorcycles", "scooters": "scooters", "two-wheelers": "two-wheelers",
        "evs": "vehicles", "monitors": "monitors", "printers": "printers", "wafers": "wafers", "headsets": "headsets",
        "drones": "drones"
    ]

    /// Words that cannot stand inside a noun phrase between a number and its counted noun ("5 million in
    /// sales to units", "300 more than units"): prepositions, conjunctions, determiners, verbs, periods.
    static let phraseBreaks: WordSet = [
        "and", "or", "but", "of", "in", "on", "at", "to", "from", "for", "by", "with", "as", "than", "per", "into",
        "the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "each", "every",
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "more", "less", "fewer",
        "shipped", "sold", "delivered", "year", "years", "quarter", "month", "months", "while", "which", "who"
    ]

    /// Qualifier phrases that may stand before a quantity, longest first.
    static let qualifiers: [(String, Quantity.Qualifier)] = [
        ("in excess of", .over), ("more than", .over), ("upwards of", .over), ("exceeding", .over), ("over", .over),
        ("above", .over), ("north of", .over), ("just under", .under), ("just below", .under), ("less than", .under),
        ("fewer than", .under), ("nearly", .under), ("almost", .under), ("close to", .under), ("under", .under),
        ("below", .under), ("approximately", .about), ("an estimated", .about), ("roughly", .about), ("around", .about),
        ("about", .about), ("some", .about), ("approx.", .about), ("up to", .upTo), ("as much as", .upTo),
        ("as many as", .upTo), ("at most", .upTo), ("at least", .atLeast), ("no less than", .atLeast)
    ]
}
