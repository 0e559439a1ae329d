import FactwireExtract
import Foundation
import Testing

/// The HTML reader on pages written for these tests: each carries one kind of construction real pages
/// have, around an invented article.
@Suite("HTML reading")
struct HTMLReadingTests {
    static func read(_ html: String) throws -> NormalizedArticle {
        try #require(try ArticleReader.read(Array(html.utf8), mediaType: .html).first).article
    }

    /// Three paragraphs of invented prose about an invented company.
    static let story = """
        <p>Brindle Optics said on Thursday that revenue in its lens division rose 12% to $840 million, as hospitals replaced older imaging systems and clinics added new ones.</p>
        <p>The company, based in a small river town, expects demand to hold through next year, although it warned that component prices could squeeze margins in the first half.</p>
        <p>Its chief executive told analysts that the order book, which covers about seven months of production, had never been longer, and that a second plant would open in the spring.</p>
        """

    @Test(
        "furniture is left out: navigation, cookie banner, share bar, newsletter box, related links, comments, hidden blocks, footer"
    )
    func boilerplate() throws {
        let article = try Self.read(
            """
            <html><head><title>Brindle Optics grows | Example Wire</title></head><body>
            <header class="site-header"><a href="/">Example Wire</a><nav><a href="/a">Markets</a> <a href="/b">Health</a></nav></header>
            <div class="cookie-consent"><p>We use cookies to improve your experience on this site, as described in our policy.</p></div>
            <main><article>
              <h1>Brindle Optics grows</h1>
              <div class="share-bar"><a href="#x">Share on a network</a> <a href="#m">Email this story</a></div>
              \(Self.story)
              <div class="newsletter-signup"><p>Get our morning briefing in your inbox every day, free of charge, before markets open.</p></div>
              <p>Read more: <a href="/other">Another company reports a loss</a></p>
              <div style="display: none"><p>Text a visitor never sees, kept for a script that shows it later.</p></div>
            </article></main>
            <div id="comments"><p>First! This is a reader comment with an opinion about lenses and about the weather.</p></div>
            <div class="related-stories"><ul><li><a href="/1">A story about a bank</a></li><li><a href="/2">A story about a port</a></li></ul></div>
            <footer><p>© 2026 Example Wire. All rights reserved.</p></footer>
            </body></html>
            """)
        #expect(article.paragraphs.count == 3, "\(article.paragraphs)")
        #expect(article.paragraphs.first?.hasPrefix("Brindle Optics said on Thursday") == true)
        for furniture in [
            "Markets", "cookies", "Share on", "morning briefing", "Read more", "never sees", "First!", "bank",
            "rights reserved"
        ] {
            #expect(!article.body.contains(furniture), "\(furniture) in \(article.body)")
        }
        #expect(article.title == "Brindle Optics grows")
    }

    @Test(
        "a results table inside the article is content: one line per row, cells between ' | ', read by the fact extractor"
    )
    func tables() throws {
        let html = """
            <html><body><article>
            \(Self.story)
            <p>Quarterly figures, in US$ million:</p>
            <table><thead><tr><th>Segment</th><th>Q3 2026</th><th>Q3 2025</th></tr></thead>
            <tbody><tr><td>Lenses</td><td>840</td><td>750</td></tr><tr><td>Sensors</td><td>310</td><td>295</td></tr></tbody></table>
            <p>The sensor business grew more slowly because two large customers delayed their orders until the new year.</p>
            </article></body></html>
            """
        let article = try Self.read(html)
        #expect(article.paragraphs.contains("Segment | Q3 2026 | Q3 2025"), "\(article.paragraphs)")
        #expect(article.paragraphs.contains("Lenses | 840 | 750"))
        #expect(article.paragraphs.contains("Sensors | 310 | 295"))
        #expect(article.paragraphs.last?.hasPrefix("The sensor business") == true)
    }

