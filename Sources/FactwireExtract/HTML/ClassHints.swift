/// What class names and ids say about an element, in the vocabulary web templates share ("sidebar",
/// "comment", "article-body", "entry-content"…). The lists follow Readability.js's, which were gathered
/// over years of real pages, plus a few kinds of furniture that came after them (cookie and consent
/// banners, newsletter sign-ups, recommendation widgets). None names a site.
enum ClassHints {
    /// Furniture: such an element is dropped before scoring, unless ``maybeContent`` also matches.
    static let unlikely = [
        "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap", "disqus", "extra",
        "footer",
        "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
        "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
        "cookie", "consent", "newsletter", "signup", "sign-up", "subscribe", "outbrain", "taboola", "recommend",
        "trending",
        "most-popular", "mostpopular", "read-more", "readmore", "more-stories", "paywall", "modal", "share-bar",
        "sharebar",
        "toolbar", "skip-link", "skiplink", "print-only", "visually-hidden", "screen-reader", "sr-only"
    ]
    /// Words that keep an element that also matched ``unlikely`` ("main-header" of a content column).
    static let maybeContent = ["and", "article", "body", "column", "content", "main", "shadow"]
    /// Class or id words of content: +25.
    static let positive = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post", "text",
        "blog", "story"
    ]
    /// Class or id words of furniture: −25.
    static let negative = [
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media",
        "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
        "sponsor", "shopping", "tags", "widget", "caption", "credit", "byline", "newsletter", "subscribe"
    ]
    /// ARIA roles of page furniture.
    static let furnitureRoles: WordSet = [
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
        "banner", "contentinfo", "search"
    ]

    /// Whether a class/id string names furniture.
    static func isUnlikely(_ marker: String) -> Bool {
        guard !marker.isEmpty else { return false }
        return containsAny(marker, unlikelyBytes) && !containsAny(marker, maybeContentBytes)
    }

    static let unlikelyBytes = unlikely.map { Array($0.utf8) }
    static let maybeContentBytes = maybeContent.map { Array($0.utf8) }
    static let positiveBytes = positive.map { Array($0.utf8) }
    static let negativeBytes = negative.map { Array($0.utf8) }

    /// Whether `text` holds one of `needles` (byte search: class names are short and mostly ASCII, and
    /// Foundation's locale-aware search was most of the reader's time).
    static func containsAny(_ text: String, _ needles: [[UInt8]]) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            needles.contains { find($0, in: haystack, from: 0) != nil }
        }
    }

    /// The offset of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Readability's class weight: ±25 for the class and again for the id.
    static func weight(className: String, id: String) -> Double {
        func part(_ text: String) -> Double {
            guard !text.isEmpty else { return 0 }
            var weight = 0.0
            if containsAny(text, negativeBytes) || hasWord(text, "hid") { weight -= 25 }
            if containsAny(text, positiveBytes) { weight += 25 }
            return weight
        }
        return part(className) + part(id)
    }

    /// Whether `word` appears in `text` as a whole word (separated by anything but letters and digits).
    static func hasWord(_ text: String, _ word: String) -> Bool {
        let needle = Array(word.utf8)
        var text = text
        return text.withUTF8 { haystack in
            func isWordByte(_ b: UInt8) -> Bool {
                b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
            }
            var start = 0
            while let at = find(needle, in: haystack, from: start) {
                let end = at + needle.count
                if (at == 0 || !isWordByte(haystack[at - 1])) && (end == haystack.count || !isWordByte(haystack[end])) {
                    return true
                }
                start = at + 1
            }
            return false
        }
    }
}
