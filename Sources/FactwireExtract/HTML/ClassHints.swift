import Foundation

/// What class names and ids say about an element, in the vocabulary web templates share ("sidebar",
/// "comment", "article-body", "entry-content"…). The lists follow Readability.js's, which were gathered
/// over years of real pages, plus a few kinds of furniture that came after them (cookie and consent
/// banners, newsletter sign-ups, recommendation widgets). None names a site.
enum ClassHints {
    /// Furniture: such an element is dropped before scoring, unless ``maybeContent`` also matches.
    static let unlikely = [
        "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap", "disqus", "extra", "footer",
        "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
        "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
        "cookie", "consent", "newsletter", "signup", "sign-up", "subscribe", "outbrain", "taboola", "recommend", "trending",
        "most-popular", "mostpopular", "read-more", "readmore", "more-stories", "paywall", "modal", "share-bar", "sharebar",
        "toolbar", "skip-link", "skiplink", "print-only", "visually-hidden", "screen-reader", "sr-only",
    ]
    /// Words that keep an element that also matched ``unlikely`` ("main-header" of a content column).
    static let maybeContent = ["and", "article", "body", "column", "content", "main", "shadow"]
    /// Class or id words of content: +25.
    static let positive = ["article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post", "text",
                           "blog", "story"]
    /// Class or id words of furniture: −25.
    static let negative = ["-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media",
                           "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
                           "sponsor", "shopping", "tags", "widget", "caption", "credit", "byline", "newsletter", "subscribe"]
    /// ARIA roles of page furniture.
    static let furnitureRoles: Set<String> = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
                                             "banner", "contentinfo", "search"]

    /// Whether a class/id string names furniture.
    static func isUnlikely(_ marker: String) -> Bool {
        guard !marker.isEmpty else { return false }
        return unlikely.contains { marker.contains($0) } && !maybeContent.contains { marker.contains($0) }
    }

    /// Readability's class weight: ±25 for the class and again for the id.
    static func weight(className: String, id: String) -> Double {
        func part(_ text: String) -> Double {
            guard !text.isEmpty else { return 0 }
            var weight = 0.0
            if negative.contains(where: { text.contains($0) }) || hasWord(text, "hid") { weight -= 25 }
            if positive.contains(where: { text.contains($0) }) { weight += 25 }
            return weight
        }
        return part(className) + part(id)
    }

    /// Whether `word` appears in `text` as a whole word (separated by anything but letters and digits).
    static func hasWord(_ text: String, _ word: String) -> Bool {
        var start = text.startIndex
        while let range = text.range(of: word, range: start..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !(before?.isLetter ?? false) && !(before?.isNumber ?? false) && !(after?.isLetter ?? false) && !(after?.isNumber ?? false) {
                return true
            }
            start = range.upperBound
        }
        return false
    }
}
