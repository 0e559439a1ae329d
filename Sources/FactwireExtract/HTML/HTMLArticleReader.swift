/// Reads an article from an HTML page: metadata from what the page declares, the body from the elements
/// that hold it.
///
/// The page is parsed once by libxml2 (``HTMLTree``). ``ContentFinder`` then picks the article's elements
/// the way Readability.js does, retrying with fewer filters when the first pick is too short, and
/// ``BlockRenderer`` turns them into paragraphs, table rows and captions. When the page's JSON-LD carries
/// the article's text (`articleBody`) and the layout gave far less of it (a body filled in by script, a
/// page cut by a paywall overlay), the JSON-LD text is the body. A page with no article (an index of
/// links, a login wall) gets no paragraphs, which the ingest worker refuses as "not an article".
public enum HTMLArticleReader {
    /// Below this many characters a pick counts as too short, and the next attempt drops a filter.
    static let shortArticle = 500

    /// Parses `html` (already decoded text).
    public static func read(_ html: String) -> NormalizedArticle {
        guard let tree = HTMLTree.parse(html) else { return NormalizedArticle() }
        var article = NormalizedArticle()
        let h1 = tree.nodes.indices.first { tree.nodes[$0].tag == "h1" }.map {
            HTMLText.collapse(textUnder($0, in: tree))
        }
        tree.metadata.apply(to: &article, h1: h1)

        var body = body(of: tree)
        if let ldBody = tree.metadata.jsonLDBody() {
            let ldParagraphs = paragraphs(ofJSONLDBody: ldBody)
            let ldWords = ldParagraphs.reduce(0) { $0 + PlainTextNormalizer.wordCount($1) }
            let words = body.paragraphs.reduce(0) { $0 + PlainTextNormalizer.wordCount($1) }
            if ldWords >= 50, Double(words) < Double(ldWords) * 0.6 { body = (ldParagraphs, []) }
        }
        var paragraphs = body.paragraphs.filter { !PlainTextNormalizer.isChrome($0) }
        // Captions the markup did not mark ("… (Image: Agency)") go with the captions.
        let unmarked = paragraphs.filter(isCaption)
        paragraphs.removeAll(where: isCaption)
        body.captions += unmarked
        trimHeader(&paragraphs, article: &article)
        if article.author == nil { article.author = bodyByline(tree) }
        if article.published == nil { article.published = bodyDate(tree) }
        let words = paragraphs.reduce(0) { $0 + PlainTextNormalizer.wordCount($1) }
        article.paragraphs = words >= minimumWords ? paragraphs : []
        article.captions = body.captions.isEmpty ? nil : body.captions
        article.wordCount = article.paragraphs.reduce(0) { $0 + PlainTextNormalizer.wordCount($1) }
        return article
    }

