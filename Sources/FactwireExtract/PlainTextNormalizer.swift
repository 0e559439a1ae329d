import Foundation

/// Turns page text as a scraper saved it into a ``NormalizedArticle``.
///
/// The page is read as blocks (separated by blank lines). Page chrome (share and subscribe lines,
/// "Advertisement", "Editorial standards", affiliate notices, image credits) is dropped. Before the
/// byline, a short first block followed by another short block is the section crumb, the next short
/// block without a final period is the title, and a one-paragraph block before the byline is the dek.
/// Bylines: "Written by NAME, ROLE on DATE", "By NAME", "By NAME, ROLE", "NAME | Reuters". A date counts
/// only when it has a day, a month and a year.
public struct PlainTextNormalizer: Sendable {
    /// Creates a normalizer.
    public init() {}

    /// Normalizes `text` (already decoded).
    public func normalize(_ text: String) -> NormalizedArticle {
        var blocks = Self.blocks(text).filter { !Self.isChrome($0) }
        var article = NormalizedArticle()

        // Everything up to the byline is header; without a byline, the header is at most section + title + dek.
        let bylineIndex = blocks.prefix(6).firstIndex { Self.byline($0) != nil }
        var header: [String]
        if let bylineIndex {
            let byline = Self.byline(blocks[bylineIndex])!
            article.author = byline.name
            article.authorRole = byline.role
            article.published = byline.date
            header = Array(blocks[..<bylineIndex])
            blocks.removeSubrange(...bylineIndex)
        } else {
            header = []
            while header.count < 3, let first = blocks.first, Self.isHeading(first) {
                header.append(blocks.removeFirst())
            }
        }
        // "(EDS: updates with analyst comment)": a wire desk's note to editors, not a title or a dek.
        header.removeAll(where: Self.isEditorsNote)
        // A date on a line of its own next to the byline or under the title is the publication date, not text.
        if let index = header.lastIndex(where: { Self.dateLine($0) != nil }) {
            article.published = article.published ?? Self.dateLine(header[index])
            header.remove(at: index)
        }
        if let first = blocks.first, let date = Self.standaloneDate(first) {
            article.published = article.published ?? date
            blocks.removeFirst()
        }
        // A page whose header the rules above did not find may still date itself near the top: a date on a line
        // of its own a few blocks down ("Unilever PLC" / "31 July 2025" under a filing's number), or a
        // dateline opening its first paragraphs ("VELDHOVEN, the Netherlands, October 15, 2024 – Today, …").
        if article.published == nil, let (index, date, isText) = Self.earlyDate(blocks) {
            article.published = date
            if !isText { blocks.remove(at: index) }
        }
        // The header's last block may end with the byline glued to it (dek + "Written by …" on the next line).
        if header.count >= 2, Self.wordCount(header[0].components(separatedBy: " › ")[0]) <= 4,
            Self.isHeading(header[0]), Self.isHeading(header[1])
        {
            article.section = header.removeFirst()
        }
        if let first = header.first, Self.isHeading(first) || header.count > 1 {
            article.title = header.removeFirst()
        }
        if !header.isEmpty {
            article.dek = header.joined(separator: " ")
        }
        article.paragraphs = CellRuns.joined(blocks.filter { Self.wordCount($0) > 0 })
        article.wordCount = article.paragraphs.reduce(0) { $0 + Self.wordCount($1) }
        return article
    }

    // MARK: - Blocks

