/// A sample article written for Factwire (not taken from any publication): a page as a scraper
/// would save it, with crumbs, byline, body and page chrome. `factwire demo` stores it.
/// The companies and figures are invented.
enum SampleArticle {
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
