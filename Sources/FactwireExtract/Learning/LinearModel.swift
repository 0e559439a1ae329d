import Foundation

/// A sparse linear model over hashed features: one weight per (feature, class).
///
/// The fact model uses two: a multiclass one that decides what a quantity measures (or that it is no
/// fact), and a one-class ranker that scores each company a figure could belong to. Inference is a sum
/// of the weights of the features present, so it takes time linear in the number of features.
public struct LinearModel: Sendable {
    /// Class names, in the order of the weight rows ("NONE", "revenue", "growth:revenue"…).
    public var classes: [String]
    /// Feature id → index of its first weight in ``weights`` (``classes.count`` weights per feature).
    var index: [UInt64: Int32] {
        didSet { table = FeatureTable(index) }
    }
    var weights: [Float]
    /// ``index`` as an open-addressing table: feature ids are already hashes, so a lookup is a mask and
    /// a compare, not a SipHash of the key.
    private var table: FeatureTable

    init(classes: [String], index: [UInt64: Int32] = [:], weights: [Float] = []) {
        self.classes = classes
        self.index = index
        self.weights = weights
        table = FeatureTable(index)
    }

    /// Scores of every class for a set of feature ids (duplicates count twice).
    func scores(_ features: [UInt64]) -> [Float] {
        var out = [Float](repeating: 0, count: classes.count)
        let n = classes.count
        weights.withUnsafeBufferPointer { w in
            for feature in features {
                let at = table.find(feature)
                guard at >= 0 else { continue }
                let base = Int(at)
                for c in 0..<n { out[c] += w[base + c] }
            }
        }
        return out
    }

    /// The one-class score (rankers).
    func score(_ features: [UInt64]) -> Float {
        var total: Float = 0
        for feature in features {
            let at = table.find(feature)
            if at >= 0 { total += weights[Int(at)] }
        }
        return total
    }

    /// The mean of models with the same classes (features missing from one count as zero there).
    static func mean(_ models: [LinearModel]) -> LinearModel {
        guard let first = models.first, models.count > 1 else { return models.first ?? LinearModel(classes: []) }
        let n = first.classes.count
        var sums: [UInt64: [Float]] = [:]
        for model in models {
            for (feature, at) in model.index {
                var row = sums[feature] ?? [Float](repeating: 0, count: n)
                for c in 0..<n { row[c] += model.weights[Int(at) + c] }
                sums[feature] = row
            }
        }
        var index: [UInt64: Int32] = [:]
        var weights: [Float] = []
        for feature in sums.keys.sorted() {
            let row = sums[feature]!.map { Float(short($0 / Float(models.count))) ?? 0 }
            guard row.contains(where: { abs($0) >= 0.001 }) else { continue }
            index[feature] = Int32(weights.count)
            weights += row
        }
        return LinearModel(classes: first.classes, index: index, weights: weights)
    }

    // MARK: - Serialisation

    /// A compact text form: a header line with the class names, then one line per feature,
    /// `hex-id w1 w2 …` with weights rounded to 4 significant digits (zeros as "0").
    public func serialized() -> String {
        var out = "classes " + classes.joined(separator: " ") + "\n"
        let n = classes.count
        for (feature, at) in index.sorted(by: { $0.key < $1.key }) {
            out += String(feature, radix: 16)
            for c in 0..<n {
                let w = weights[Int(at) + c]
                out += w == 0 ? " 0" : " " + Self.short(w)
            }
            out += "\n"
        }
        return out
    }

    static func short(_ w: Float) -> String {
        var s = String(format: "%.4g", Double(w))
        if s.hasPrefix("0.") { s.removeFirst() } else if s.hasPrefix("-0.") { s = "-" + s.dropFirst(2) }
        return s
    }

    /// Reads ``serialized()``'s form.
    public init(serialized text: Substring) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard let header = lines.popFirst(), header.hasPrefix("classes ") else { throw ModelError("missing class header") }
        classes = header.dropFirst("classes ".count).split(separator: " ").map(String.init)
        var index: [UInt64: Int32] = [:]
        index.reserveCapacity(lines.count)
        weights = []
        weights.reserveCapacity(lines.count * classes.count)
        for line in lines {
            let fields = line.split(separator: " ")
            guard fields.count == classes.count + 1, let id = UInt64(fields[0], radix: 16) else {
                throw ModelError("bad weight line: \(line.prefix(60))")
            }
            index[id] = Int32(weights.count)
            for field in fields.dropFirst() {
                guard let w = Float(field) else { throw ModelError("bad weight: \(field)") }
                weights.append(w)
            }
        }
        self.index = index
        table = FeatureTable(index)
    }

    struct ModelError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = "fact model: " + description }
    }
}

/// An open-addressing hash table from feature id to weight offset (linear probing, load ≤ 0.5).
struct FeatureTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let mask: Int

    init(_ index: [UInt64: Int32]) {
        var capacity = 16
        while capacity < index.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Int32](repeating: -1, count: capacity)
        for (key, value) in index {
            var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while values[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    /// The offset of `key`, or -1.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        while true {
            let value = values[slot]
            if value < 0 { return -1 }
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
    }
}
