/// Finds the elements that hold a page's article, the way Readability.js decides, on an ``HTMLTree``.
///
/// 1. Furniture goes first: hidden elements, ARIA navigation roles, `nav`/`aside`/`footer`/`header`, and
///    elements whose class or id names furniture (``ClassHints/unlikely``).
/// 2. Every paragraph of 25 characters or more scores its ancestors (1 + commas + a point per 100
///    characters, at most 3): the parent fully, the grandparent half, then a third of the level. An
///    ancestor starts from its tag (a `div` is likelier content than a list) and its class weight; links
///    then scale each score down by the share of its text inside links.
/// 3. The best container wins, moved up to the common ancestor when three near-equal rivals share one.
///    Its siblings join when they score close to it or are prose paragraphs.
/// 4. Inside the result, tables, lists and divs that look like furniture (mostly links, more list items
///    than paragraphs, images without text, controls) are removed, unless they are data tables.
///
/// When that leaves less than a short article, the steps are tried again with fewer filters
/// (``Filters``), and the longest result is kept.
struct ContentFinder {
    /// The filters of one attempt; later attempts drop them one at a time.
    struct Filters: OptionSet {
        let rawValue: Int
        static let stripUnlikely = Filters(rawValue: 1)
        static let weightClasses = Filters(rawValue: 2)
        static let cleanConditionally = Filters(rawValue: 4)
        static let all: Filters = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    /// Text measures of a subtree, kept up to date as elements are removed.
    struct Metrics {
        var text = 0
        var links = 0.0
        var commas = 0
        var paragraphs = 0
        var images = 0
        var listItems = 0
        var inputs = 0
        var headingText = 0
        var listText = 0

        static func += (a: inout Metrics, b: Metrics) {
            a.text += b.text
            a.links += b.links
            a.commas += b.commas
            a.paragraphs += b.paragraphs
            a.images += b.images
            a.listItems += b.listItems
            a.inputs += b.inputs
            a.headingText += b.headingText
            a.listText += b.listText
        }

        static func -= (a: inout Metrics, b: Metrics) {
            a.text -= b.text
            a.links -= b.links
            a.commas -= b.commas
            a.paragraphs -= b.paragraphs
            a.images -= b.images
            a.listItems -= b.listItems
            a.inputs -= b.inputs
            a.headingText -= b.headingText
            a.listText -= b.listText
        }

        var linkDensity: Double { text > 0 ? min(1, links / Double(text)) : 0 }
    }

    /// A paragraph to score: the element whose ancestors get its points (its parent, or the container of a
    /// run of loose text), with its length and commas.
    struct Item {
        var firstAncestor: Int
        var length: Int
        var commas: Int
    }

    let tree: HTMLTree
    let filters: Filters
    var alive: [Bool]
    var metrics: [Metrics]
    var score: [Double]
    var scored: [Bool]
    var items: [Item] = []
    /// The best-scoring container before climbing: cleaning never removes it or what holds it.
    var best: Int?

    static let scoredTags: WordSet = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"]
    /// Children that make a `div` a container rather than a paragraph.
    static let blockChildren: WordSet = [
        "a", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", "section",
        "article", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "aside", "nav",
        "main", "form", "fieldset", "hr", "li", "address"
    ]
    /// Elements a browser lays out as blocks (loose text between them is a paragraph of its own).
    static let blockTags: WordSet = [
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "body", "html", "br"
    ]
    static let headings: WordSet = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let furnitureTags: WordSet = ["nav", "aside", "footer", "header"]

    init(tree: HTMLTree, filters: Filters) {
        self.tree = tree
        self.filters = filters
        alive = Array(repeating: true, count: tree.nodes.count)
        metrics = Array(repeating: Metrics(), count: tree.nodes.count)
        score = Array(repeating: 0, count: tree.nodes.count)
        scored = Array(repeating: false, count: tree.nodes.count)
    }

    // MARK: - Step 1: furniture out, paragraphs found, subtrees measured

