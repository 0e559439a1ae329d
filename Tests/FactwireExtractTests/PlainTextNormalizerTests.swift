import Testing

@testable import FactwireExtract

/// Pages written for these tests (invented outlets, people and figures).
@Suite("Plain-text normalization")
struct PlainTextNormalizerTests {
    let normalizer = PlainTextNormalizer()

    static let crumbedPage = """
        Home & Office
        Networking

        Larkspur Networks lifts revenue to $12.5 billion as router sales climb

        The Oslo-based equipment maker says it will keep spending heavily on research.
        Written by Mara Lindqvist, Senior Reporter on

        Larkspur Networks reported revenue of $12.5 billion for fiscal 2025, up 9% from a year earlier.

        Share this article
        Advertisement

        The Norwegian vendor spent more than 18% of its revenue on research and development.

        We may earn a commission when you buy through links on our site.
        Editorial standards
        """

    @Test("section, title, dek, author and role come out of a scraped page; chrome does not reach the body")
    func crumbedPage() {
        let article = normalizer.normalize(Self.crumbedPage)
        #expect(article.section == "Home & Office › Networking")
        #expect(article.title == "Larkspur Networks lifts revenue to $12.5 billion as router sales climb")
        #expect(article.dek == "The Oslo-based equipment maker says it will keep spending heavily on research.")
        #expect(article.author == "Mara Lindqvist")
        #expect(article.authorRole == "Senior Reporter")
        #expect(article.published == nil)
        #expect(article.paragraphs.count == 2)
        #expect(!article.body.contains("Advertisement"))
        #expect(!article.body.contains("Editorial standards"))
        #expect(!article.body.contains("commission"))
        #expect(article.wordCount == 30)
    }

    @Test(
        "bylines in their usual forms",
        arguments: [
            (
                "Written by Mara Lindqvist, Senior Reporter on March 4, 2025", "Mara Lindqvist", "Senior Reporter",
                "2025-03-04"
            ),
            ("By Tomas Verhoeven", "Tomas Verhoeven", nil, nil),
            ("By Ana de Souza, Technology Editor", "Ana de Souza", "Technology Editor", nil),
            ("Priya Raman | Reuters", "Priya Raman", nil, nil),
            ("JONAS ELLERBY AP Business Writer", "JONAS ELLERBY", "AP Business Writer", nil),
            ("Mara Lindqvist Staff Reporter", "Mara Lindqvist", "Staff Reporter", nil)
        ] as [(String, String, String?, String?)])
    func bylines(line: String, name: String, role: String?, date: String?) {
        let article = normalizer.normalize(
            "Headline of the day\n\n\(line)\n\nBody text follows here with a figure of 5%.")
        #expect(article.author == name)
        #expect(article.authorRole == role)
        #expect(article.published == date)
        #expect(article.title == "Headline of the day")
    }

    @Test("a block of list lines right under the title is body, not a dek: its figures are read")
    func listBlockUnderTitle() {
        let page = """
            Biggest Employers in the Region

            3. Pinecrest Foods
            > Total employees: 41,000
            > Revenue: $7.2 billion

            Pinecrest runs bakeries in four countries.
            """
        let article = normalizer.normalize(page)
        #expect(article.title == "Biggest Employers in the Region")
        #expect(article.dek == nil)
        #expect(article.paragraphs.first?.contains("> Revenue: $7.2 billion") == true)
    }

    @Test("a wire desk's note to editors under the date line is neither the title nor a company")
    func editorsNote() {
        let page = """
            (EDS: UPDATES with guidance; ADDS chart)

            HALDEN, May 4 (Wirepost) -- Marlow Heavy Industries Co. said Tuesday its first-quarter net profit rose 6 percent.
            """
        let article = normalizer.normalize(page)
        #expect(article.title == nil)
        #expect(article.dek == nil)
        #expect(article.paragraphs.count == 1)
        #expect(PlainTextNormalizer.isEditorsNote("(ATTN: RECASTS throughout)"))
        #expect(!PlainTextNormalizer.isEditorsNote("(Reporting by Ana Ruiz: editing by Tom Lee)"))
    }

