import CLibXML2
import Foundation

/// Reads an article from an HTML page with libxml2's HTML parser (the forgiving one browsers resemble).
///
/// Metadata comes from `og:title`, `og:description`, `article:published_time`, `article:section`,
/// `<meta name="author">` and JSON-LD `NewsArticle` (also inside `@graph` or arrays); `<title>` and `<h1>`
/// are fallbacks. The body is found the way readability does it: page furniture (`script`, `nav`,
/// `header`, `footer`, `aside`, forms, and elements whose class or id says comments, share, related,
/// promo, newsletter…) is skipped; every paragraph scores its parent by length and commas; the best
/// container's blocks (paragraphs, headings, list items, quotes, table rows) are the body, minus blocks
/// that are mostly links.
public enum HTMLArticleReader {
    /// Parses `html` (already decoded text).
    public static func read(_ html: String) -> NormalizedArticle {
        _ = initialized
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(clamping: buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document, let root = xmlDocGetRootElement(document) else {
            if let document { xmlFreeDoc(document) }
            return NormalizedArticle()
        }
        defer { xmlFreeDoc(document) }
        var page = Page()
        page.collect(root)
        return page.article()
    }

    /// libxml2 wants one initialization before parsing from several threads.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Elements that are never article text.
    static let skippedElements: Set<String> = [
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select",
        "template", "figcaption", "menu", "dialog", "object", "embed", "canvas", "video", "audio", "input", "textarea",
    ]
    /// Class or id fragments of page furniture.
    static let furniture = ["comment", "share", "social", "related", "promo", "advert", "newsletter", "subscribe", "sidebar",
                            "breadcrumb", "cookie", "popup", "modal", "footer", "masthead", "navbar", "menu", "recommend",
                            "outbrain", "taboola", "paywall", "byline-share", "tags", "author-bio", "signup"]
    static let blockElements: Set<String> = ["p", "h2", "h3", "h4", "li", "blockquote", "pre", "tr", "dd"]

    struct Block {
        var text: String
        var linkText: Int
        var parent: OpaquePointer?
        var grandparent: OpaquePointer?
    }

    struct Page {
        var meta: [String: String] = [:]
        var titleElement: String?
        var h1: String?
        var jsonLD: [String] = []
        var blocks: [Block] = []
        var articleElement: OpaquePointer?
        var inArticle: [Bool] = []

        mutating func collect(_ node: xmlNodePtr) {
            walk(node, parent: nil, grandparent: nil, insideArticle: false)
        }

        mutating func walk(_ node: xmlNodePtr, parent: OpaquePointer?, grandparent: OpaquePointer?, insideArticle: Bool) {
            var child = node.pointee.children
            while let current = child {
                defer { child = current.pointee.next }
                guard current.pointee.type == XML_ELEMENT_NODE else { continue }
                let name = HTMLArticleReader.name(current)
                switch name {
                case "meta":
                    let key = (attribute(current, "property") ?? attribute(current, "name") ?? attribute(current, "itemprop"))?.lowercased()
                    if let key, let content = attribute(current, "content"), meta[key] == nil { meta[key] = content }
                    continue
                case "title":
                    if titleElement == nil { titleElement = HTMLArticleReader.text(current) }
                    continue
                case "script":
                    if attribute(current, "type")?.lowercased() == "application/ld+json" { jsonLD.append(rawText(current)) }
                    continue
                default: break
                }
                if HTMLArticleReader.skippedElements.contains(name) { continue }
                let marker = ((attribute(current, "class") ?? "") + " " + (attribute(current, "id") ?? "")).lowercased()
                if name != "body", name != "article", name != "main", HTMLArticleReader.furniture.contains(where: { marker.contains($0) }) { continue }
                if name == "h1", h1 == nil { h1 = HTMLArticleReader.text(current) }
                let here = OpaquePointer(current)
                let nowInArticle = insideArticle || name == "article" || name == "main" || marker.contains("article-body")
                if HTMLArticleReader.blockElements.contains(name) {
                    let (text, links) = blockText(current)
                    let trimmed = collapse(text)
                    if !trimmed.isEmpty {
                        blocks.append(Block(text: trimmed, linkText: links, parent: parent, grandparent: grandparent))
                        inArticle.append(nowInArticle)
                    }
                    continue
                }
                walk(current, parent: here, grandparent: parent, insideArticle: nowInArticle)
            }
        }

        /// The text of a block and how much of it sits inside links.
        func blockText(_ node: xmlNodePtr) -> (String, Int) {
            var text = ""
            var links = 0
            func visit(_ n: xmlNodePtr, inLink: Bool) {
                var child = n.pointee.children
                while let current = child {
                    defer { child = current.pointee.next }
                    switch current.pointee.type {
                    case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                        if let content = current.pointee.content {
                            let piece = String(cString: content)
                            text += piece
                            if inLink { links += piece.count }
                        }
                    case XML_ELEMENT_NODE:
                        let name = HTMLArticleReader.name(current)
                        if HTMLArticleReader.skippedElements.contains(name) { continue }
                        if name == "br" { text += " "; continue }
                        if name == "td" || name == "th" { text += "  " }
                        visit(current, inLink: inLink || name == "a")
                    default: break
                    }
                }
            }
            visit(node, inLink: false)
            return (text, links)
        }

        func article() -> NormalizedArticle {
            var article = NormalizedArticle()
            let ld = jsonLDArticle()
            article.title = clean(meta["og:title"] ?? ld?["headline"] as? String ?? h1 ?? titleElement)
            article.dek = clean(meta["og:description"] ?? meta["description"] ?? ld?["description"] as? String)
            article.author = clean(meta["author"] ?? meta["article:author"].flatMap { $0.hasPrefix("http") ? nil : $0 } ?? ldAuthor(ld))
            article.section = clean(meta["article:section"] ?? ld?["articleSection"] as? String)
            let date = meta["article:published_time"] ?? ld?["datePublished"] as? String ?? meta["date"] ?? meta["pubdate"]
            article.published = date.flatMap(DateText.parse)
            article.paragraphs = mainBlocks().filter { !PlainTextNormalizer.isChrome($0) }
            if let dek = article.dek, article.paragraphs.first == dek { article.paragraphs.removeFirst() }
            article.wordCount = article.paragraphs.reduce(0) { $0 + PlainTextNormalizer.wordCount($1) }
            return article
        }

        /// The blocks of the best-scoring container (readability's paragraph-to-parent scoring).
        func mainBlocks() -> [String] {
            let useful = blocks.indices.filter { blocks[$0].linkText * 2 < max(1, blocks[$0].text.count) }
            // Prefer an <article>/<main> when it holds most of the text.
            let inside = useful.filter { inArticle[$0] }
            let insideLength = inside.reduce(0) { $0 + blocks[$1].text.count }
            let totalLength = useful.reduce(0) { $0 + blocks[$1].text.count }
            if insideLength >= 200, insideLength * 2 >= totalLength { return inside.map { blocks[$0].text } }
            var scores: [OpaquePointer: Double] = [:]
            for index in useful where blocks[index].text.count >= 25 {
                let block = blocks[index]
                let score = 1 + Double(block.text.filter { $0 == "," }.count) + min(Double(block.text.count) / 100, 3)
                if let parent = block.parent { scores[parent, default: 0] += score }
                if let grandparent = block.grandparent { scores[grandparent, default: 0] += score / 2 }
            }
            guard let best = scores.max(by: { $0.value < $1.value })?.key else { return useful.map { blocks[$0].text } }
            return useful.filter { blocks[$0].parent == best || blocks[$0].grandparent == best }.map { blocks[$0].text }
        }

        /// The first JSON-LD object typed as an article.
        func jsonLDArticle() -> [String: Any]? {
            let types: Set<String> = ["NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "TechArticle"]
            func find(_ value: Any) -> [String: Any]? {
                if let object = value as? [String: Any] {
                    let type = object["@type"]
                    if let t = type as? String, types.contains(t) { return object }
                    if let list = type as? [String], list.contains(where: types.contains) { return object }
                    if let graph = object["@graph"] { return find(graph) }
                } else if let list = value as? [Any] {
                    for item in list { if let found = find(item) { return found } }
                }
                return nil
            }
            for script in jsonLD {
                if let value = try? JSONSerialization.jsonObject(with: Data(script.utf8)), let found = find(value) { return found }
            }
            return nil
        }

        func ldAuthor(_ ld: [String: Any]?) -> String? {
            guard let author = ld?["author"] else { return nil }
            if let name = author as? String { return name }
            if let object = author as? [String: Any] { return object["name"] as? String }
            if let list = author as? [Any] {
                let names = list.compactMap { ($0 as? [String: Any])?["name"] as? String ?? $0 as? String }
                return names.isEmpty ? nil : names.joined(separator: ", ")
            }
            return nil
        }

        func clean(_ text: String?) -> String? {
            guard let text else { return nil }
            let collapsed = collapse(text)
            return collapsed.isEmpty ? nil : collapsed
        }
    }

    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { factwire_xml_free(content) }
        return collapse(String(cString: content))
    }

    static func rawText(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { factwire_xml_free(content) }
        return String(cString: content)
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { factwire_xml_free(value) }
        return String(cString: value)
    }

    /// White space runs become one space; ends trimmed.
    static func collapse(_ text: String) -> String {
        var out = ""
        var space = false
        for c in text.unicodeScalars {
            if QuantityParser.isSpace(c) || c == "\u{00A0}" { space = true; continue }
            if space && !out.isEmpty { out.unicodeScalars.append(" ") }
            space = false
            out.unicodeScalars.append(c)
        }
        return out
    }
}

private func attribute(_ node: xmlNodePtr, _ name: String) -> String? { HTMLArticleReader.attribute(node, name) }
private func rawText(_ node: xmlNodePtr) -> String { HTMLArticleReader.rawText(node) }
private func collapse(_ text: String) -> String { HTMLArticleReader.collapse(text) }