    @Test("captions go apart from the body: <figcaption> and lines ending with a picture credit")
    func captions() throws {
        let article = try Self.read(
            """
            <html><body><article>
            \(Self.story)
            <figure><img src="plant.jpg"><figcaption>The new plant under construction.</figcaption></figure>
            <p>Workers at the assembly line in the old plant (Photo: Example Agency)</p>
            <p>The second plant will employ about 400 people when it reaches full production, the company said.</p>
            </article></body></html>
            """)
        #expect(
            article.captions == [
                "The new plant under construction.",
                "Workers at the assembly line in the old plant (Photo: Example Agency)"
            ])
        #expect(!article.body.contains("under construction") && !article.body.contains("Example Agency"))
        #expect(article.paragraphs.count == 4)
    }

    @Test("lines separated by <br> stay lines; headings and list items are paragraphs of their own")
    func shape() throws {
        let article = try Self.read(
            """
            <html><body><div class="entry-content">
            \(Self.story)
            <h2>What comes next</h2>
            <p>Revenue: $840 million<br>Operating margin: 14%<br/>Employees: 3,200</p>
            <ul><li>A second plant opens in the spring of next year.</li><li>Prices rise by about 3% for new orders.</li></ul>
            </div></body></html>
            """)
        #expect(
            Array(article.paragraphs.suffix(6)) == [
                "What comes next", "Revenue: $840 million", "Operating margin: 14%", "Employees: 3,200",
                "A second plant opens in the spring of next year.", "Prices rise by about 3% for new orders."
            ], "\(article.paragraphs)")
    }

    @Test("an article cut into chunks by ads is read whole; pagination links are not text")
    func chunksAndPages() throws {
        let article = try Self.read(
            """
            <html><body>
            <div class="layout"><div class="story-chunk body-text"><p>Brindle Optics said on Thursday that revenue in its lens division rose 12% to $840 million, as hospitals replaced older systems.</p>
              <p>The company expects demand to hold through next year, although it warned that component prices could squeeze margins.</p></div>
              <div class="ad-rail"><a href="/ad">Advertisement</a></div></div>
            <div class="layout"><div class="story-chunk body-text"><p>Its chief executive told analysts that the order book had never been longer, and that a second plant would open.</p>
              <p>The second plant will employ about 400 people when it reaches full production, the company said in a statement.</p></div>
              <div class="ad-rail"><a href="/ad">Advertisement</a></div></div>
            <div class="pagination"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=2">Next page »</a></div>
            </body></html>
            """)
        #expect(article.paragraphs.count == 4, "\(article.paragraphs)")
        #expect(article.paragraphs.last?.hasPrefix("The second plant") == true)
        #expect(!article.body.contains("Next page") && !article.body.contains("Advertisement"))
    }

    @Test("a paywall stub: the teaser is the body, the subscription prompt is not")
    func paywallStub() throws {
        let article = try Self.read(
            """
            <html><body><article>
            <p>Brindle Optics said on Thursday that revenue in its lens division rose 12% to $840 million, as hospitals replaced older imaging systems.</p>
            <div class="paywall-prompt"><p>Subscribe to continue reading this article and everything else we publish, from $1 a week.</p>
            <a href="/subscribe">Subscribe</a> <a href="/login">Log in</a></div>
            </article></body></html>
            """)
        #expect(
            article.paragraphs == [
                "Brindle Optics said on Thursday that revenue in its lens division rose 12% to $840 million, as hospitals replaced older imaging systems."
            ])
    }

    @Test("a page with no article (an index of links) has no body, and the ingest worker refuses it as not an article")
    func noArticle() throws {
        var links = ""
        for i in 1...30 {
            links +=
                "<li><a href=\"/story/\(i)\">Headline number \(i) about a company and its results this week</a></li>"
        }
        let article = try Self.read(
            "<html><body><div class=\"front\"><ul>\(links)</ul></div><div class=\"front\"><ul>\(links)</ul></div></body></html>"
        )
        #expect(article.paragraphs.isEmpty, "\(article.paragraphs)")
        #expect(article.wordCount == 0)
        #expect(try Self.read("<html><body><div>Please log in.</div></body></html>").paragraphs.isEmpty)
    }

    @Test("the body's text comes from JSON-LD articleBody when the layout shows far less of it")
    func jsonLDBody() throws {
        let ld =
            #"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Brindle Optics grows","articleBody":"Brindle Optics said on Thursday that revenue in its lens division rose 12% to $840 million, as hospitals replaced older imaging systems and clinics added new ones.\n\nThe company expects demand to hold through next year, although it warned that component prices could squeeze margins in the first half of the year."}"#
        let article = try Self.read(
            """
            <html><head><script type="application/ld+json">\(ld)</script></head><body>
            <div id="app"><p>Brindle Optics said on Thursday that revenue in its lens division rose 12%.</p><p>Loading…</p></div>
            </body></html>
            """)
        #expect(article.paragraphs.count == 2, "\(article.paragraphs)")
        #expect(article.paragraphs.last?.hasSuffix("in the first half of the year.") == true)
    }

    @Test("escaped NULs and controls in JSON-LD and character references in metadata reach no field of the article")
    func escapesInMetadata() throws {
        let ld =
            #"{"@type":"NewsArticle","headline":"Brindle\u0000 Optics grows\u0007","author":{"name":"Ines\u0000 Marlowe"},"articleBody":"Brindle Optics said on Thursday that revenue in its lens division rose 12% to $840 million.\u0000\n\nThe company expects demand to hold through next year, although it warned that component prices could squeeze margins. Analysts said the division would need a new plant to keep pace with orders from hospitals and clinics in the region.\u0001"}"#
        let article = try Self.read(
            """
            <html><head><title>Brindle&#0; Optics&#x85;</title><meta property="article:section" content="Tech&#x7;">
            <script type="application/ld+json">\(ld)</script></head><body>
            <div id="app"><p>Loading…</p></div>
            </body></html>
            """)
        #expect(article.title == "Brindle Optics grows")
        #expect(
            article.paragraphs.first
                == "Brindle Optics said on Thursday that revenue in its lens division rose 12% to $840 million.")
        let fields =
            [article.section, article.title, article.dek, article.author] + article.paragraphs.map(Optional.some)
        for text in fields.compactMap({ $0 }) {
            #expect(
                !text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" }, "\(text)")
        }
    }

    @Test("byline and date from the page body when the metadata lacks them; the headline is not repeated in the body")
    func bodyMetadata() throws {
        let article = try Self.read(
            """
            <html><body><article>
            <h1>Brindle Optics grows its lens business</h1>
            <p class="byline">By <a rel="author" href="/staff/ines">Ines Marlowe</a></p>
            <time datetime="2026-03-05T09:00:00Z">5 March 2026</time>
            \(Self.story)
            </article></body></html>
            """)
        #expect(article.title == "Brindle Optics grows its lens business")
        #expect(article.author == "Ines Marlowe")
        #expect(article.published == "2026-03-05")
        #expect(article.paragraphs.count == 3, "\(article.paragraphs)")
        #expect(article.paragraphs.first?.hasPrefix("Brindle Optics said") == true)

        let dated = try Self.read(
            "<html><body><div class=\"story\"><p>By Desk Staff | March 5, 2026 at 9:10 AM - Updated March 6</p>\(Self.story)</div></body></html>"
        )
        #expect(dated.published == "2026-03-05")
        #expect(dated.paragraphs.count == 3, "\(dated.paragraphs)")
    }

    @Test("a page whose template leaves tags unclosed is read to its end, its paragraphs apart")
    func unclosedTags() throws {
        // Every unclosed <font> nests what follows one level deeper: a thousand of them put the article past
        // libxml2's default depth limit (256), where it used to stop parsing and drop the rest.
        let page =
            "<html><head><title>Brindle Optics grows</title></head><body>"
            + String(repeating: "<font size='2'>Menu item ", count: 1_000) + Self.story
            + "<p>Closing line of the story, which names no figure at all.</p></body></html>"
        let article = try Self.read(page)
        #expect(article.body.contains("rose 12% to $840 million"))
        #expect(article.body.contains("a second plant would open in the spring"))
        #expect(article.paragraphs.contains("Closing line of the story, which names no figure at all."))
    }

    @Test("deep nesting, huge attribute soup and stray markup do not crash the reader")
    func hostile() throws {
        func nested(_ depth: Int) -> String {
            "<html><body>" + String(repeating: "<div>", count: depth)
                + "<p>Revenue at Tamsin Ltd was $3 billion, up from $2.8 billion.</p>"
                + String(repeating: "</div>", count: depth) + "</body></html>"
        }
        #expect(try Self.read(nested(200)).body.contains("Tamsin"))
        // Past the parser's depth limit (4,096) libxml2 stops; the reader returns what it has, without failing.
        _ = try Self.read(nested(5_000))
        let soup =
            "<html><body>"
            + String(repeating: "<span class='a b c' style='display:block'>x</span><td><tr></table>", count: 2_000)
            + "</body></html>"
        _ = try Self.read(soup)
    }
}