    static let hiddenStyles = [Array("display:none".utf8), Array("visibility:hidden".utf8)]

    static func isHidden(_ node: HTMLTree.Node) -> Bool {
        if node.attributes["hidden"] != nil { return true }
        if node.attributes["aria-hidden"] == "true",
            !ClassHints.containsAny(node.className, [Array("fallback-image".utf8)])
        {
            return true
        }
        if let style = node.attributes["style"]?.lowercased() {
            let compact = style.filter { $0 != " " }
            if ClassHints.containsAny(compact, hiddenStyles) { return true }
        }
        return false
    }

    /// Drops furniture under `<body>`, lists the paragraphs to score, and measures every subtree.
    mutating func prepare() {
        let nodes = tree.nodes
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        // (index, inside a link, inside a table or code)
        var stack: [(Int, Bool, Bool)] = [(tree.body, false, false)]
        while let (index, inLink, protected) = stack.popLast() {
            let node = nodes[index]
            if !node.isText, index != tree.body {
                // A hidden element holding several paragraphs is an article revealed by script (or one the
                // forgiving parser nested into a hidden cell of broken markup), not furniture.
                if Self.isHidden(node) && tree.paragraphCount(index) < 3
                    || node.attributes["role"].map({ ClassHints.furnitureRoles.contains($0.lowercased()) }) == true
                {
                    alive[index] = false
                    continue
                }
                if filters.contains(.stripUnlikely), !protected {
                    let marker = node.className + " " + node.id
                    if Self.furnitureTags.contains(node.tag)
                        || !["a", "article", "main", "html"].contains(node.tag) && ClassHints.isUnlikely(marker)
                    {
                        alive[index] = false
                        continue
                    }
                }
            }
            order.append(index)
            let linkHere = inLink || node.tag == "a"
            let protectHere = protected || node.tag == "table" || node.tag == "code" || node.tag == "pre"
            for child in node.children.reversed() { stack.append((child, linkHere, protectHere)) }
            if node.isText {
                var afterSpace = true
                let length = HTMLText.visibleLength(node.text, afterSpace: &afterSpace)
                metrics[index].text = length
                metrics[index].commas = node.text.unicodeScalars.reduce(0) {
                    $0 + ($1 == "," || $1 == "\u{FF0C}" || $1 == "\u{060C}" ? 1 : 0)
                }
                if inLink {
                    let hashLink = Self.linkIsFragment(index, in: tree)
                    metrics[index].links = Double(length) * (hashLink ? 0.3 : 1)
                }
            }
        }
        // Bottom-up sums: children come after their parent in `order`.
        for index in order.reversed() {
            let node = nodes[index]
            switch node.tag {
            case "p": metrics[index].paragraphs += 1
            case "img": metrics[index].images += 1
            case "li": metrics[index].listItems += 1
            case "input": metrics[index].inputs += 1
            default: break
            }
            if Self.headings.contains(node.tag) { metrics[index].headingText = metrics[index].text }
            if node.tag == "ul" || node.tag == "ol" { metrics[index].listText = metrics[index].text }
            if node.parent >= 0, index != tree.body { metrics[node.parent] += metrics[index] }
        }
        // Paragraphs, in document order.
        for index in order where !nodes[index].isText {
            let node = nodes[index]
            if Self.scoredTags.contains(node.tag) || node.tag == "div" && !hasBlockChild(index) {
                items.append(
                    Item(firstAncestor: node.parent, length: metrics[index].text, commas: metrics[index].commas))
            } else if node.tag == "div" {
                // Loose text beside blocks is a paragraph of its own (readability wraps it in a <p>).
                var run = Metrics()
                func flush() {
                    if run.text > 0 { items.append(Item(firstAncestor: index, length: run.text, commas: run.commas)) }
                    run = Metrics()
                }
                for child in node.children where alive[child] {
                    let childNode = nodes[child]
                    if !childNode.isText, Self.blockTags.contains(childNode.tag) {
                        flush()
                    } else {
                        run += metrics[child]
                    }
                }
                flush()
            }
        }
    }

