import FactwireExtract
import Foundation
import PropertyBased
import Testing

@Suite("Article reader")
struct ArticleReaderTests {
    static let page = """
        <!doctype html>
        <html><head>
        <title>Site name | Larkspur results</title>
        <meta property="og:title" content="Larkspur posts record revenue">
        <meta property="og:description" content="The network vendor grew in every region.">
        <meta property="article:published_time" content="2025-03-14T08:30:00Z">
        <meta name="author" content="Dana Whitcombe">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
          {"@type":"NewsArticle","headline":"LD headline","articleSection":"Networking","author":{"@type":"Person","name":"LD Author"}}]}</script>
        </head><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
        <div class="share-tools"><a href="#">Share on X</a></div>
        <article>
          <h1>Larkspur posts record revenue</h1>
          <p>Larkspur Networks said on Tuesday that its annual revenue rose 8% to $14.2 billion, helped by demand from carriers &amp; cloud providers.</p>
          <p>The company&#8217;s net profit was $1.9 billion, and it expects further growth in the coming year as new products ship.</p>
          <figure><img src="x.jpg"><figcaption>Photo: Larkspur</figcaption></figure>
          <p>Advertisement</p>
        </article>
        <aside class="related"><p>Related: other stories about other companies and their quarterly results.</p></aside>
        <footer><p>Copyright © 2025 Example Media, all rights reserved.</p></footer>
        </body></html>
        """

    @Test("HTML: metadata from og:/article: tags and JSON-LD, the main text without page furniture, and its facts")
    func html() throws {
        let extraction = try #require(try Extraction.extract(Array(Self.page.utf8)).first)
        let article = extraction.article
        #expect(article.title == "Larkspur posts record revenue")
        #expect(article.dek == "The network vendor grew in every region.")
        #expect(article.author == "Dana Whitcombe")
        #expect(article.section == "Networking")
        #expect(article.published == "2025-03-14")
        #expect(article.paragraphs.count == 2, "\(article.paragraphs)")
        #expect(article.paragraphs.first?.contains("carriers & cloud providers") == true)
        #expect(article.paragraphs.last?.hasPrefix("The company’s net profit") == true)
        #expect(
            !article.body.contains("Share on") && !article.body.contains("Related")
                && !article.body.contains("Copyright"))
        #expect(article.language == "en")
        let keys = Set(extraction.facts.map { "\($0.company ?? "-")|\($0.metric.rawValue)|\($0.value)" })
        #expect(
            keys == [
                "Larkspur Networks|growth|0.08", "Larkspur Networks|revenue|14200000000.0",
                "Larkspur Networks|net_income|1900000000.0"
            ])
    }

    @Test("HTML without an <article>: the container with the most paragraph text wins over menus and link lists")
    func htmlWithoutArticleElement() throws {
        let html = """
            <html><body><div id="menu"><p><a href="/a">Markets</a> <a href="/b">Companies</a> <a href="/c">Opinion</a></p></div>
            <div class="content"><div class="story">
            <p>First paragraph of the story, long enough to count as prose, with commas, clauses, and detail.</p>
            <p>Second paragraph of the story continues the report with more words and another clause, too.</p>
            </div></div>
            <div class="links"><p><a href="/1">Most read story one</a></p><p><a href="/2">Most read story two</a></p></div>
            </body></html>
            """
        let article = try #require(try ArticleReader.read(Array(html.utf8), mediaType: .html).first).article
        #expect(article.paragraphs.count == 2)
        #expect(article.paragraphs[0].hasPrefix("First paragraph"))
        #expect(article.published == nil)
    }

    @Test("broken HTML is read as well as it can be, never refused")
    func brokenHTML() throws {
        let html = "<html><body><p>Unclosed <b>bold <p>Revenue at Tamsin Ltd was $3 billion.<div></span></p>"
        let extraction = try #require(try Extraction.extract(Array(html.utf8), mediaType: .html).first)
        #expect(extraction.article.body.contains("Revenue at Tamsin Ltd was $3 billion."))
    }

    @Test("media types by name and by content")
    func sniffing() {
        #expect(ArticleReader.MediaType(contentType: "text/html; charset=utf-8") == .html)
        #expect(ArticleReader.MediaType(contentType: "application/json") == .json)
        #expect(ArticleReader.MediaType(contentType: "image/png") == nil)
        #expect(ArticleReader.sniff("  <!DOCTYPE html><html>") == .html)
        #expect(ArticleReader.sniff("{\"body\": \"x\"}") == .json)
        #expect(ArticleReader.sniff("{\"body\": \"x\"}\n{\"body\": \"y\"}\n") == .ndjson)
        #expect(ArticleReader.sniff("Plain words < and > symbols") == .plainText)
    }

    @Test("JSON input keeps its fields; NDJSON gives one article per line; a content hash is set")
    func json() throws {
        let one =
            #"{"title": "T", "body": "Brackett Corp posted revenue of $4 billion.", "url": "https://example.com/a", "published_at": "2024-05-02"}"#
        let extraction = try #require(try Extraction.extract(Array(one.utf8)).first)
        #expect(
            extraction.article.title == "T" && extraction.article.published == "2024-05-02"
                && extraction.url == "https://example.com/a")
        #expect(extraction.facts.map(\.value) == [4e9])
        #expect(extraction.article.contentSHA256?.count == 64)
        let many = try ArticleReader.read(Array((one + "\n" + one + "\n").utf8))
        #expect(many.count == 2)
        #expect(throws: JSONArticleReader.Failure.self) {
            try ArticleReader.read(Array("{\"title\": 3".utf8), mediaType: .json)
        }
    }

    @Test("arbitrary bytes through the whole pipeline: an error or facts with sane values, never a crash")
    func arbitraryBytes() async {
        await propertyCheck(count: 300, input: Gen<UInt8>.value(in: 0...255).array(of: 0...3000)) { bytes in
            Self.checkPipeline(bytes)
        }
    }

    @Test("arbitrary finance-like text through the whole pipeline")
    func arbitraryFinanceText() async {
        let words = [
            "Revenue", "revenue", "net", "profit", "rose", "fell", "5%", "$3.2", "billion", "bn", "Rs", "crore", "per",
            "cent",
            "Larkspur", "Inc", "its", "the", "company", "of", "to", "from", "(", ")", ",", ".", ";", "\n", "\n\n", "-",
            "respectively",
            "market", "share", "units", "sold", "12.5", "million", "<p>", "</p>", "{", "}", "\"", "R&D", "year-on-year",
            "€", "£"
        ]
        await propertyCheck(count: 300, input: Gen.element(of: words).array(of: 0...200)) { picked in
            let text = picked.compactMap { $0 }.joined(separator: " ")
            Self.checkPipeline(Array(text.utf8))
        }
    }

    static func checkPipeline(_ bytes: [UInt8]) {
        guard let extractions = try? Extraction.extract(bytes) else { return }
        for extraction in extractions {
            let body = extraction.article.body.unicodeScalars.count
            for fact in extraction.facts {
                #expect(fact.value.isFinite)
                #expect(!fact.evidence.isEmpty && fact.evidenceStart < fact.evidenceEnd && fact.evidenceEnd <= body)
            }
        }
    }
}