    /// Whether a paragraph is a picture's caption by its credit: it ends with "(Image: …)", "(Photo: …)".
    static func isCaption(_ text: String) -> Bool {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return false }
        let inside = text[text.index(after: open)...].lowercased()
        return ["image:", "images:", "photo:", "photos:", "picture:", "pic:", "credit:", "photograph:", "illustration:"]
            .contains { inside.hasPrefix($0) }
    }

    /// A body shorter than this is not an article (a login wall, an error page with a line of text).
    static let minimumWords = 5

    /// The body's paragraphs and captions: the longest of Readability's attempts, each with fewer filters,
    /// stopping at the first that is long enough. A pick that is mostly links is an index, not an article.
    static func body(of tree: HTMLTree) -> (paragraphs: [String], captions: [String]) {
        let attempts: [ContentFinder.Filters] = [.all, [.weightClasses, .cleanConditionally], [.cleanConditionally], []]
        var best: (paragraphs: [String], captions: [String], length: Int) = ([], [], -1)
        for filters in attempts {
            var finder = ContentFinder(tree: tree, filters: filters)
            finder.prepare()
            finder.scoreItems()
            let roots = finder.choose()
            finder.clean(roots)
            let links = roots.reduce(0.0) { $0 + finder.metrics[$1].links }
            let text = roots.reduce(0) { $0 + finder.metrics[$1].text }
            guard text > 0, links / Double(text) <= 0.5 else { continue }
            var renderer = BlockRenderer(tree: tree, alive: finder.alive)
            renderer.render(roots)
            let length = renderer.paragraphs.reduce(0) { $0 + $1.count }
            if length > best.length { best = (renderer.paragraphs, renderer.captions, length) }
            if length >= shortArticle { break }
        }
        return (best.paragraphs, best.captions)
    }

    /// JSON-LD `articleBody` as paragraphs: its own line breaks, or its markup when it holds HTML.
    static func paragraphs(ofJSONLDBody text: String) -> [String] {
        if text.contains("</p>") || text.contains("<br"),
            let tree = HTMLTree.parse("<html><body>" + text + "</body></html>")
        {
            var renderer = BlockRenderer(tree: tree, alive: Array(repeating: true, count: tree.nodes.count))
            renderer.render([tree.body])
            return renderer.paragraphs
        }
        return text.split(whereSeparator: \.isNewline).map { HTMLText.collapse(String($0)) }.filter { !$0.isEmpty }
    }

    /// Drops the headline, byline and date lines the article's container repeats at its top, keeping what
    /// they say when the metadata lacked it.
    static func trimHeader(_ paragraphs: inout [String], article: inout NormalizedArticle) {
        var index = 0
        while index < min(4, paragraphs.count) {
            let text = paragraphs[index]
            if let title = article.title, sameText(text, title) {
                paragraphs.remove(at: index)
            } else if PlainTextNormalizer.mayBeByline(text), let byline = PlainTextNormalizer.byline(text) {
                article.author = article.author ?? byline.name
                article.authorRole = article.authorRole ?? byline.role
                article.published = article.published ?? byline.date
                paragraphs.remove(at: index)
            } else if let date = PlainTextNormalizer.standaloneDate(text) {
                article.published = article.published ?? date
                paragraphs.remove(at: index)
            } else if isDatedByline(text) {
                // "By Desk Staff | March 4, 2026 at 9:10 AM - Updated …", "March 4, 2026 Ines Marlowe"
                article.published = article.published ?? DateText.parse(text)
                paragraphs.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    /// A short line that pairs a date with a byline or a name: page furniture above the text.
    static func isDatedByline(_ text: String) -> Bool {
        let words = PlainTextNormalizer.wordCount(text)
        guard words <= 30, DateText.parse(text) != nil else { return false }
        return text.lowercased().hasPrefix("by ") || words <= 7 && !text.hasSuffix(".")
    }

    /// Whether two texts are the same headline, ignoring case, punctuation and a " | Site" suffix.
    static func sameText(_ a: String, _ b: String) -> Bool {
        func letters(_ s: String) -> String {
            String(
                s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(
                    Character.init))
        }
        guard a.utf8.count <= b.utf8.count * 2 + 40, b.utf8.count <= a.utf8.count * 2 + 40 else { return false }
        let x = letters(a)
        let y = letters(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x == y || (x.count >= 20 && y.hasPrefix(x)) || (y.count >= 20 && x.hasPrefix(y))
    }

    static let bylineClasses = [Array("byline".utf8), Array("author-name".utf8)]

    /// The byline the page shows (`rel="author"`, `itemprop="author"`, a "byline" block), when short.
    static func bodyByline(_ tree: HTMLTree) -> String? {
        for index in tree.nodes.indices where !tree.nodes[index].isText {
            let node = tree.nodes[index]
            let marked =
                node.attributes["rel"] == "author" || node.attributes["itemprop"] == "author"
                || ClassHints.containsAny(node.className, bylineClasses)
            guard marked else { continue }
            var text = HTMLText.collapse(textUnder(index, in: tree))
            if text.lowercased().hasPrefix("by ") { text = String(text.dropFirst(3)) }
            if let byline = PlainTextNormalizer.byline("By " + text) { return byline.name }
            if PlainTextNormalizer.isName(text) { return text }
        }
        return nil
    }

    /// The publication date the page shows: a `<time datetime>` or an `itemprop="datePublished"`.
    static func bodyDate(_ tree: HTMLTree) -> String? {
        for node in tree.nodes where node.tag == "time" || node.attributes["itemprop"]?.lowercased() == "datepublished"
        {
            if let value = node.attributes["datetime"], let date = DateText.parse(value) { return date }
        }
        return nil
    }

    /// All text under `index`.
    static func textUnder(_ index: Int, in tree: HTMLTree) -> String {
        var out = ""
        var stack = [index]
        while let next = stack.popLast() {
            let node = tree.nodes[next]
            if node.isText { out += node.text } else { out += " " }
            stack.append(contentsOf: node.children.reversed())
        }
        return out
    }
}
