import CLibXML2
import FactwireCore
import Foundation

/// What a page says about itself: `<meta>` (Open Graph, `article:*`, Dublin Core, plain names), `<title>`
/// and JSON-LD. Publishers fill these for search engines and link previews, so they are more reliable than
/// anything guessed from the layout; the body's own byline and `<time>` are the fallbacks.
struct HTMLMetadata {
    /// `<meta>` content by lower-cased `property`, `name` or `itemprop` (the first one wins).
    var meta: [String: String] = [:]
    var titleElement: String?
    /// The raw text of each `application/ld+json` script.
    var jsonLD: [String] = []

    /// Records `element` when it is metadata; true when the tree should not keep it.
    mutating func note(_ name: String, _ element: xmlNodePtr) -> Bool {
        switch name {
        case "meta":
            let key =
                (HTMLTree.attribute(element, "property") ?? HTMLTree.attribute(element, "name")
                ?? HTMLTree.attribute(element, "itemprop"))?.lowercased()
            if let key, let content = HTMLTree.attribute(element, "content"), meta[key] == nil { meta[key] = content }
            return true
        case "title":
            if titleElement == nil { titleElement = HTMLTree.content(element) }
            return true
        case "script":
            if HTMLTree.attribute(element, "type")?.lowercased().hasPrefix("application/ld+json") == true {
                jsonLD.append(HTMLTree.content(element))
            }
            return true
        default:
            return false
        }
    }

    /// JSON-LD types that describe an article.
    static let articleTypes: WordSet = [
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting",
        "TechArticle", "ScholarlyArticle", "Report", "LiveBlogPosting", "BackgroundNewsArticle", "WebPage"
    ]

    /// The JSON-LD object typed as an article (a `WebPage` only when nothing more specific is there).
    func jsonLDArticle() -> JSONValue? {
        var page: JSONValue?
        func find(_ value: JSONValue, depth: Int) -> JSONValue? {
            guard depth < 8 else { return nil }
            switch value {
            case .object:
                let type = value["@type"]
                let types = type?.string.map { [$0] } ?? type?.array?.compactMap(\.string) ?? []
                if types.contains(where: { Self.articleTypes.contains($0) && $0 != "WebPage" }) { return value }
                if types.contains("WebPage"), page == nil { page = value }
                for key in ["@graph", "mainEntity", "mainEntityOfPage"] {
                    if let inner = value[key], let found = find(inner, depth: depth + 1) { return found }
                }
            case .array(let list):
                for item in list { if let found = find(item, depth: depth + 1) { return found } }
            default:
                break
            }
            return nil
        }
        for script in jsonLD {
            guard let value = JSONValue(text: script) else { continue }
            if let found = find(value, depth: 0) { return found }
        }
        return page
    }

    /// The author's name(s) from JSON-LD `author` (a string, an object or a list of either).
    static func author(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let name): return name.hasPrefix("http") ? nil : name
        case .object: return value?["name"]?.string
        case .array(let list):
            let names = list.compactMap { author($0) }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        default: return nil
        }
    }

    /// Fills the article's metadata fields.
    func apply(to article: inout NormalizedArticle, h1: String?) {
        let ld = jsonLDArticle()
        let clean = HTMLText.clean
        article.title = clean(
            meta["og:title"] ?? ld?["headline"]?.string ?? meta["twitter:title"] ?? h1 ?? titleElement)
        article.dek = clean(meta["og:description"] ?? meta["description"] ?? ld?["description"]?.string)
        let metaAuthor =
            meta["author"] ?? meta["article:author"] ?? meta["dc.creator"] ?? meta["sailthru.author"]
            ?? meta["parsely-author"]
        article.author = clean(metaAuthor.flatMap { $0.hasPrefix("http") ? nil : $0 } ?? Self.author(ld?["author"]))
        article.section = clean(
            meta["article:section"] ?? ld?["articleSection"]?.string ?? ld?["articleSection"]?.array?.first?.string)
        let dates = [
            meta["article:published_time"], ld?["datePublished"]?.string, meta["og:published_time"], meta["date"],
            meta["pubdate"], meta["publishdate"], meta["dc.date"], meta["dc.date.issued"], meta["datepublished"],
            meta["sailthru.date"], meta["parsely-pub-date"]
        ]
        article.published = dates.lazy.compactMap { $0 }.compactMap(DateText.parse).first
    }

    /// The article text JSON-LD carries (`articleBody`), when it has one.
    func jsonLDBody() -> String? {
        guard let body = jsonLDArticle()?["articleBody"]?.string else { return nil }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
