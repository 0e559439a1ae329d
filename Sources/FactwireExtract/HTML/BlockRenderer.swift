/// Turns the chosen elements into the paragraphs the fact extractor reads, keeping the page's shape:
/// paragraphs, headings, list items and each `<br>`-separated line are paragraphs of their own; a table
/// row is one line with its cells between " | " (the form ``TableReader`` reads); a figure's caption goes
/// to `captions`, apart from the body.
struct BlockRenderer {
    let tree: HTMLTree
    let alive: [Bool]
    var paragraphs: [String] = []
    var captions: [String] = []
    /// Lines that were mostly link text ("SEE MORE: …", a list of other stories), left out of the body.
    var linkLines = 0
    private var line = ""
    private var lineLinks = 0

    init(tree: HTMLTree, alive: [Bool]) {
        self.tree = tree
        self.alive = alive
    }

    mutating func render(_ roots: [Int]) {
        for root in roots { visit(root, into: .body, inLink: false) }
        flush(.body)
    }

    enum Target { case body, caption }

    private mutating func visit(_ index: Int, into target: Target, inLink: Bool) {
        guard alive[index] else { return }
        let node = tree.nodes[index]
        if node.isText {
            line += node.text
            if inLink { lineLinks += node.text.unicodeScalars.count }
            return
        }
        switch node.tag {
        case "br":
            flush(target)
        case "hr", "img", "input":
            break
        case "tr":
            flush(target)
            let cells = node.children.filter { alive[$0] && (tree.nodes[$0].tag == "td" || tree.nodes[$0].tag == "th") }
                .map { HTMLText.collapse(cellText($0)) }.filter { !$0.isEmpty }
            if !cells.isEmpty { emit(cells.joined(separator: " | "), target) }
        case "figcaption":
            flush(target)
            for child in node.children { visit(child, into: .caption, inLink: inLink) }
            flush(.caption)
        case "pre":
            flush(target)
            var text = ""
            collectText(index, into: &text)
            for part in text.split(separator: "\n") { emit(HTMLText.collapse(String(part)), target) }
        default:
            let block = ContentFinder.blockTags.contains(node.tag)
            if block { flush(target) }
            for child in node.children { visit(child, into: target, inLink: inLink || node.tag == "a") }
            if block { flush(target) }
        }
    }

    /// A cell's text on one line, its blocks and line breaks separated by spaces.
    private func cellText(_ index: Int) -> String {
        var text = ""
        collectText(index, into: &text)
        return text
    }

    private func collectText(_ index: Int, into text: inout String) {
        guard alive[index] else { return }
        let node = tree.nodes[index]
        if node.isText {
            text += node.text
            return
        }
        if node.tag == "br" || ContentFinder.blockTags.contains(node.tag) { text += node.tag == "br" ? "\n" : " " }
        for child in node.children { collectText(child, into: &text) }
    }

    private mutating func flush(_ target: Target) {
        guard !line.isEmpty else { return }
        let text = HTMLText.collapse(line)
        // A short line that is mostly a link points elsewhere; prose with links in it stays, and so does
        // an address written out (a reference the article gives).
        if lineLinks * 2 > line.unicodeScalars.count, PlainTextNormalizer.wordCount(text) <= 25, !text.hasPrefix("http")
        {
            linkLines += 1
        } else {
            emit(text, target)
        }
        line = ""
        lineLinks = 0
    }

    private mutating func emit(_ text: String, _ target: Target) {
        guard !text.isEmpty else { return }
        switch target {
        case .body: paragraphs.append(text)
        case .caption: captions.append(text)
        }
    }
}
