public import FactwireStore
import Foundation

/// CSV as RFC 4180 writes it: fields with a comma, quote or line break are quoted, quotes doubled.
public enum CSV {
    /// The header of fact rows, the same for the API and the CLI.
    public static let factHeader =
        "id,company,metric,growth_of,metric_detail,value,unit,qualifier,period,status,derived,published,article_id,evidence"

    /// A number as a spreadsheet wants it: whole amounts without ".0" (12500000000), fractions as they are.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A fact as a line under ``factHeader``.
    public static func factLine(_ r: FactRecord) -> String {
        let fields = [
            "\(r.id)", r.company ?? "", r.metric, r.growthOf ?? "", r.metricDetail ?? "", number(r.value), r.unit,
            r.qualifier, r.period ?? "", r.status, "\(r.derived)", r.published ?? "", "\(r.articleID)", r.evidence
        ]
        return fields.map(field).joined(separator: ",")
    }
}
