extension Duration {
    /// The duration in seconds, with its fraction: what timeouts, rates and JSON reports print.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in whole milliseconds, rounded down.
    public var inMilliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

extension Duration {
    /// A duration as users write it on the command line and in query strings: "90" or "90s" (seconds),
    /// "500ms", "5m", "1h", with a fraction allowed ("1.5s"). nil for anything else, a negative or a
    /// non-finite value; callers add their own bounds and error message.
    public init?(text: some StringProtocol) {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Double(text)
        var factor = 1.0
        if number == nil, let unit = units.first(where: { text.hasSuffix($0.suffix) }) {
            number = Double(text.dropLast(unit.suffix.count))
            factor = unit.seconds
        }
        guard let number, number.isFinite, number >= 0, (number * factor * 1000).magnitude < 9e15 else {
            return nil
        }
        self = .milliseconds(Int64((number * factor * 1000).rounded()))
    }
}