    /// Whether the link holding text node `index` points inside the page ("#section").
    static func linkIsFragment(_ index: Int, in tree: HTMLTree) -> Bool {
        var current = tree.nodes[index].parent
        while current >= 0 {
            if tree.nodes[current].tag == "a" { return tree.nodes[current].attributes["href"]?.hasPrefix("#") == true }
            current = tree.nodes[current].parent
        }
        return false
    }

    func hasBlockChild(_ index: Int) -> Bool {
        tree.nodes[index].children.contains { alive[$0] && Self.blockChildren.contains(tree.nodes[$0].tag) }
    }

    func elementChildren(_ index: Int) -> [Int] {
        tree.nodes[index].children.filter { alive[$0] && !tree.nodes[$0].isText }
    }

    /// Removes `index` and its subtree, and takes its measures off its ancestors.
    mutating func remove(_ index: Int) {
        guard alive[index] else { return }
        var up = tree.nodes[index].parent
        while up >= 0 {
            if !alive[up] { return }  // already gone with an ancestor
            up = tree.nodes[up].parent
        }
        alive[index] = false
        let gone = metrics[index]
        var current = tree.nodes[index].parent
        while current >= 0 {
            metrics[current] -= gone
            if current == tree.body { break }
            current = tree.nodes[current].parent
        }
    }

    // MARK: - Step 2: scores

    static func tagScore(_ tag: String) -> Double {
        switch tag {
        case "div": return 5
        case "pre", "td", "blockquote": return 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": return -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": return -5
        default: return 0
        }
    }

    func classWeight(_ index: Int) -> Double {
        guard filters.contains(.weightClasses) else { return 0 }
        return ClassHints.weight(className: tree.nodes[index].className, id: tree.nodes[index].id)
    }

    mutating func initialize(_ index: Int) {
        guard !scored[index] else { return }
        scored[index] = true
        score[index] = Self.tagScore(tree.nodes[index].tag) + classWeight(index)
    }

    mutating func scoreItems() {
        for item in items where item.length >= 25 && item.firstAncestor >= 0 {
            let points = 1 + Double(item.commas) + min(Double(item.length / 100), 3)
            var ancestor = item.firstAncestor
            var level = 0
            while ancestor >= 0, level < 5, tree.nodes[ancestor].parent >= 0 {
                initialize(ancestor)
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                score[ancestor] += points / divider
                ancestor = tree.nodes[ancestor].parent
                level += 1
            }
        }
        for index in score.indices where scored[index] {
            score[index] *= 1 - metrics[index].linkDensity
        }
    }

    // MARK: - Step 3: the best container and its siblings

    func ancestors(_ index: Int) -> [Int] {
        var list: [Int] = []
        var current = tree.nodes[index].parent
        while current >= 0 {
            list.append(current)
            current = tree.nodes[current].parent
        }
        return list
    }

