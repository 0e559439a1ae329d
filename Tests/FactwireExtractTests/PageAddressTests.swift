import Testing

@testable import FactwireExtract

/// Whose page an address says it is: a company's own site, or a slug that names the subject the way a headline does.
/// Addresses and articles written for the project (fictional companies).
@Suite("Page address")
struct PageAddressTests {
    @Test(
        "a host's own name, past 'www' and two-part suffixes; subdomains and first folders that mark a company's site")
    func hosts() throws {
        let report = try #require(PageAddress("https://report.halvorsen-tel.com/interim-q2/to-our-shareholders.html"))
        #expect(report.siteName == "halvorsen-tel")
        #expect(report.isFirstParty)
        #expect(report.owner == "Halvorsen Tel")
        let folder = try #require(PageAddress("https://www.kbt.co.uk/investors/results-2026"))
        #expect(folder.siteName == "kbt")
        #expect(folder.isFirstParty)
        #expect(folder.owner == "KBT")
        let news = try #require(PageAddress("https://www.larkmoor-tribune.com/business/2026/05/kestrel-lifts-revenue"))
        #expect(!news.isFirstParty)
        #expect(news.owner == nil)
        #expect(news.pathWords.suffix(3) == ["kestrel", "lifts", "revenue"])
        #expect(PageAddress("ftp://files.kestrel.com/q3.txt") == nil)
        #expect(PageAddress("not an address") == nil)
    }

    @Test("the name a slug spells first wins; else the name the host is")
    func names() throws {
        let slug = try #require(PageAddress("https://news.example.com/2026/veltro-beats-marlow-fenn-in-q3"))
        #expect(slug.name(among: ["Marlow Fenn", "Veltro", "Pinecrest"]) == "Veltro")
        #expect(slug.name(among: ["Marlow Fenn", "Pinecrest"]) == "Marlow Fenn")
        #expect(slug.name(among: ["Pinecrest"]) == nil)
        let site = try #require(PageAddress("https://www.quillfeather.com/press/2026-results"))
        #expect(site.name(among: ["Veltro", "Quillfeather"]) == "Quillfeather")
    }

    @Test("an address's and a name's words are letters and digits, lower-cased, in ASCII and in any other script")
    func words() throws {
        #expect(PageAddress.words("Marlow-Fenn AG") == ["marlow", "fenn", "ag"])
        #expect(PageAddress.words("Q3_2026 results!!") == ["q3", "2026", "results"])
        #expect(PageAddress.words("Zentrava Électrique") == ["zentrava", "électrique"])
        #expect(PageAddress.words("Ørsted–Halden 2026") == ["ørsted", "halden", "2026"])
        #expect(PageAddress.words(" -- ").isEmpty)
        let decoded = try #require(PageAddress("https://news.example.com/2026/h%C3%A4lden-und-tessaro"))
        #expect(decoded.pathWords.suffix(3) == ["hälden", "und", "tessaro"])
    }

    @Test("an investor page that never names its company: the address's owner takes the group's figures")
    func ownerOfItsPage() throws {
        let body = """
            Half-year highlights

            - Group turnover rose 2.1 % to EUR 8.4 billion; like-for-like it grew 2.8 %.
            - Our Nordic business added 4.0 % thanks to fibre connections.
            - EBIT came to EUR 1.6 billion.
            """
        let address = "# source: https://investors.halvorsen-tel.com/h1-2026/letter/highlights.html\n"
        let withAddress = try #require(
            try Extraction.extract(Array((address + body).utf8), mediaType: .plainText).first)
        #expect(withAddress.url == "https://investors.halvorsen-tel.com/h1-2026/letter/highlights.html")
        #expect(
            withAddress.facts.contains { $0.company == "Halvorsen Tel" && $0.metric == .revenue && $0.value == 8.4e9 })
        let bare = try #require(try Extraction.extract(Array(body.utf8), mediaType: .plainText).first)
        #expect(bare.url == nil)
        #expect(!bare.facts.contains { $0.company == "Halvorsen Tel" })
        // The same page fetched by the ingest worker, whose document records where it came from.
        let fetched = try #require(
            try Extraction.extract(
                Array(body.utf8), mediaType: .plainText, model: FactModel.shipped,
                sourceURL: "https://ir.halvorsen-tel.com/q2"
            ).first)
        #expect(fetched.facts.contains { $0.company == "Halvorsen Tel" && $0.metric == .revenue })
    }
}
