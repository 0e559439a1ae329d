/// An averaged perceptron (Collins 2002): deterministic, no tuning beyond the number of epochs, and the
/// averaging acts as the regulariser that keeps rare features from dominating.
struct Perceptron {
    let classCount: Int
    /// Feature id → row of `classCount` weights.
    private var rows: [UInt64: Int] = [:]
    private var w: [Float] = []
    /// Sum over time of each weight's updates weighted by the step they happened (for averaging).
    private var u: [Float] = []
    private var step: Float = 1

    init(classCount: Int) { self.classCount = classCount }

    private mutating func row(_ feature: UInt64) -> Int {
        if let at = rows[feature] { return at }
        let at = w.count
        rows[feature] = at
        w.append(contentsOf: repeatElement(0, count: classCount))
        u.append(contentsOf: repeatElement(0, count: classCount))
        return at
    }

    func scores(_ features: [UInt64]) -> [Float] {
        var out = [Float](repeating: 0, count: classCount)
        for f in features {
            guard let at = rows[f] else { continue }
            for c in 0..<classCount { out[c] += w[at + c] }
        }
        return out
    }

    func score(_ features: [UInt64]) -> Float {
        var total: Float = 0
        for f in features { if let at = rows[f] { total += w[at] } }
        return total
    }

    /// Moves the weights toward `gold` and away from `predicted` for these features.
    mutating func update(_ features: [UInt64], gold: Int, predicted: Int, rate: Float = 1) {
        for f in features {
            let at = row(f)
            w[at + gold] += rate
            u[at + gold] += rate * step
            w[at + predicted] -= rate
            u[at + predicted] -= rate * step
        }
    }

    /// Ranking update (one class): toward the gold option's features, away from the predicted one's.
    mutating func rankUpdate(gold: [UInt64], predicted: [UInt64]) {
        for f in gold {
            let at = row(f)
            w[at] += 1
            u[at] += step
        }
        for f in predicted {
            let at = row(f)
            w[at] -= 1
            u[at] -= step
        }
    }

    mutating func tick() { step += 1 }

    /// The averaged weights as a model, dropping features whose weights are all (near) zero.
    func averaged(classes: [String], keep: (UInt64) -> Bool) -> LinearModel {
        var index: [UInt64: Int32] = [:]
        var weights: [Float] = []
        for (feature, at) in rows where keep(feature) {
            var row = [Float](repeating: 0, count: classCount)
            var any = false
            for c in 0..<classCount {
                let v = w[at + c] - u[at + c] / step
                let rounded = Float(LinearModel.short(v)) ?? v
                if abs(rounded) >= 0.001 {
                    row[c] = rounded
                    any = true
                }
            }
            guard any else { continue }
            index[feature] = Int32(weights.count)
            weights += row
        }
        return LinearModel(classes: classes, index: index, weights: weights)
    }
}