    /// The content's root elements, in document order; the body's children when nothing scores.
    mutating func choose() -> [Int] {
        let candidates = score.indices.filter { scored[$0] && alive[$0] }.sorted { score[$0] > score[$1] }
        guard var top = candidates.first, tree.nodes[top].tag != "body" else { return [tree.body] }
        let topScore = score[top]
        best = top
        let rivals = candidates.dropFirst().prefix(4).filter { topScore > 0 && score[$0] / topScore >= 0.75 }.map {
            Set(ancestors($0))
        }
        if rivals.count >= 3 {
            var parent = tree.nodes[top].parent
            while parent >= 0, parent != tree.body {
                if rivals.filter({ $0.contains(parent) }).count >= 3 {
                    top = parent
                    break
                }
                parent = tree.nodes[parent].parent
            }
        }
        initialize(top)
        // Climb while a parent scores better: the article is often split over several sibling blocks.
        var parent = tree.nodes[top].parent
        var lastScore = score[top]
        let threshold = lastScore / 3
        while parent >= 0, parent != tree.body {
            if !scored[parent] {
                parent = tree.nodes[parent].parent
                continue
            }
            if score[parent] < threshold { break }
            if score[parent] > lastScore {
                top = parent
                break
            }
            lastScore = score[parent]
            parent = tree.nodes[parent].parent
        }
        parent = tree.nodes[top].parent
        while parent >= 0, parent != tree.body, elementChildren(parent).count == 1 {
            top = parent
            parent = tree.nodes[parent].parent
        }
        initialize(top)
        guard parent >= 0 else { return [top] }
        // Siblings that score near the winner, or read as prose, join it.
        let siblingThreshold = max(10, score[top] * 0.2)
        var roots: [Int] = []
        for sibling in elementChildren(parent) {
            if sibling == top {
                roots.append(sibling)
                continue
            }
            let node = tree.nodes[sibling]
            let bonus = !node.className.isEmpty && node.className == tree.nodes[top].className ? score[top] * 0.2 : 0
            if scored[sibling], score[sibling] + bonus >= siblingThreshold {
                roots.append(sibling)
                continue
            }
            if node.tag == "p" || node.tag == "div" && !hasBlockChild(sibling) {
                let length = metrics[sibling].text
                let density = metrics[sibling].linkDensity
                if length > 80, density < 0.25 {
                    roots.append(sibling)
                    continue
                }
                if length > 0, length < 80, density == 0, endsSentence(sibling) { roots.append(sibling) }
            }
        }
        return (roots + repeatedContainers(like: top, besides: roots)).sorted()
    }

    /// Elements of the same tag and class as the winner elsewhere in the page, holding prose: templates
    /// that cut one article into chunks (between ads or embeds) repeat the body's container for each.
    func repeatedContainers(like top: Int, besides roots: [Int]) -> [Int] {
        let model = tree.nodes[top]
        guard !model.className.isEmpty, model.tag != "body" else { return [] }
        let taken = Set(roots)
        let above = Set(ancestors(top))
        var found: [Int] = []
        var stack = [tree.body]
        while let next = stack.popLast() {
            guard alive[next], !taken.contains(next) else { continue }
            let node = tree.nodes[next]
            if !node.isText, next != top, !above.contains(next), node.tag == model.tag,
                node.className == model.className, scored[next],
                metrics[next].text >= 25, metrics[next].linkDensity < 0.5
            {
                found.append(next)
                continue
            }
            stack.append(contentsOf: node.children.reversed())
        }
        return found
    }

    /// Whether an element's text has a sentence end (". " or a final period).
    func endsSentence(_ index: Int) -> Bool {
        let text = HTMLText.collapse(plainText(index))
        return text.hasSuffix(".") || ClassHints.containsAny(text, [Array(". ".utf8)])
    }

    /// The text under `index`, as written.
    func plainText(_ index: Int) -> String {
        var out = ""
        var stack = [index]
        while let next = stack.popLast() {
            guard alive[next] else { continue }
            let node = tree.nodes[next]
            if node.isText {
                out += node.text
                continue
            }
            if Self.blockTags.contains(node.tag) { out += " " }
            stack.append(contentsOf: node.children.reversed())
        }
        return out
    }

    // MARK: - Step 4: furniture inside the article

    /// Readability's data-table test: a table of figures, not one used for layout.
    func isDataTable(_ index: Int) -> Bool {
        let node = tree.nodes[index]
        if node.attributes["role"] == "presentation" || node.attributes["datatable"] == "0" { return false }
        if node.attributes["summary"] != nil { return true }
        let inner = tree.descendants(
            of: index, named: ["caption", "col", "colgroup", "tfoot", "thead", "th", "table", "tr", "td"], alive: alive)
        if inner.contains(where: { ["caption", "col", "colgroup", "tfoot", "thead", "th"].contains(tree.nodes[$0].tag) }
        ) {
            return true
        }
        if inner.contains(where: { tree.nodes[$0].tag == "table" }) { return false }
        let rows = inner.filter { tree.nodes[$0].tag == "tr" }
        let columns =
            rows.map { row in tree.nodes[row].children.filter { alive[$0] && tree.nodes[$0].tag == "td" }.count }.max()
            ?? 0
        return rows.count >= 10 || columns > 4 || rows.count * columns > 10
    }

