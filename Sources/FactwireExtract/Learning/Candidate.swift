/// One quantity of an article as the learned decisions see it: where it is, and what the hand-written
/// rules made of it (their verdict is one feature among many, not the answer).
struct Candidate: Sendable {
    /// Index of the sentence in ``ArticleContext/sentences``.
    var sentence: Int
    /// Index of the quantity in that sentence's reading.
    var quantity: Int
    /// The company the text was about when the sentence began.
    var focus: String?
    /// The previous sentence's last metric cue.
    var previousCue: Cue?
    /// The previous sentence gave money facts and this one has no cue of its own (a list continues).
    var listContinuation: Bool
    /// The rules' fact, with its company; nil when the rules kept nothing.
    var rule: Fact?
    /// The cue the rules read the quantity by.
    var ruleCue: Cue?
    /// Set when the rules read this amount as a conversion of an earlier candidate ("(US$2.1 billion)").
    var conversionOf: Int?
}

/// An article read once: its sentences, how salient each name is, and its candidates.
struct ArticleContext {
    var sentences: [ReadSentence]
    var salience: CompanySalience
    var candidates: [Candidate]
    /// Publication date (YYYY-MM-DD), for "last year".
    var published: String?
    /// The most-mentioned company the title names.
    let titled: String?
    /// The company the article is most about: the issuer the header names with a legal suffix, else the one the
    /// title names when the text shows it is a company, else the most-named one (a results release names its
    /// segments more often than its issuer).
    let main: String?
    /// Names the title contains.
    let inTitle: Set<String>
    /// The title's lower-case words ("U.S." as "u" and "s").
    let titleWords: Set<String>
    /// Whether the article is about research spending: its title says R&D or research, or two of its
    /// sentences with figures name R&D.
    let isAboutResearch: Bool
    /// The first company the header (section, title, dek) names, whether or not the body names it.
    let headerName: String?
    /// Whether the text gives consolidated figures: then the parent's standalone ones are a sub-line.
    let reportsConsolidated: Bool
    /// Names that are known research firms or news agencies.
    let knownSources: Set<String>
    /// Per sentence, its words (``CandidateFeatures/sentenceWords(_:)``) as feature ids, read and hashed once for
    /// all the candidates that look at them: those of sentences with a quantity and of the sentences right before
    /// those.
    let sentenceWordIDs: [SentenceWordIDs]
    /// Per table row with a quantity, the `hdr=` feature ids of its header's words
    /// (``CandidateFeatures/headerWordIDs(_:)``), made once for all the row's cells.
    let rowHeaderIDs: [[UInt64]]
    /// The fiscal calendar the article's text states, if any.
    var statedCalendar: FiscalCalendar?
    /// Year-end months that companies stated in earlier articles (canonical name → month).
    var rememberedYearEnds: [String: Int] = [:]
    /// The periods the article states, in reading order: the title's first, as sentence -1, then every
    /// sentence's; a sentence that states no figure counts only for a named quarter, half or fiscal year
    /// ("Kestrel reports third-quarter results"), not for a bare year ("founded in 1998").
    let statedPeriods: [(sentence: Int, label: String)]

    init(
        sentences: [ReadSentence], salience: CompanySalience, candidates: [Candidate], title: String?,
        headerName: String? = nil, published: String?
    ) {
        self.headerName = headerName
        self.sentences = sentences
        self.salience = salience
        self.candidates = candidates
        self.published = published
        // Names the title contains, in reading order (so ties between them break the same way every run).
        let titleNames = title.map { title in salience.order.filter { title.utf8Contains($0) } } ?? []
        titled = titleNames.max { (salience.mentions[$0] ?? 0) < (salience.mentions[$1] ?? 0) }
        main = salience.issuer ?? titled.flatMap { salience.isStrong($0) ? $0 : nil } ?? salience.main
        inTitle = Set(titleNames)
        let researchSentences = sentences.lazy.filter { $0.reading.cues.contains { $0.cue == .rd } }.prefix(2).count
        isAboutResearch =
            researchSentences >= 2
            || title.map { $0.lowercased().utf8Contains("r&d") || $0.lowercased().utf8Contains("research") } == true
        titleWords = Set(title.map { Token.tokenize(Array($0.unicodeScalars)).filter(\.isWord).map(\.lower) } ?? [])
        knownSources = Set(salience.order.filter(KnownSources.contains))
        reportsConsolidated = sentences.contains { $0.reading.words.contains("consolidated") }
        var sentenceWords = [[String]](repeating: [], count: sentences.count)
        for index in sentences.indices
        where !sentences[index].reading.quantities.isEmpty
            || index + 1 < sentences.count && !sentences[index + 1].reading.quantities.isEmpty
        {
            sentenceWords[index] = CandidateFeatures.sentenceWords(sentences[index].reading)
        }
        sentenceWordIDs = sentenceWords.map(SentenceWordIDs.init)
        var headerIDs = [[UInt64]](repeating: [], count: sentences.count)
        for index in sentences.indices where !sentences[index].reading.quantities.isEmpty {
            if let row = sentences[index].row { headerIDs[index] = CandidateFeatures.headerWordIDs(row) }
        }
        rowHeaderIDs = headerIDs
        var stated: [(sentence: Int, label: String)] = []
        if let title {
            let words = Token.tokenize(Array(title.unicodeScalars)).map(\.lower)
            if let label = SentenceReading.periodMentions(in: words).lazy.compactMap(\.label).first {
                stated.append((-1, label))
            }
        }
        for (index, sentence) in sentences.enumerated() {
            if !sentence.reading.quantities.isEmpty {
                if let label = sentence.reading.sentencePeriod { stated.append((index, label)) }
            } else if let label = SentenceReading.periodMentions(in: sentence.reading.tokens.map(\.lower)).lazy
                .compactMap(\.label).first(where: { $0.hasPrefix("Q") || $0.hasPrefix("H") || $0.hasPrefix("FY") })
            {
                stated.append((index, label))
            }
        }
        statedPeriods = stated
    }
}

/// A sentence's words as the ids of the metric model's `SW=` and `PSW=` features and the company model's
/// `nilSW=` features, in the words' order.
struct SentenceWordIDs {
    var sentence: [UInt64]
    var previous: [UInt64]
    var market: [UInt64]

    init(_ words: [String]) {
        sentence = words.map { FeatureHash.id("SW=", $0) }
        previous = words.map { FeatureHash.id("PSW=", $0) }
        market = words.map { FeatureHash.id("nilSW=", $0) }
    }
}