    @Test("a page saved without blank lines has its title and date lines read as header; its text stays one block")
    func pageWithoutBlankLines() {
        let page = """
            Kestrel Q2 net profit soars 40 pct to 1.2 tln won
            14:10 July 22, 2021
            HALDEN, July 22 (Wirepost) -- Kestrel Co on Thursday reported a second-quarter net profit of 1.2 trillion won.
            The company said it posted 1.5 trillion won in operating profit for the quarter.
            TOUCH PANELS
            Marlow revenue drops 8%

            """
        let article = normalizer.normalize(page)
        #expect(article.title == "Kestrel Q2 net profit soars 40 pct to 1.2 tln won")
        #expect(article.published == "2021-07-22")
        #expect(article.paragraphs.count == 1, "\(article.paragraphs)")
        #expect(article.paragraphs.first?.hasPrefix("HALDEN, July 22") == true)
        #expect(article.paragraphs.first?.hasSuffix("Marlow revenue drops 8%") == true)
    }

    @Test("a Title Case headline that ends in a role word stays the title")
    func headlineEndingInRole() {
        let article = normalizer.normalize("Marlow Appoints New Editor\n\nMarlow named a new editor on Monday.")
        #expect(article.title == "Marlow Appoints New Editor")
        #expect(article.author == nil)
    }

    @Test(
        "dates count only with day, month and year",
        arguments: [
            ("March 31, 2014", "2014-03-31"), ("31 March 2014", "2014-03-31"), ("2014-03-31", "2014-03-31"),
            ("Mar. 3, 2021", "2021-03-03"), ("March 31", nil), ("2014", nil)
        ] as [(String, String?)])
    func dates(text: String, expected: String?) {
        let article = normalizer.normalize("A headline\n\nBy Kim Larsen on \(text)\n\nBody.")
        #expect(article.published == expected)
    }

