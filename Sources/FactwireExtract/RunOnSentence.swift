/// A "sentence" of bullet points that lost their line breaks and marks: PDF text often arrives as one run,
/// "… orders and revenue both up 6% Industrial Business profit up 13%, at €8.7 billion; … within their target
/// ranges Net income of €5.6 billion reflects …".
///
/// Read whole, every figure sits beside every cue of the run, and the learned decisions see a hundred words of
/// context that belong to other points. Each point starts with a capitalised word right after a figure or an
/// ordinary word, with no punctuation between: prose puts a period there. Only runs far longer than sentences are
/// split, so a name in the middle of prose ("rose 4% Tuesday", "said Mara Lind") is never a point's start.
enum RunOnSentence {
    /// Words a sentence has before it is read as a run of points.
    static let longestSentence = 60
    /// The fewest words a point has.
    static let shortestPoint = 5
    /// Words after which a capitalised word continues the clause (a name after "and", "of", "said").
    static let joiners: WordSet = FactModel.functionWords.union(CompanyNames.speechVerbs).union([
        "including", "than", "like", "via", "per", "excluding", "except", "between", "among", "against", "over", "under"
    ])

    /// The token ranges of the run's points, or nil when the sentence is not a run of two points or more.
    static func points(_ tokens: [Token]) -> [Range<Int>]? {
        var words = 0
        for token in tokens where token.isWord { words += 1 }
        guard words > longestSentence else { return nil }
        var starts = [0]
        var wordsSinceStart = 0
        for k in tokens.indices {
            defer { if tokens[k].isWord { wordsSinceStart += 1 } }
            guard k > 0, tokens[k].isWord, tokens[k].isCapitalized, wordsSinceStart >= shortestPoint else { continue }
            let previous = tokens[k - 1]
            // Glued ("Revenue1", "Q4Fiscal") or written across a space only.
            guard previous.end < tokens[k].start else { continue }
            let endsFigure =
                previous.text == "%" || previous.text == ")"
                || previous.text.unicodeScalars.last.map(QuantityParser.isDigit) == true
                || ["billion", "million", "bn", "m", "percent"].contains(previous.lower)
            let endsWord =
                previous.isWord && !previous.isCapitalized && !joiners.contains(previous)
                && previous.text.unicodeScalars.first.map(QuantityParser.isLetter) == true
            guard endsFigure || endsWord else { continue }
            starts.append(k)
            wordsSinceStart = 0
        }
        // The last point must be a point too: a short tail stays with the one before.
        while starts.count > 1, tokens[starts[starts.count - 1]...].filter(\.isWord).count < shortestPoint {
            starts.removeLast()
        }
        guard starts.count >= 3 else { return nil }
        return zip(starts, starts.dropFirst() + [tokens.count]).map { $0..<$1 }
    }
}
