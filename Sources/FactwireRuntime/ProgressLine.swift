import FactwireCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// done/total, rate and ETA on standard error: redrawn in place on a terminal; otherwise a plain line per
/// batch (``advance(by:)``), or every few seconds while following (``set(_:)``).
public struct ProgressLine: Sendable {
    let total: Int
    let quiet: Bool
    let label: String
    let terminal = isatty(STDERR_FILENO) == 1
    let started = ContinuousClock.now
    public private(set) var done = 0
    var lastPrinted = ContinuousClock.now
    /// Nothing has moved for a while: the ETA shows "—" instead of a guess.
    public var stalled = false

    public init(total: Int, quiet: Bool, label: String) {
        self.total = total
        self.quiet = quiet
        self.label = label
    }

    /// A batch is done: redrawn on a terminal; one line per batch otherwise (logs of scripted runs).
    public mutating func advance(by count: Int) {
        done += count
        update(force: !terminal)
    }

    public mutating func set(_ value: Int) {
        done = value
        update(force: false)
    }

    private mutating func update(force: Bool) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        guard force || now - lastPrinted >= (terminal ? .milliseconds(100) : .seconds(5)) else { return }
        lastPrinted = now
        let elapsed = max(0.001, (now - started).seconds)
        let rate = Double(done) / elapsed
        let eta = rate > 0 && !stalled ? Int(Double(total - done) / rate) : nil
        let etaText = eta.map { "\($0 / 60)m\(String(format: "%02d", $0 % 60))s" } ?? "—"
        let line = "\(label) \(done)/\(total)  \(Int(rate))/s  ETA \(etaText)"
        if terminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(line)   ".utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    public mutating func finish() {
        guard !quiet else { return }
        update(force: true)
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// Ends the line drawn in place, so a message can be printed below it.
    public func interrupt() {
        if terminal && !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