    @Test("a wire story hard-wrapped at a fixed width is read as sentences, whatever word starts a line")
    func hardWrappedStory() {
        let article = normalizer.normalize(
            """
            BERGEN, June 9 Sales of electric ferries across the Nordic
            countries reached a record last year, the trade group Fjord
            Maritime Council reported in its annual review on Thursday.
            Operators ordered 48 vessels against 31 a year before, and
            Kestrel built more of them than any rival yard, ahead of
            Marlow and
            Veltro, which shared the rest of the orders about equally.
            Ports had held back orders until charging rules were settled
            in a regulation that was finally adopted in
            2025 after two years of talks between the member states.
            """)
        #expect(
            article.paragraphs == [
                "BERGEN, June 9 Sales of electric ferries across the Nordic countries reached a record last year, the "
                    + "trade group Fjord Maritime Council reported in its annual review on Thursday.\nOperators ordered "
                    + "48 vessels against 31 a year before, and Kestrel built more of them than any rival yard, ahead of "
                    + "Marlow and Veltro, which shared the rest of the orders about equally.\nPorts had held back orders "
                    + "until charging rules were settled in a regulation that was finally adopted in 2025 after two "
                    + "years of talks between the member states."
            ])
        #expect(PlainTextNormalizer.continuesLine(previous: "ahead of Marlow and", next: "Veltro, which"))
        #expect(!PlainTextNormalizer.continuesLine(previous: "Quarterly results", next: "Veltro ordered two."))
        #expect(
            PlainTextNormalizer.hardWrapWidth(PlainTextNormalizer.lines("Short title\nShort line\nAnother")) == nil,
            "a few short lines are headings, not a wrapped story")
    }

    @Test("a short label ending in ':' joins the value the wrap moved to the next line; a units line joins no header")
    func labelJoinsWrappedValue() {
        #expect(PlainTextNormalizer.continuesLine(previous: "- Sales:", next: "18.64 billion euros"))
        #expect(PlainTextNormalizer.continuesLine(previous: "Dividend 2:", next: "€1.15, an increase of 9%"))
        #expect(
            !PlainTextNormalizer.continuesLine(
                previous: "All figures below are in millions:", next: "Q4 2025 Units | Q4 2025 Share"))
        #expect(!PlainTextNormalizer.continuesLine(previous: "Highlights:", next: "Revenue rose 4%."))
    }

    @Test("a page without byline or headings is all body")
    func plainBody() {
        let article = normalizer.normalize(
            "Cobalt Systems said sales rose 4%. It expects more.\n\nA second paragraph follows.")
        #expect(article.title == nil)
        #expect(article.author == nil)
        #expect(article.paragraphs.count == 2)
    }

    @Test("a date on a line of its own after the byline or under the title is the publication date, not body text")
    func standaloneDate() {
        let afterByline = normalizer.normalize(
            """
            Brackett Corp widens its lead

            By Ines Calder, Markets Editor

            March 3, 2026

            Brackett Corp said its revenue rose 7% to $2 billion.
            """)
        #expect(afterByline.published == "2026-03-03")
        #expect(afterByline.author == "Ines Calder")
        #expect(afterByline.paragraphs == ["Brackett Corp said its revenue rose 7% to $2 billion."])
        let underTitle = normalizer.normalize(
            """
            Brackett Corp widens its lead

            Updated: Tue 3 March 2026 10:42 GMT

            Brackett Corp said its revenue rose 7% to $2 billion.

            On March 4, 2026 the company said it would hire.
            """)
        #expect(underTitle.title == "Brackett Corp widens its lead")
        #expect(underTitle.published == "2026-03-03")
        #expect(underTitle.paragraphs.count == 2, "a sentence that mentions a date stays in the body")
        #expect(PlainTextNormalizer.standaloneDate("2026-03-03") == "2026-03-03")
        #expect(PlainTextNormalizer.standaloneDate("Revenue rose on March 3, 2026") == nil)
        #expect(PlainTextNormalizer.standaloneDate("March 2026") == nil)
    }
    @Test(
        "a page's first line naming its address is provenance; a date field glued to the text is the publication date")
    func addressAndDateField() {
        let article = normalizer.normalize(
            """
            # source: https://news.example/markets/kestrel-posts-record-profit
             date 2026-03-03 Kestrel posted record quarterly revenue of $2 billion on Tuesday.

            Readers can find the filing at
            https://filings.example/kestrel/q1
            """)
        #expect(article.published == "2026-03-03")
        #expect(article.paragraphs.first == "Kestrel posted record quarterly revenue of $2 billion on Tuesday.")
        #expect(
            article.paragraphs.last?.hasSuffix("https://filings.example/kestrel/q1") == true, "a link in the body stays"
        )
        #expect(!article.body.contains("# source"))
        #expect(PlainTextNormalizer.leadingDateField("Published: 2026-03-03 Kestrel said") != nil)
        #expect(PlainTextNormalizer.leadingDateField("Updated 2026-03-04 Kestrel said")?.rest == "Kestrel said")
        #expect(PlainTextNormalizer.leadingDateField("Dates 2026-03-03 were set") == nil)
    }

    @Test("a date line that runs into the text, sits under a filing's number or follows the byline dates the page")
    func datesAroundTheHeader() {
        // The date line, then the first paragraph with no blank line between them.
        let intoText = normalizer.normalize(
            """
            Top sensor makers by research spending

            July 7, 2025
            Pinecrest Audio spent $1.2 billion on research in 2024, up 5%.
            """)
        #expect(intoText.title == "Top sensor makers by research spending")
        #expect(intoText.published == "2025-07-07")
        #expect(intoText.paragraphs == ["Pinecrest Audio spent $1.2 billion on research in 2024, up 5%."])
        // A filing's number and issuer above the date, none of them a heading.
        let filing = normalizer.normalize(
            """
            Filing Number : 4471Q
            Marlow Foods PLC
            31 July 2025

            First half results

            Marlow Foods said turnover rose 4% to 9.1 billion euros in the first half.
            """)
        #expect(filing.published == "2025-07-31")
        #expect(!filing.body.contains("31 July 2025"))
        // Date and time, then the byline; the byline, then when it was posted and updated; a date in brackets.
        let dateThenName = normalizer.normalize(
            """
            Kestrel net profit drops 12 percent

            April 29, 2025 - 20:24 By Ana Reyes
            Kestrel said its net profit fell 12 percent to 267 billion won.
            """)
        #expect(dateThenName.author == "Ana Reyes")
        #expect(dateThenName.published == "2025-04-29")
        let nameThenDate = normalizer.normalize(
            """
            Tallis keeps its lead in panels

            By Park Min-ho Posted : November 6, 2025, 11:23 Updated : November 6, 2025, 11:40

            Tallis shipped 45 million panels in the third quarter.
            """)
        #expect(nameThenDate.author == "Park Min-ho")
        #expect(nameThenDate.published == "2025-11-06")
        #expect(nameThenDate.dek == nil)
        #expect(PlainTextNormalizer.standaloneDate("[May 01, 2025]") == "2025-05-01")
        #expect(PlainTextNormalizer.standaloneDate("By Oct 26, 2025 (Gmt+09:00)") == "2025-10-26")
        #expect(PlainTextNormalizer.standaloneDate("2025-10-27 16:38:30 mara@news.example") == "2025-10-27")
        #expect(PlainTextNormalizer.dateLine("Earnings Release \u{2022} Oct 22, 2025") == "2025-10-22")
        #expect(PlainTextNormalizer.dateLine("Revenue up 8% | Oct 22, 2025") == nil)
        // The scraper glued the date line to the first sentence.
        let glued = normalizer.normalize(
            """
            Kestrel is the research champion
            October 25, 2025Despite its costly recall, Kestrel plans to spend more on research.
            """)
        #expect(glued.published == "2025-10-25")
        #expect(glued.paragraphs.first?.hasPrefix("Despite its costly recall") == true)
        // A line that continues the one before is text, even when all it holds is a date.
        let wrapped = normalizer.normalize(
            """
            Veridata said it would report its results on
            March 3, 2026
            """)
        #expect(wrapped.published == nil)
    }

    @Test("a press release's dateline dates the page: places in capitals or not, the date before or after the dash")
    func pressReleaseDatelines() {
        let afterTeaser = normalizer.normalize(
            """
            Larkspur reports $7.5 billion in net sales

            Larkspur expects net sales for 2025 of around $28 billion

            In this article:

            Larkspur Holding NV

            HALDEN, Norway, October 15, 2025 – Today, Larkspur Holding published its third-quarter results.
            """)
        #expect(afterTeaser.published == "2025-10-15")
        let placesThenDate = normalizer.normalize(
            """
            Media alert: cloud providers grow 43% in the third quarter

            Palo Alto, Bergen and Reading (UK) – Friday, 27 October 2025

            The market for cloud services grew 43% year on year to $14.4 billion.
            """)
        #expect(placesThenDate.published == "2025-10-27")
        #expect(placesThenDate.dek == nil, "the dateline is no dek")
        #expect(DateText.placeThenDate("Revenue rose to $3 billion - March 3, 2026") == nil)
    }

    @Test("a headline wrapped after its '&' is one title, not a crumb trail")
    func headlineWrappedAfterAmpersand() {
        let article = normalizer.normalize(
            """
            Kestrel, Marlow &
            Tallis Lead The Market
            May 2, 2025
            New figures from a research firm show that spending on cloud services reached $53 billion.
            """)
        #expect(article.title == "Kestrel, Marlow & Tallis Lead The Market")
        #expect(article.published == "2025-05-02")
    }
}
