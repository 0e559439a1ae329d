/// A sample article written for Factwire (not taken from any publication): a page as a scraper
/// would save it, with crumbs, byline, body and page chrome. `factwire demo` stores it.
/// The companies and figures are invented.
public enum SampleArticle {
    static let mediaType = "text/plain"
    static let sourceURL = "https://example.com/tech/larkspur-results"
    static let text = """
        Home & Office
        Networking

        Larkspur Networks lifts revenue to $12.5 billion as router sales climb

        The Oslo-based equipment maker says it will keep spending heavily on research despite slower growth in Europe.

        Written by Mara Lindqvist, Senior Reporter on

        Larkspur Networks reported revenue of $12.5 billion for fiscal 2025, up 9% from a year earlier, the company said on Tuesday.

        The Norwegian vendor spent more than 18% of its revenue on research and development during the year, and said it now employs about 41,000 people worldwide.

        Its operating profit rose to $1.9 billion, while shipments of enterprise routers reached 2.3 million units.

        Rival Cobalt Systems, which reports next week, has said it expects its own sales to be roughly flat.

        Editorial standards
        Advertisement
        """
}

/// More sample documents written for Factwire (invented companies and figures), one per input form,
/// so the demo shows HTML and JSON ingestion too.
public enum SampleDocuments {
    public static let html = """
        <!doctype html>
        <html><head>
        <title>Cobalt Systems results | Example Tech News</title>
        <meta property="og:title" content="Cobalt Systems profit slips as chip costs bite">
        <meta property="article:published_time" content="2025-10-23T07:00:00Z">
        <meta name="author" content="Ravi Menon">
        </head><body>
        <nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
        <article>
          <p>Cobalt Systems said on Thursday that its net profit fell 6% to €820 million in the third quarter, as higher chip prices squeezed the Dutch networking group.</p>
          <p>Revenue in the quarter rose 4% year-on-year to €5.3 billion. The company ended September with a headcount of 23,400 employees.</p>
          <p>Cobalt shares fell 3% to €41.20 in Amsterdam trading, and the board kept its dividend of €0.45 per share.</p>
        </article>
        <aside class="related"><p>Related: five stocks to watch this week</p></aside>
        </body></html>
        """

    public static let json = """
        {"title": "Pinecrest and Veltro lead tablet shipments", "author": "Aiko Tanaka", "published_at": "2025-07-15",
         "url": "https://example.com/devices/tablet-market-q2",
         "body": "In the second quarter, 38.2 million tablets were shipped worldwide, according to an industry tracker.\\n\\nPinecrest - 11.9 million units sold with a 31.2% market share\\n\\nVeltro - 7.4 million units sold with a 19.4% market share"}
        """

    /// (name, bytes, media type) of every sample.
    public static var all: [(name: String, text: String, mediaType: String)] {
        [
            ("larkspur.txt", SampleArticle.text, SampleArticle.mediaType), ("cobalt.html", html, "text/html"),
            ("tablets.json", json, "application/json")
        ]
    }
}