    func insideDataTable(_ index: Int) -> Bool {
        var current = tree.nodes[index].parent
        while current >= 0 {
            if tree.nodes[current].tag == "table", isDataTable(current) { return true }
            current = tree.nodes[current].parent
        }
        return false
    }

    /// Removes furniture inside the chosen roots: always `aside`, `footer` and short "share" blocks; with
    /// ``Filters/cleanConditionally`` also tables, lists and divs that look like link lists or galleries.
    mutating func clean(_ roots: [Int]) {
        var all: [Int] = []
        for root in roots {
            all.append(root)
            all += tree.descendants(of: root, named: Self.cleanedTags, alive: alive)
        }
        for index in all where alive[index] {
            let node = tree.nodes[index]
            if node.tag == "aside" || node.tag == "footer" || node.tag == "nav" {
                remove(index)
            } else if metrics[index].text < 500, ClassHints.hasWord(node.className + " " + node.id, "share") {
                remove(index)
            } else if node.tag == "h1" || node.tag == "h2", filters.contains(.weightClasses), classWeight(index) < 0 {
                remove(index)
            }
        }
        guard filters.contains(.cleanConditionally) else { return }
        for index in all.reversed()
        where alive[index]
            && ["table", "ul", "ol", "div", "form", "fieldset", "section"].contains(tree.nodes[index].tag)
        {
            if roots.contains(index) && roots.count == 1 { continue }
            if let best, index == best || tree.isAncestor(index, of: best) { continue }
            if shouldRemove(index) { remove(index) }
        }
    }

    static let cleanedTags: Set<String> = [
        "table", "ul", "ol", "div", "form", "fieldset", "section", "aside", "footer", "nav", "h1", "h2",
        "span", "p"
    ]

    /// Readability's conditional cleaning, one element.
    func shouldRemove(_ index: Int) -> Bool {
        let node = tree.nodes[index]
        let m = metrics[index]
        var isList = node.tag == "ul" || node.tag == "ol"
        if !isList, m.text > 0 { isList = Double(m.listText) / Double(m.text) > 0.9 }
        if node.tag == "table", isDataTable(index) { return false }
        if insideDataTable(index) || tree.hasAncestor(index, "code") { return false }
        let weight = classWeight(index)
        if weight < 0 { return true }
        guard m.commas < 10 else { return false }
        // Prose with a few links beside it (a paragraph run and its "related" list) is the article.
        let prose = Double(m.text) - m.links
        if m.paragraphs >= 3, prose >= 400, prose >= 2 * m.links { return false }
        let inFigure = tree.hasAncestor(index, "figure")
        let paragraphs = Double(m.paragraphs)
        let images = Double(m.images)
        let listItems = Double(m.listItems) - 100
        let headingDensity = m.text > 0 ? Double(m.headingText) / Double(m.text) : 0
        let linkDensity = m.linkDensity
        let remove =
            (!inFigure && images > 1 && paragraphs / images < 0.5)
            || (!isList && listItems > paragraphs)
            || (Double(m.inputs) > (paragraphs / 3).rounded(.down))
            || (!isList && !inFigure && headingDensity < 0.9 && m.text < 25 && (images == 0 || images > 2)
                && linkDensity > 0)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
        if isList && remove {
            // A list of images (a gallery inside the article) stays.
            let children = elementChildren(index)
            if children.contains(where: { elementChildren($0).count > 1 }) { return remove }
            if m.images == m.listItems + 0 { return false }
        }
        return remove
    }
}
