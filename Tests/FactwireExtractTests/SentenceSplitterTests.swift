import FactwireExtract
import Testing

@Suite("Sentence splitter")
struct SentenceSplitterTests {
    let splitter = SentenceSplitter()

    func split(_ text: String) -> [String] { splitter.sentences(in: text).map(\.text) }

    @Test("abbreviations, initials and decimals do not end sentences")
    func abbreviations() {
        let text =
            "Larkspur Inc. said U.S. sales rose 3.5% in Jan. to $1.2 billion. Mr. J. Doe, e.g. its chief, agreed. No. 2 rival Cobalt Corp. fell."
        #expect(
            split(text) == [
                "Larkspur Inc. said U.S. sales rose 3.5% in Jan. to $1.2 billion.",
                "Mr. J. Doe, e.g. its chief, agreed.",
                "No. 2 rival Cobalt Corp. fell."
            ])
        // A currency marker written with a period is no sentence end either.
        #expect(
            split("Turnover rose to Ksh.48.1 billion from Ksh. 27.4 billion. Costs fell.") == [
                "Turnover rose to Ksh.48.1 billion from Ksh. 27.4 billion.", "Costs fell."
            ])
    }

    @Test("quotes and parentheses stay with their sentence")
    func quotes() {
        let text = "\"We grew fast.\" The CEO smiled. (Results were strong.) Next year? \"Maybe,\" she said."
        #expect(
            split(text) == [
                "\"We grew fast.\"", "The CEO smiled.", "(Results were strong.)", "Next year?", "\"Maybe,\" she said."
            ])
    }

    @Test("paragraph breaks end sentences; offsets point into the input")
    func paragraphs() {
        let text = "Headline without period\n\nFirst sentence. Second one"
        let sentences = splitter.sentences(in: text)
        #expect(sentences.map(\.text) == ["Headline without period", "First sentence.", "Second one"])
        let scalars = Array(text.unicodeScalars)
        for sentence in sentences {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[sentence.start..<sentence.end])
            #expect(String(view) == sentence.text)
        }
    }

    @Test("a PDF's 'o' bullets inside one line start list items; 'o' in prose does not")
    func pdfBullets() {
        let text =
            "KESTREL REPORTS FIRST-QUARTER RESULTS o Revenue: $2.1 billion, up 4 percent; o Net income: $310 million"
        #expect(
            split(text) == [
                "KESTREL REPORTS FIRST-QUARTER RESULTS", "Revenue: $2.1 billion, up 4 percent;",
                "Net income: $310 million"
            ])
        #expect(split("The vowel o is round.") == ["The vowel o is round."])
    }
}
