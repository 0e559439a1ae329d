import CLibXML2

/// A page's elements and text copied out of libxml2 into Swift arrays, once.
///
/// The reader scores, removes and re-reads nodes several times per page (a first attempt, then retries
/// with fewer filters); doing that on plain indices is faster and safer than walking libxml2's pointers
/// each time, and the libxml2 document can be freed before any of it starts. What the page says about
/// itself (`<meta>`, `<title>`, JSON-LD) is gathered on the same pass into ``HTMLMetadata``.
///
/// Only what the reader decides with is kept: elements that never hold article text (scripts, styles,
/// forms' controls, embeds, SVG) are left out with everything inside them, and images and inputs are kept
/// as empty leaves because the cleaning rules count them.
struct HTMLTree {
    struct Node {
        /// Lower-cased element name; empty for a text node.
        var tag: String
        /// A text node's text, as written (white space is collapsed when rendering).
        var text: String = ""
        var parent: Int
        var children: [Int] = []
        /// The `class` attribute, lower-cased.
        var className: String = ""
        /// The `id` attribute, lower-cased.
        var id: String = ""
        /// The few other attributes the reader looks at (`style`, `hidden`, `role`, `itemprop`…).
        var attributes: [String: String] = [:]

        var isText: Bool { tag.isEmpty }
    }

    var nodes: [Node] = []
    /// The `<body>` (or the root element when the page has none).
    var body = 0
    var metadata = HTMLMetadata()

    /// Elements left out with their whole content.
    static let dropped: WordSet = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
        "audio",
        "textarea", "select", "option", "button", "link", "map", "source"
    ]
    /// Attributes kept on elements.
    static let keptAttributes = [
        "style", "hidden", "aria-hidden", "role", "itemprop", "rel", "datetime", "summary", "datatable", "href"
    ]
    /// Deeper elements are read as part of the element at this depth (a block's text as a line of its own),
    /// so that the reader's own passes stay shallow enough for any thread's stack.
    static let maximumDepth = 256
    /// How deep libxml2 follows elements before it stops parsing (and drops the rest of the page). A page
    /// with a thousand unclosed `<font>` tags is broken but readable; the limit still bounds the parser's
    /// work on input built to nest without end.
    static let parserDepth: UInt32 = 4096

    /// Parses `html` (decoded text) with libxml2's forgiving HTML parser; nil when nothing parses.
    static func parse(_ html: String) -> HTMLTree? {
        _ = libxmlInitialized
        let bytes = Array(html.utf8)
        guard !bytes.isEmpty else { return nil }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(clamping: buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return nil }
        var tree = HTMLTree()
        tree.nodes.reserveCapacity(4096)
        tree.nodes.append(Node(tag: Self.name(root), parent: -1))
        tree.copyChildren(of: root, into: 0, depth: 1)
        tree.body = tree.nodes.firstIndex { $0.tag == "body" } ?? 0
        return tree
    }

    /// libxml2 wants one initialization before parsing from several threads, and its depth limit is
    /// process-wide: both are set once, here, before any parse.
    private static let libxmlInitialized: Bool = {
        xmlInitParser()
        factwire_xml_set_maximum_depth(parserDepth)
        return true
    }()

    /// Copies `element`'s descendants in document order. An explicit stack, not recursion: libxml2 nests as
    /// deep as ``parserDepth``, deeper than a thread's stack should be asked to follow.
    private mutating func copyChildren(of element: xmlNodePtr, into parent: Int, depth: Int) {
        // `flattened`: the frame of a block element copied as its content alone (past ``maximumDepth``); a line
        // break after it keeps its text apart from what follows, as the block did.
        var stack: [(next: xmlNodePtr?, parent: Int, depth: Int, flattened: Bool)] = [
            (element.pointee.children, parent, depth, false)
        ]
        while let top = stack.last {
            guard let current = top.next else {
                if top.flattened { append(Node(tag: "br", parent: top.parent)) }
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next = current.pointee.next
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard let content = current.pointee.content else { continue }
                let text = String(cString: content)
                guard !text.isEmpty else { continue }
                append(Node(tag: "", text: text, parent: top.parent))
            case XML_ELEMENT_NODE:
                let name = Self.name(current)
                if metadata.note(name, current) { continue }
                if Self.dropped.contains(name) { continue }
                if top.depth >= Self.maximumDepth {
                    let block = ContentFinder.blockTags.contains(name)
                    if block { append(Node(tag: "br", parent: top.parent)) }
                    stack.append((current.pointee.children, top.parent, top.depth, block))
                    continue
                }
                var node = Node(tag: name, parent: top.parent)
                node.className = Self.attribute(current, "class")?.lowercased() ?? ""
                node.id = Self.attribute(current, "id")?.lowercased() ?? ""
                for key in Self.keptAttributes {
                    if let value = Self.attribute(current, key) { node.attributes[key] = value }
                }
                let index = append(node)
                stack.append((current.pointee.children, index, top.depth + 1, false))
            default:
                continue
            }
        }
    }

    @discardableResult
    private mutating func append(_ node: Node) -> Int {
        let index = nodes.count
        nodes.append(node)
        nodes[node.parent].children.append(index)
        return index
    }

    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { factwire_xml_free(value) }
        return String(cString: value)
    }

    /// Every text under `node` joined as written (libxml2's own concatenation).
    static func content(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { factwire_xml_free(content) }
        return String(cString: content)
    }

    // MARK: Reading the copied tree

    /// `<p>` elements under `index` (stops counting at 3, all the reader asks).
    func paragraphCount(_ index: Int) -> Int {
        var count = 0
        var stack = [index]
        while let next = stack.popLast(), count < 3 {
            if nodes[next].tag == "p" { count += 1 }
            stack.append(contentsOf: nodes[next].children)
        }
        return count
    }

    /// Whether `index` has an ancestor (itself excluded) named `tag`.
    func hasAncestor(_ index: Int, _ tag: String, within levels: Int = .max) -> Bool {
        var current = nodes[index].parent
        var level = 0
        while current >= 0, level < levels {
            if nodes[current].tag == tag { return true }
            current = nodes[current].parent
            level += 1
        }
        return false
    }

    /// Whether `ancestor` holds `index`.
    func isAncestor(_ ancestor: Int, of index: Int) -> Bool {
        var current = nodes[index].parent
        while current >= 0 {
            if current == ancestor { return true }
            current = nodes[current].parent
        }
        return false
    }

    /// Elements named `tag` under `index`, in document order.
    func descendants(of index: Int, named tags: Set<String>, alive: [Bool]) -> [Int] {
        var found: [Int] = []
        var stack = nodes[index].children.reversed() as [Int]
        while let next = stack.popLast() {
            guard alive[next] else { continue }
            if tags.contains(nodes[next].tag) { found.append(next) }
            stack.append(contentsOf: nodes[next].children.reversed())
        }
        return found
    }
}
