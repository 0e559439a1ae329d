import Foundation

/// Numbers as readers write them: "US$40 bn", "14 %", "2.5 m units", "120,000 people".
///
/// Facts are stored in base units (40000000000 USD, 0.14 percent); the dashboard shows them scaled,
/// with the currency symbol or the unit, and with the extractor's qualifier ("over", "about").
enum DisplayFormat {
    static let currencySymbols = [
        "USD": "US$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "INR": "₹", "KRW": "₩", "CHF": "CHF ",
        "CAD": "C$", "AUD": "A$"
    ]

    /// A fact's value with its unit and qualifier; a range shows both ends.
    static func value(_ value: Double, unit: String, qualifier: String = "exact", range: (Double, Double)? = nil)
        -> String
    {
        let shown: String
        if qualifier == "range", let (low, high) = range {
            shown = "\(amount(low, unit: unit))–\(amount(high, unit: unit))"
        } else {
            shown = amount(value, unit: unit)
        }
        let prefix =
            ["over": "over ", "under": "under ", "about": "about ", "up_to": "up to ", "at_least": "at least "][
                qualifier] ?? ""
        return prefix + shown
    }

    /// One amount in its unit.
    static func amount(_ value: Double, unit: String) -> String {
        guard value.isFinite else { return "–" }
        let sign = value < 0 ? "−" : ""
        let magnitude = abs(value)
        switch unit {
        case "percent":
            return "\(sign)\(decimal(magnitude * 100, digits: 2)) %"
        case "people":
            return "\(sign)\(grouped(magnitude)) people"
        case "units":
            return "\(sign)\(scaled(magnitude)) units"
        default:
            let symbol = currencySymbols[unit] ?? (unit.isEmpty ? "" : unit + " ")
            return "\(sign)\(symbol)\(scaled(magnitude))"
        }
    }

    /// 40000000000 → "40 bn", 2500000 → "2.5 m", 12500 → "12,500".
    static func scaled(_ magnitude: Double) -> String {
        for (factor, suffix) in [(1e12, "tn"), (1e9, "bn"), (1e6, "m")] where magnitude >= factor {
            return "\(decimal(magnitude / factor, digits: magnitude / factor >= 100 ? 0 : 2)) \(suffix)"
        }
        return grouped(magnitude)
    }

    /// At most `digits` decimals, trailing zeros dropped: 14.0 → "14", 4.25 → "4.25".
    static func decimal(_ value: Double, digits: Int) -> String {
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Thousands separated by commas, rounded to a whole number.
    static func grouped(_ value: Double) -> String {
        guard value < 1e15 else { return decimal(value, digits: 0) }
        let digits = String(Int64(value.rounded()))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(character)
        }
        return result
    }

    /// Seconds as "850 ms", "12 s", "4 min", "3 h".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 120 { return "\(decimal(seconds, digits: seconds < 10 ? 1 : 0)) s" }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        return "\(decimal(seconds / 3600, digits: 1)) h"
    }

    /// A metric's name for people: "rd_share_of_revenue" → "R&D share of revenue".
    static func metric(_ metric: String, growthOf: String? = nil, detail: String? = nil) -> String {
        let names = [
            "revenue": "revenue", "rd_spend": "R&D spend", "rd_share_of_revenue": "R&D share of revenue",
            "net_income": "net income",
            "operating_profit": "operating profit", "growth": "growth", "market_share": "market share",
            "shipments": "shipments",
            "employees": "employees", "market_size": "market size", "other": "other"
        ]
        let name = names[metric] ?? metric.replacingOccurrences(of: "_", with: " ")
        if metric == "growth", let growthOf { return "growth of \(names[growthOf] ?? growthOf)" }
        if metric == "other", let detail, !detail.isEmpty { return detail }
        return name
    }

    /// A time for `<time datetime>`: the page's script shows it in the viewer's locale and time zone.
    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// The same time as text for readers without the script: "2026-11-28 04:05 UTC".
    static func utc(_ date: Date) -> String {
        let formatted = iso(date)
        return String(formatted.prefix(10)) + " " + String(formatted.dropFirst(11).prefix(5)) + " UTC"
    }
}
