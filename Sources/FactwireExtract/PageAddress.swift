import Foundation

/// What a page's address says about whose page it is.
///
/// A company's investor-relations or report site ("ir.kestrel.com", "report.marlow.de/interim-q1/…") is its
/// own: such pages speak of "our segments" and may never write the company's name. A slug
/// ("…/kestrel-lifts-quarterly-revenue") names what the page is about the way a headline does. Both count only
/// where the article's header names no company: the address is a weaker witness than the headline.
struct PageAddress: Equatable {
    /// The host's own name, lower-cased: "kestrel" of "investors.kestrel.co.uk".
    let siteName: String?
    /// Whether the host or the path's first folder marks the site as the company's own.
    let isFirstParty: Bool
    /// The path's words, lower-cased, in order ("kestrel", "lifts", "quarterly", "revenue").
    let pathWords: [String]

    /// Hosts' first labels and paths' first folders that mark a company's own site.
    static let firstPartyMarks: Set<String> = [
        "ir", "investor", "investors", "investorrelations", "investor-relations", "report", "reports", "annualreport",
        "annual-report", "newsroom", "pressroom", "corporate"
    ]
    /// Second-level labels of two-part public suffixes ("co.uk", "com.tw").
    static let secondLevelSuffixes: Set<String> = ["co", "com", "net", "org", "ac", "gov", "or", "ne", "go"]
    /// Host labels that name no site: "www", mobile and cached copies.
    static let plainLabels: Set<String> = ["www", "m", "amp", "mobile", "en"]

    /// Reads an absolute http(s) address; nil for anything else.
    init?(_ address: String) {
        guard let components = URLComponents(string: address.trimmingSpaces()),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        var registrable = labels.count - 2
        if labels.count >= 3, labels[labels.count - 1].count == 2,
            Self.secondLevelSuffixes.contains(labels[labels.count - 2])
        {
            registrable = labels.count - 3
        }
        siteName = registrable >= 0 ? labels[registrable] : nil
        let subdomains = labels[..<max(0, registrable)].filter { !Self.plainLabels.contains($0) }
        let folders = components.percentEncodedPath.split(separator: "/").map { String($0).lowercased() }
        isFirstParty =
            subdomains.contains(where: Self.firstPartyMarks.contains)
            || folders.first.map(Self.firstPartyMarks.contains) == true
        pathWords = Self.words(components.path)
    }

    /// A name's words as an address writes them: lower-cased letters and digits ("Marlow-Fenn AG" → "marlow",
    /// "fenn", "ag"). ASCII text, nearly every address and name, is split byte by byte; other text by characters,
    /// whose letter and number properties cost a table look-up each.
    static func words(_ name: String) -> [String] {
        let lower = name.lowercased()
        guard lower.isASCII else {
            return lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        }
        return lower.utf8.split(whereSeparator: { byte in
            !(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
                || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The name among `names` (in their order) that the address spells: the one whose words come first in the
    /// path, else the one that is the site's name ("siemens.com" → "Siemens").
    func name(among names: [String]) -> String? {
        var best: (position: Int, name: String)?
        for name in names {
            let words = Self.words(name)
            guard !words.isEmpty, words.count <= pathWords.count else { continue }
            let start = (0...(pathWords.count - words.count)).first { start in
                words.indices.allSatisfy { pathWords[start + $0] == words[$0] }
            }
            if let start, best.map({ start < $0.position }) ?? true { best = (start, name) }
        }
        if let best { return best.name }
        guard let siteName else { return nil }
        return names.first { Self.words($0).joined() == siteName }
    }

    /// The company whose own site this is, named from the host ("report.marlow-fenn.com" → "Marlow Fenn", "ir.kbt.com"
    /// → "KBT": a short name alone is an acronym); nil unless the address marks a first-party site.
    var owner: String? {
        guard isFirstParty, let siteName, siteName.count >= 2 else { return nil }
        if siteName.count <= 3 { return siteName.uppercased() }
        return siteName.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
