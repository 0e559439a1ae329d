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
        let n = classes.count
        // Raw buffers: the per-class sum is the extractor's hottest loop; this spares a bounds and uniqueness
        // check on every addition.
        return [Float](unsafeUninitializedCapacity: n) { out, count in
            out.initialize(repeating: 0)
            weights.withUnsafeBufferPointer { w in
                guard let w = w.baseAddress, let o = out.baseAddress else { return }
                for feature in features {
                    let at = table.find(feature)
                    guard at >= 0 else { continue }
                    let row = w + Int(at)
                    for c in 0..<n { o[c] += row[c] }
                }
            }
            count = n
        }
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
        guard let newline = text.firstIndex(of: "\n"), text.hasPrefix("classes ") else {
            throw ModelError("missing class header")
        }
        classes = text[text.index(text.startIndex, offsetBy: "classes ".count)..<newline].split(separator: " ").map(
            String.init)
        // The weight lines are read byte by byte: the model is parsed once per process, at the first
        // extraction, and a split-and-convert parse of 0.8 MB took seconds in debug builds.
        var body = text[text.index(after: newline)...]
        let n = classes.count
        var index: [UInt64: Int32] = [:]
        var weights: [Float] = []
        let parsed: Bool = body.withUTF8 { bytes in
            var i = 0
            let count = bytes.count
            func skipSpaces() { while i < count, bytes[i] == 32 { i += 1 } }
            while i < count {
                if bytes[i] == 10 {
                    i += 1
                    continue
                }
                var id: UInt64 = 0
                var digits = 0
                while i < count, let v = Self.hexValue(bytes[i]) {
                    id = id << 4 | UInt64(v)
                    i += 1
                    digits += 1
                }
                guard digits > 0, digits <= 16 else { return false }
                index[id] = Int32(weights.count)
                for _ in 0..<n {
                    skipSpaces()
                    guard let (value, next) = Self.number(bytes, i) else { return false }
                    weights.append(value)
                    i = next
                }
                skipSpaces()
                guard i >= count || bytes[i] == 10 else { return false }
            }
            return true
        }
        guard parsed else { throw ModelError("bad weight line") }
        self.weights = weights
        self.index = index
        table = FeatureTable(index)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        default: nil
        }
    }

    /// A decimal number as ``short(_:)`` writes it ("0", "-.05", "12.5", "1.234e-05") at `i`, and where it ends.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Float, Int)? {
        var i = start
        let count = bytes.count
        var negative = false
        if i < count, bytes[i] == 45 {
            negative = true
            i += 1
        }
        var mantissa: Int64 = 0
        var exponent = 0
        var digits = 0
        while i < count, bytes[i] >= 48, bytes[i] <= 57 {
            if mantissa < 100_000_000_000_000 { mantissa = mantissa * 10 + Int64(bytes[i] - 48) } else { exponent += 1 }
            i += 1
            digits += 1
        }
        if i < count, bytes[i] == 46 {
            i += 1
            while i < count, bytes[i] >= 48, bytes[i] <= 57 {
                if mantissa < 100_000_000_000_000 {
                    mantissa = mantissa * 10 + Int64(bytes[i] - 48)
                    exponent -= 1
                }
                i += 1
                digits += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < count, bytes[i] == 101 || bytes[i] == 69 {
            i += 1
            var sign = 1
            if i < count, bytes[i] == 45 || bytes[i] == 43 {
                sign = bytes[i] == 45 ? -1 : 1
                i += 1
            }
            var e = 0
            var eDigits = 0
            while i < count, bytes[i] >= 48, bytes[i] <= 57, eDigits < 4 {
                e = e * 10 + Int(bytes[i] - 48)
                i += 1
                eDigits += 1
            }
            guard eDigits > 0 else { return nil }
            exponent += sign * e
        }
        let value = Double(mantissa) * pow(10, Double(exponent))
        return (Float(negative ? -value : value), i)
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
