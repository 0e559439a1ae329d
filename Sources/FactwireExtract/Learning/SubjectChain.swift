/// Consecutive figures of one sentence whose company the ranker chose, with no name between them: one subject's
/// figures ("the group booked sales of €4.1 billion, a gain of 7%, and an operating profit of €380 million"). The first
/// figure, read nearest the subject, decides the company for the rest, so a later figure, whose own reading is
/// further from any name, does not stray to another company.
struct SubjectChain {
    var sentence: Int
    /// The chain's last quantity in the sentence.
    var quantity: Int
    /// The chain's last fact, by index in the facts decided so far.
    var lastFact: Int
    var company: String

    /// A chain from a figure, or nil when its company is not the sentence's nearest name before it, or is named
    /// only after it: a figure the ranker gave past the nearest name, or to a name still to come, is too doubtful
    /// a subject to carry.
    init?(sentence index: Int, quantity: Int, lastFact: Int, company: String, in sentence: ReadSentence) {
        let start = sentence.reading.quantityTokens[quantity].lowerBound
        let named = sentence.mentions.filter { !$0.isSource }
        if let nearest = named.last(where: { $0.last < start }) {
            guard nearest.name == company else { return nil }
        } else if named.contains(where: { $0.name == company }) {
            return nil
        }
        self.sentence = index
        self.quantity = quantity
        self.lastFact = lastFact
        self.company = company
    }

    /// Words that point at one company of several already named ("ahead of the latter's 19%"): a new subject.
    static let pointers: WordSet = ["former", "latter", "former's", "latter's", "rival", "rival's", "rivals"]

    /// Whether a figure continues the chain: the next fact, in the same sentence, with no company named or
    /// pointed at between the chain's last figure and it.
    func continues(at candidate: Candidate, lastFact: Int, in sentence: ReadSentence) -> Bool {
        guard candidate.sentence == self.sentence, self.lastFact == lastFact else { return false }
        let from = sentence.reading.quantityTokens[quantity].upperBound
        let to = sentence.reading.quantityTokens[candidate.quantity].lowerBound
        guard from <= to else { return false }
        if sentence.mentions.contains(where: { !$0.isSource && $0.last >= from && $0.first < to }) { return false }
        return !sentence.reading.words[from..<to].contains { Self.pointers.contains($0) }
    }
}
