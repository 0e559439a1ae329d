public import Foundation

/// An annotated evaluation folder read for training: `articles/NNN.txt` (first line `# source: URL`,
/// provenance, stripped as the scorer strips it), `gold/NNN.json`, and id lists (`dev.txt`, `train.txt`).
///
/// The only file reading in this module; it serves `factwire-train` and the test that retrains the
/// shipped model, never extraction.
public struct EvaluationSet: Sendable {
    public var examples: [FactTraining.Example]
    /// The source host of each example (cross-validation keeps one host's articles in one fold).
    public var hosts: [String]
    /// Canonical name → aliases, merged over all gold files read.
    public var aliases: [String: [String]]

    /// Reads the ids listed in `splits` (file names without `.txt`) under `folder`.
    public init(folder: URL, splits: [String]) throws {
        var ids: [String] = []
        for split in splits {
            let list = try String(contentsOf: folder.appendingPathComponent("\(split).txt"), encoding: .utf8)
            ids += list.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        examples = []
        hosts = []
        aliases = [:]
        for id in ids {
            var text = try String(contentsOf: folder.appendingPathComponent("articles/\(id).txt"), encoding: .utf8)
            var host = id
            if text.hasPrefix("# source:") {
                let line = text.prefix { $0 != "\n" }
                host = URL(string: line.dropFirst("# source:".count).trimmingSpaces())?.host ?? id
                text = String(text.dropFirst(min(text.count, line.count + 1)))
            }
            let goldData = try Data(contentsOf: folder.appendingPathComponent("gold/\(id).json"))
            let gold = try JSONDecoder().decode(FactTraining.GoldArticle.self, from: goldData)
            for (company, names) in (gold.aliases ?? [:]).sorted(by: { $0.key < $1.key }) {
                aliases[company, default: []] += names
            }
            examples.append(
                FactTraining.Example(
                    id: id, bytes: Array(text.utf8), mediaType: ArticleReader.MediaType(pathExtension: "txt"),
                    gold: gold))
            hosts.append(host)
        }
    }
}