    /// Paragraphs separated by blank lines; inside a paragraph, lines are joined with spaces — except a
    /// byline on its own line, which becomes its own block.
    static func blocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [String] = []
        // Whether each line of `current` keeps its line break before it (else it continues the line before).
        var breaks: [Bool] = []
        func flush() {
            guard !current.isEmpty else { return }
            // Several short heading-like lines in a row are a crumb trail ("Home & Office" / "Networking"); a field
            // ("> Revenue: $7.2 billion") is not.
            // ("Kestrel, Marlow &" / "Tallis Lead The Market" is a title wrapped after its "&".)
            let crumbs =
                current.count > 1 && !current.dropLast().contains(where: { $0.hasSuffix("&") || $0.hasSuffix(",") })
                && current.allSatisfy { wordCount($0) <= 4 && isHeading($0) && !$0.hasByte(UInt8(ascii: ":")) }
            var joined: String
            if crumbs {
                joined = current.joined(separator: " › ")
            } else {
                joined = current[0]
                for index in current.indices.dropFirst() { joined += (breaks[index] ? "\n" : " ") + current[index] }
            }
            if joined.hasByte(10) { joined = Self.tidyLineBreaks(joined) }
            blocks.append(joined)
            current = []
            breaks = []
        }
        var atStart = true
        let allLines = lines(text)
        let wrapWidth = hardWrapWidth(allLines)
        // A page saved with no blank line at all puts its title, crumbs and date each on a line of their own above
        // the text: until the first line of text, a line that keeps its break starts a block, so the header is
        // found. (The text stays one block, as before: splitting it too read sections of a round-up as articles.)
        var headerLines = Self.hasNoBlankLine(allLines)
        for rawLine in allLines {
            var line = trim(rawLine)
            if line.isEmpty {
                flush()
                continue
            }
            // A saved page's first line may say where it came from ("# source: https://…"): provenance, not text.
            defer { atStart = false }
            if atStart, isAddressLine(line) { continue }
            // "date 2019-07-18 Kestrel posts…": a date field glued to the text that follows it.
            if let (field, rest) = leadingDateField(line) {
                flush()
                blocks.append(field)
                guard !rest.isEmpty else { continue }
                line = rest
            }
            if mayBeByline(line) && byline(line) != nil || isChrome(line) {
                flush()
                blocks.append(line)
                continue
            }
            // Table rows and list items keep their line: "Net Sales  $ 10.9 billion  $ 10.4 billion" is a row,
            // not prose, and the fact extractor reads each row on its own.
            if isRow(line) {
                line = collapseSpaces(line)
                if let last = current.last {
                    current[current.count - 1] = last + "\n" + line
                } else {
                    current.append("\n" + line)
                    breaks.append(true)
                }
                current[current.count - 1] += "\n"
                continue
            }
            // A line keeps its break unless it continues the one before (see ``continuesLine``): scraped pages
            // put one paragraph, heading or table row on each line; only a line wrapped mid-sentence ("…the
            // company said it\nexpects…") is joined.
            let keepsBreak =
                current.last.map {
                    $0.hasSuffix("\n") || !continuesLine(previous: $0, next: line, wrapWidth: wrapWidth)
                } ?? true
            // A date on a line of its own ("July 7, 2020" over the first paragraph, "[May 01, 2013]" under the
            // title) is a block of its own, as a byline is: joined to its neighbours it would be neither the
            // header's date nor text. (Not a line that continues the one before: "…said on" / "March 3, 2026.")
            if keepsBreak, standaloneDate(line) != nil {
                flush()
                blocks.append(line)
                continue
            }
            if headerLines {
                // A line wrapped onto the next is text: the header has ended.
                headerLines = keepsBreak && (isHeading(line) || standaloneDate(line) != nil)
                if keepsBreak { flush() }
            }
            current.append(line)
            breaks.append(keepsBreak)
        }
        flush()
        return blocks
    }

    /// No blank line between the first line with text and the last.
    static func hasNoBlankLine(_ lines: [Substring]) -> Bool {
        // Most lines are told from a blank one by their first character.
        func isBlank(_ line: Substring) -> Bool {
            line.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{00A0}" }
        }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) })
        else { return false }
        return !lines[first...last].contains(where: isBlank)
    }

    /// Spaces around line breaks dropped, runs of breaks made one, and the ends trimmed, in one pass.
    static func tidyLineBreaks(_ text: String) -> String {
        // Byte by byte: the characters it looks at are ASCII, and no byte of a multi-byte UTF-8 sequence is.
        // (Appending scalar by scalar to a scalar view was a few per cent of the extractor's time.)
        var source = text
        return source.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var pendingBreak = false
            for c in bytes {
                if c == 10 {
                    pendingBreak = true
                    pendingSpace = false
                    continue
                }
                if c == 32 || c == 9 || c == 13 {
                    if !pendingBreak { pendingSpace = true }
                    continue
                }
                if !out.isEmpty {
                    if pendingBreak { out.append(10) } else if pendingSpace { out.append(32) }
                }
                pendingBreak = false
                pendingSpace = false
                out.append(c)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether `next` continues `previous` (a wrapped line). A line that ends a sentence never continues.
    /// Otherwise the next does when it starts in lower case, when the previous ends on a comma or a word that
    /// cannot end a heading or sentence ("… ahead of Marlow and" / "Veltro, which …"), or, in
    /// text hard-wrapped at `wrapWidth` columns, when the previous line fills most of that width: a wire
    /// story's lines break wherever the next word did not fit, so a capital or a digit there starts nothing.
    static func continuesLine(previous: String, next: String, wrapWidth: Int? = nil) -> Bool {
        guard let end = previous.unicodeScalars.last, let start = next.unicodeScalars.first else { return false }
        // "- Sales:" then "18.64 billion euros": a short label and the value the wrap put on the next line.
        if end == ":", start.properties.numericType != nil || currencyStarts.contains(start),
            wordCount(previous) <= 4, !next.hasByte(UInt8(ascii: "|")), !next.hasByte(9)
        {
            return true
        }
        if sentenceEnds.contains(end) { return false }
        if start.properties.isLowercase || end == "," { return true }
        let lastWord = previous.utf8.lastIndex(of: 32).map { previous[previous.index(after: $0)...] } ?? previous[...]
        if lastWord.utf8.count <= 5, joiningWords.contains(lastWord.lowercased()) { return true }
        if let wrapWidth, previous.utf8.count * 10 >= wrapWidth * 6 { return true }
        return false
    }

    /// Currency signs a value can start with.
    static let currencyStarts = Set("$€£¥₹₩".unicodeScalars)

    /// Words a line does not end on unless the sentence goes on in the next line.
    static let joiningWords: WordSet = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "than",
        "its", "their", "his", "her", "our", "was", "were", "is", "are", "that", "which", "who", "&"
    ]

    /// The column a text was hard-wrapped at (in UTF-8 bytes), or nil when it was not: at least eight lines,
    /// three in four of them 40 to 100 bytes long, none longer, and at least half not ending a sentence.
    static func hardWrapWidth(_ lines: [Substring]) -> Int? {
        var (filled, wrapped, open, widest) = (0, 0, 0, 0)
        let blank: Set<UInt8> = [32, 9, 13]
        for line in lines {
            // Lengths in UTF-8 bytes, ends found from the ends: one long line (a huge page) ends the look at once.
            let bytes = line.utf8
            guard let first = bytes.firstIndex(where: { !blank.contains($0) }),
                let last = bytes.lastIndex(where: { !blank.contains($0) })
            else { continue }
            let length = bytes.distance(from: first, to: last) + 1
            guard length <= 100 else { return nil }
            filled += 1
            widest = max(widest, length)
            if length >= 40 { wrapped += 1 }
            if let end = line[...last].unicodeScalars.last, !sentenceEnds.contains(end) { open += 1 }
        }
        guard filled >= 8, wrapped * 4 >= filled * 3, open * 2 >= filled else { return nil }
        return widest
    }

    /// Characters that end a sentence, a quotation or a table row at the end of a line.
    static let sentenceEnds = Set(".!?:;\"\u{201D})|".unicodeScalars)

    /// The lines of `text`, split on LF by bytes (splitting Characters runs grapheme breaking on every one).
    static func lines(_ text: String) -> [Substring] {
        // Line breaks found over the contiguous bytes (stepping UTF-8 view indices costs several times more),
        // then cut at those byte offsets.
        var copy = text
        let breaks: [Int] = copy.withUTF8 { bytes in bytes.indices.filter { bytes[$0] == 10 } }
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = utf8.startIndex
        for offset in breaks {
            let index = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(text[start..<index])
            start = utf8.index(after: index)
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    /// A bulleted list item or a table row (columns set apart by runs of spaces).
    static func isRow(_ line: String) -> Bool {
        if let first = line.unicodeScalars.first, "•·▪●*–".unicodeScalars.contains(first) { return true }
        var line = line
        return line.withUTF8 { bytes in
            var spaces = 0
            for byte in bytes {
                if byte == 9 { return true }
                spaces = byte == 32 ? spaces + 1 : 0
                if spaces == 3 { return true }
            }
            return false
        }
    }

    /// Runs of spaces and tabs become one space; a leading bullet is dropped.
    static func collapseSpaces(_ line: String) -> String {
        var out = ""
        var space = false
        for c in line {
            if c == " " || c == "\t" {
                space = true
                continue
            }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(c)
        }
        if let first = out.unicodeScalars.first, "•·▪●*–".unicodeScalars.contains(first) {
            out = String(out.dropFirst()).trimmingSpaces()
        }
        return out
    }

    // MARK: - Chrome

    static let chromeExact: WordSet = [
        "editorial standards", "advertisement", "advertising", "share", "tweet", "email", "print", "comments",
        "related", "read more", "more from", "recommended", "sponsored", "newsletter", "subscribe", "sign up",
        "log in", "sign in", "show comments", "most popular", "trending", "see also", "don't miss", "see more",
        "more stories",
        "you may also like", "related articles", "related stories", "recommended for you", "most read", "read next",
        "advert", "skip to content", "skip to main content", "tell us what you think", "leave a comment",
        "print this article"
    ]
    static let chromePrefixes = [
        "we may earn a commission", "this article contains affiliate", "share this", "share on", "follow us",
        "follow me",
        "subscribe to", "sign up for", "click here", "read more:", "related:", "see also:", "image:", "photo:",
        "image credit",
        "photo credit", "(image:", "(photo:", "getty images", "copyright ©", "© 20", "all rights reserved",
        "also read:",
        "watch:", "listen:", "join the discussion", "see more:", "don't miss:", "read next:", "recommended:",
        "related article:"
    ]

    static func isChrome(_ block: String) -> Bool {
        guard block.utf8.count <= 400 else { return false }
        var bytes = block
        if let ascii = bytes.withUTF8({ isASCIIChrome($0) }) { return ascii }
        let scalars = Token.lowercase(block).unicodeScalars
        let edge: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "." || $0 == ":" || $0 == "|" }
        guard let a = scalars.firstIndex(where: { !edge($0) }), let b = scalars.lastIndex(where: { !edge($0) }) else {
            return false
        }
        let lower = String(Substring(scalars[a...b]))
        if chromeExact.contains(lower) { return true }
        guard wordCount(block) <= 30 else { return false }
        // Byte prefixes: String.hasPrefix compares characters, which costs more than the rest of this check.
        return chromePrefixes.contains { lower.utf8.starts(with: $0.utf8) }
    }

    /// Longest ``chromeExact`` phrase, in bytes: a longer line needs no lower-cased copy to be told apart.
    static let chromeExactLength = chromeExact.map(\.utf8.count).max() ?? 0
    static let chromePrefixBytes = chromePrefixes.map { Array($0.utf8) }

    /// ``isChrome(_:)`` on the bytes of an ASCII block (most are), without making lower-cased strings; nil
    /// when the block has non-ASCII bytes.
    static func isASCIIChrome(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.allSatisfy({ $0 < 128 }) else { return nil }
        func isEdge(_ b: UInt8) -> Bool { b == 32 || b == 46 || b == 58 || b == 124 }
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        guard let a = bytes.firstIndex(where: { !isEdge($0) }), let b = bytes.lastIndex(where: { !isEdge($0) }) else {
            return false
        }
        let trimmed = UnsafeBufferPointer(rebasing: bytes[a...b])
        if trimmed.count <= chromeExactLength,
            chromeExact.contains(String(decoding: trimmed.map(lower), as: UTF8.self))
        {
            return true
        }
        guard wordCount(bytes) <= 30 else { return false }
        return chromePrefixBytes.contains { prefix in
            prefix.count <= trimmed.count && prefix.indices.allSatisfy { lower(trimmed[$0]) == prefix[$0] }
        }
    }

    /// A labelled ISO date opening a line ("date 2019-07-18 …", "Published: 2024-03-02 …") and the text after it;
    /// or a date the scraper glued to the first sentence ("October 25, 2026Despite …").
    static func leadingDateField(_ line: String) -> (field: String, rest: String)? {
        guard line.utf8.count >= 15, let first = line.utf8.first else { return nil }
        if first >= UInt8(ascii: "A"), first <= UInt8(ascii: "S"), let glued = gluedDate(line) { return glued }
        guard [UInt8(ascii: "d"), UInt8(ascii: "p"), UInt8(ascii: "u")].contains(first | 0x20) else { return nil }
        let words = line.split(separator: " ", maxSplits: 2)
        guard words.count >= 2,
            ["date", "published", "updated"].contains(words[0].lowercased().trimmingCharacters(in: [":"])),
            words[1].utf8.count == 10, DateText.parse(String(words[1])) != nil
        else { return nil }
        return (words[0] + " " + words[1], words.count > 2 ? String(words[2]) : "")
    }

    /// "October 25, 2026Despite …": a month, a day and a year, and a capital right after the year's last digit.
    static func gluedDate(_ line: String) -> (field: String, rest: String)? {
        // (a month's first three letters first: most lines that start with a capital start with no month)
        let head = line.utf8.prefix(3)
        guard head.count == 3,
            DateText.monthKeys.contains(head.reduce(UInt32(0)) { $0 << 8 | UInt32($1 | 0x20) })
        else { return nil }
        let words = line.split(separator: " ", maxSplits: 3)
        guard words.count >= 3, words[1].hasSuffix(","), words[2].utf8.count > 4 else { return nil }
        let year = words[2].prefix(4)
        guard let capital = words[2].dropFirst(4).first, capital.isUppercase, year.allSatisfy(\.isASCII),
            let date = standaloneDate(words[0] + " " + words[1] + " " + year)
        else { return nil }
        return (String(words[0] + " " + words[1] + " " + year), String(line[year.endIndex...]))
    }

    /// A line that holds nothing but a web address, perhaps labelled ("https://…", "# source: https://…",
    /// "URL: www.…"). First in a saved page it says where the page came from; in the body it is a link and stays.
    /// The address a saved page's first line gives ("# source: https://…"), which the body leaves out.
    public static func leadingAddress(_ text: String) -> String? {
        // (its first line: a few kilobytes are read, counted in bytes: counting characters walks grapheme
        // boundaries, which cost more than the rest of the check)
        let head = String(decoding: text.utf8.prefix(4096), as: UTF8.self)
        guard let first = lines(head).lazy.map(trim).first(where: { !$0.isEmpty }),
            isAddressLine(first),
            let word = first.split(separator: " ").last
        else { return nil }
        return word.hasPrefix("www.") ? "http://" + word : String(word)
    }

    static func isAddressLine(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard let last = words.last, words.count <= 4,
            last.hasPrefix("http://") || last.hasPrefix("https://")
                || last.hasPrefix("www.")
        else { return false }
        return words.count == 1 || words[words.count - 2].hasSuffix(":")
    }

    // MARK: - Headings and bylines

    /// A header block wholly in parentheses that opens with an all-caps tag and a colon ("(ATTN: …)", "(EDS: …)",
    /// "(UPDATE 2: …)"), the way wire desks address editors.
    static func isEditorsNote(_ block: String) -> Bool {
        guard block.hasPrefix("("), block.hasSuffix(")"), let colon = block.firstIndex(of: ":") else { return false }
        let tag = block[block.index(after: block.startIndex)..<colon]
        return !tag.isEmpty && tag.count <= 12
            && tag.unicodeScalars.allSatisfy { $0.properties.isUppercase || $0 == " " || ("0"..."9").contains($0) }
    }

    /// Short and without a final period: a section crumb, title or heading.
    static func isHeading(_ block: String) -> Bool {
        let words = wordCount(block)
        // A block that keeps its line breaks is rows or list items ("> Revenue: $7.6 billion"): body, never a
        // title or a dek.
        guard words > 0, words <= 25, !block.hasByte(10) else { return false }
        return !block.hasSuffix(".") || block.hasSuffix("...")
    }

    struct Byline: Equatable {
        var name: String
        var role: String?
        var date: String?
    }

    /// Parses "Written by NAME, ROLE on DATE", "By NAME[, ROLE]", "NAME | Reuters".
    static func byline(_ line: String) -> Byline? {
        guard wordCount(line) <= 20 else { return nil }
        var rest: Substring
        let lower = line.lowercased()
        if lower.hasPrefix("written by ") {
            rest = line.dropFirst("written by ".count)
        } else if lower.hasPrefix("by ") {
            rest = line.dropFirst(3)
        } else if Self.hasBy(line), let by = line.range(of: " By "),
            let date = standaloneDate(String(line[..<by.lowerBound])),
            var byline = byline("By " + line[by.upperBound...])
        {
            // "April 29, 2014 - 20:24 By Mara Lindqvist": the date, then the byline.
            byline.date = byline.date ?? date
            return byline
        } else if let bar = line.firstIndex(of: "|"),
            ["reuters", "ap", "afp", "bloomberg"].contains(
                line[line.index(after: bar)...].trimmingSpaces().lowercased())
        {
            let name = line[..<bar].trimmingSpaces()
            return isName(name) ? Byline(name: name, role: nil, date: nil) : nil
        } else {
            return roleEndedByline(line)
        }
        var date: String?
        if let on = rest.range(of: " on", options: .backwards) {
            let tail = rest[on.upperBound...].trimmingSpaces()
            if tail.isEmpty || DateText.parse(tail) != nil {
                date = tail.isEmpty ? nil : DateText.parse(tail)
                rest = rest[..<on.lowerBound]
            }
        }
        // "By Mara Lindqvist Posted : March 3, 2026, 11:23 Updated : …": the name, then when.
        if date == nil, let (start, found) = trailingDate(rest) {
            date = found
            rest = rest[..<start]
        }
        let parts = rest.split(separator: ",", maxSplits: 1).map { $0.trimmingSpaces() }
        guard let name = parts.first, isName(name) else { return nil }
        let role = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
        return Byline(name: name, role: role, date: date)
    }

    /// Words that end a wire-service byline written without "By": "JANE DOE AP Business Writer", "Mara Lindqvist
    /// Staff Reporter".
    static let bylineRoles: WordSet = ["writer", "reporter", "correspondent", "editor", "columnist", "contributor"]
    static let bylineRoleModifiers: WordSet = ["staff", "senior", "special", "contributing", "associate", "chief"]

    /// "NAME ROLE" with the role's last word in ``bylineRoles``: the name is the leading run of upper-case
    /// words, or else the first two words; what follows is the role.
    static func roleEndedByline(_ line: String) -> Byline? {
        let words = line.split(separator: " ")
        guard (3...9).contains(words.count), let last = words.last, bylineRoles.contains(last.lowercased()),
            !line.unicodeScalars.contains(where: { $0.properties.numericType != nil })
        else { return nil }
        // The upper-case run ends before a news agency's name ("JANE DOE AP Business Writer").
        let upper = words.prefix { word in
            word.count > 1 && word.allSatisfy { !$0.isLetter || $0.isUppercase } && !KnownSources.contains(String(word))
        }.count
        let nameLength = upper >= 2 && upper < words.count ? min(upper, 3) : 2
        let name = words.prefix(nameLength).joined(separator: " ")
        let role = words.dropFirst(nameLength)
        // A Title Case headline ("Marlow Appoints New Editor") has the same shape: without an upper-case name,
        // the role must read like one ("Staff Reporter").
        guard isName(name),
            upper >= 2 || role.count == 2 && bylineRoleModifiers.contains(role[role.startIndex].lowercased())
        else { return nil }
        return Byline(name: name, role: role.joined(separator: " "), date: nil)
    }

    /// Two to four capitalised words ("Mara Lindqvist", "Jean-Luc de Vries" allowed particles).
    static func isName(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard (2...5).contains(words.count) else { return false }
        let particles: Set<String> = ["de", "van", "von", "der", "da", "di", "le", "la", "bin", "al"]
        return words.allSatisfy { word in
            particles.contains(word.lowercased())
                || (word.first?.isUppercase == true
                    && word.allSatisfy { $0.isLetter || $0 == "-" || $0 == "." || $0 == "'" })
        }
    }

    static func wordCount(_ text: String) -> Int {
        var text = text
        // Over the contiguous bytes: iterating the UTF-8 view checks the string's form at every byte.
        return text.withUTF8 { wordCount($0) }
    }

    static func wordCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var inWord = false
        for byte in bytes {
            if byte == 32 || byte == 10 || byte == 9 {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// Spaces, tabs, CR and no-break spaces trimmed from both ends, without Foundation.
    static func trim(_ line: Substring) -> String {
        let scalars = line.unicodeScalars
        func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\u{00A0}" }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
            let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(Substring(scalars[first...last]))
    }

    /// Whether `line` holds " By " (a byline after a date), over its bytes.
    static func hasBy(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            bytes.count >= 4
                && (0..<(bytes.count - 3)).contains {
                    bytes[$0] == 32 && bytes[$0 + 1] == 66 && bytes[$0 + 2] == 121 && bytes[$0 + 3] == 32
                }
        }
    }

    /// Where the words of `text` that are a date begin ("Posted : March 3, 2026, 11:23"), and the date; nil
    /// unless the text ends with one.
    static func trailingDate(_ text: Substring) -> (start: Substring.Index, date: String)? {
        var index = text.startIndex
        while let space = text[index...].firstIndex(of: " ") {
            index = text.index(after: space)
            if let date = standaloneDate(String(text[index...])) { return (index, date) }
        }
        return nil
    }

    /// A cheap test before the byline parser: short, and starting with "By"/"Written", holding a "|" or a " By "
    /// after a date, or ending in a byline role ("… Staff Reporter").
    static func mayBeByline(_ line: String) -> Bool {
        guard line.utf8.count <= 200, let first = line.utf8.first else { return false }
        return first == UInt8(ascii: "B") || first == UInt8(ascii: "b") || first == UInt8(ascii: "W")
            || first == UInt8(ascii: "w") || line.hasByte(UInt8(ascii: "|"))
            || line.utf8.count <= 120 && Self.hasBy(line)
            || line.utf8.count <= 120
                && bylineRoles.contains(
                    line[(line.lastIndex(of: " ").map(line.index(after:)) ?? line.startIndex)...].lowercased())
    }
}

extension PlainTextNormalizer {
    static let dateWords: WordSet = [
        "date", "published", "updated", "posted", "last", "first", "on", "at", "by", "am", "pm",
        "gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "et", "pt", "ist", "jst",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"
    ]

    /// The first date the page's first blocks give: a block that is nothing but a date (not text), or a
    /// dateline opening a paragraph (text).
    static func earlyDate(_ blocks: [String]) -> (index: Int, date: String, isText: Bool)? {
        for (index, block) in blocks.prefix(6).enumerated() {
            if let date = dateLine(block) { return (index, date, false) }
            if let date = DateText.dateline(block) { return (index, date, true) }
        }
        return nil
    }

    /// The date of a block that holds nothing but a date, or a press release's places and date.
    static func dateLine(_ block: String) -> String? {
        standaloneDate(block) ?? DateText.placeThenDate(block) ?? labelledDate(block)
    }

    /// "Press Release • March 3, 2026", "Markets | Mar 3, 2026": a short label, a separator, and the date.
    static func labelledDate(_ block: String) -> String? {
        guard block.utf8.count <= 80, block.utf8.contains(where: { $0 == 124 || $0 == 0xE2 || $0 == 0xC2 }),
            let separator = [" \u{2022} ", " | ", " \u{00B7} "].lazy.compactMap({
                block.range(of: $0, options: .backwards)
            }).first,
            let date = standaloneDate(String(block[separator.upperBound...]))
        else { return nil }
        let label = block[..<separator.lowerBound]
        guard (1...5).contains(wordCount(String(label))), !label.contains(where: \.isNumber) else { return nil }
        return date
    }

    /// The date of a block that holds nothing but a date ("March 3, 2026", "Updated: Tue 3 March 2026
    /// 10:42 GMT"), as YYYY-MM-DD; nil for anything else, such as a sentence that mentions a date.
    static func standaloneDate(_ block: String) -> String? {
        // (up to a date and time stated twice: "Posted : March 3, 2026, 11:23 Updated : March 3, 2026, 11:40")
        guard block.utf8.count <= 160, wordCount(block) <= 14, DateText.mayHoldDate(block),
            let date = DateText.parse(block)
        else { return nil }
        // ("2026-03-03 16:38:30 mara@news.example": the writer's address may stand beside the date.)
        let words = block.lowercased().split(separator: " ").filter { !$0.contains("@") }.joined(separator: " ")
        for word in words.split(whereSeparator: { " ,:|.-/[]()+".contains($0) }) {
            let w = String(word)
            if w.contains(where: \.isNumber), w.allSatisfy({ $0.isNumber || "stndrh".contains($0) }) { continue }
            if DateText.months.contains(where: { $0 == w || (w.count >= 3 && $0.hasPrefix(w)) })
                || dateWords.contains(w)
            {
                continue
            }
            return nil
        }
        return date
    }
}

/// Full dates in the common news forms, as YYYY-MM-DD; nil unless day, month and year are all there.
enum DateText {
    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december"
    ]

    /// A cheap test before ``parse(_:)``: a digit, and a month's first three letters or an ISO date's "-". Most
    /// short lines a page holds (table rows, headings) have neither, and parsing lower-cases and splits them.
    static func mayHoldDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 >= 48 && $0 <= 57 }) else { return false }
            guard bytes.count >= 3 else { return false }
            for i in 0..<(bytes.count - 2) {
                if bytes[i] == 45, i > 0, bytes[i - 1] >= 48, bytes[i - 1] <= 57 { return true }
                let key =
                    (UInt32(bytes[i] | 0x20) << 16) | (UInt32(bytes[i + 1] | 0x20) << 8) | UInt32(bytes[i + 2] | 0x20)
                if monthKeys.contains(key) { return true }
            }
            return false
        }
    }

    /// The months' first three letters, lower-cased, as three bytes in one number.
    static let monthKeys: Set<UInt32> = Set(
        months.map { name in name.utf8.prefix(3).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } })

    /// What may stand around a date's words: "Mar.", "[May", "2013]", "(2026)".
    static let wordEdges = CharacterSet(charactersIn: ".[]()")

    static func parse(_ text: String) -> String? {
        // Every form needs a year in ASCII digits; most lines tried have none.
        guard text.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) else { return nil }
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        // 2014-03-31
        if let iso = words.map({ String($0.prefix(10)) }).first(where: {
            $0.count == 10 && $0.split(separator: "-").count == 3
        }) {
            let p = iso.split(separator: "-").compactMap { Int($0) }
            if p.count == 3, valid(p[0], p[1], p[2]) { return format(p[0], p[1], p[2]) }
        }
        // March 31 2014 / 31 March 2014 / Mar. 31 2014
        var month: Int?
        var day: Int?
        var year: Int?
        for word in words {
            let w = String(word.trimmingCharacters(in: Self.wordEdges))
            // (Month names are ASCII: a word of three bytes or more that is a prefix of one has three letters.)
            if let m = months.firstIndex(where: { $0 == w || (w.utf8.count >= 3 && $0.hasPrefix(w)) }), month == nil {
                month = m + 1
            } else if let n = Int(w.filter(\.isNumber)), w.allSatisfy({ $0.isNumber || "stndrh".contains($0) }) {
                if n >= 1900 && n <= 2100 { year = n } else if (1...31).contains(n) && day == nil { day = n }
            }
        }
        guard let year, let month, let day, valid(year, month, day) else { return nil }
        return format(year, month, day)
    }

    /// A date that exists: 2024-02-29 does, 2024-02-30 and 2023-02-29 do not.
    static func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        guard (1900...2100).contains(y), (1...12).contains(m), d >= 1 else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    /// The date of a dateline opening the body: "BERLIN, March 4, 2025 — Quillon said…",
    /// "LAGOS, Feb. 3, 2023 (Wire) --". nil unless a place in capitals leads a full date.
    static func dateline(_ block: String) -> String? {
        // (its first three bytes first: a place in capitals opens it; a letter beyond ASCII is checked below)
        let opening = block.utf8.prefix(3)
        guard opening.count == 3, opening.allSatisfy({ ($0 >= 65 && $0 <= 90) || $0 == 46 || $0 == 45 || $0 >= 0x80 })
        else { return nil }
        let head = block.prefix(80)
        guard let first = head.split(separator: " ").first, first.count >= 3,
            trimming(",", from: first).allSatisfy({
                $0.isUppercase || $0 == "." || $0 == "-"
            })
        else { return nil }
        let stops = ["\u{2014}", "\u{2013}", " -", "(", ":"]
        let end = stops.compactMap { head.utf8Range(of: $0)?.lowerBound }.min() ?? head.endIndex
        return parse(String(head[..<end]))
    }

    /// "Palo Alto, Shanghai and Reading (UK) – Friday, 27 October 2017": a press release's places, a dash, and
    /// its date, on a line of their own.
    static func placeThenDate(_ block: String) -> String? {
        // (a dash's bytes first: a "-", or the lead byte of an en or em dash)
        guard block.utf8.count <= 160, block.utf8.contains(where: { $0 == 45 || $0 == 0xE2 }),
            let dash = [" \u{2013} ", " \u{2014} ", " - "].lazy.compactMap({
                block.range(of: $0, options: .backwards)
            }).first,
            let date = PlainTextNormalizer.standaloneDate(String(block[dash.upperBound...]))
        else { return nil }
        let places = block[..<dash.lowerBound].split(whereSeparator: { " ,()".contains($0) })
        guard !places.isEmpty,
            places.allSatisfy({ $0 == "and" || $0.first?.isUppercase == true && $0.allSatisfy(\.isLetter) })
        else { return nil }
        return date
    }

    /// `text` without `character` at either end.
    static func trimming<S: StringProtocol>(_ character: Character, from text: S) -> S.SubSequence {
        let start = text.firstIndex { $0 != character } ?? text.endIndex
        let end = text.lastIndex { $0 != character }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }

    /// YYYY-MM-DD, zero-padded (without `String(format:)`, whose C variadic arguments are boxed and cast).
    static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2)
    }
}
