import FactwireCore
import Testing

/// The one reading of durations users type: `factwire ingest --timeout` and the API's `?wait=` share it.
@Suite("Duration text")
struct DurationTextTests {
    @Test(
        "seconds, milliseconds, minutes and hours, with fractions",
        arguments: [
            ("90", Duration.seconds(90)), ("90s", .seconds(90)), ("500ms", .milliseconds(500)), ("5m", .seconds(300)),
            ("1h", .seconds(3600)), ("1.5s", .milliseconds(1500)), ("0", .zero), ("0.25m", .seconds(15))
        ])
    func reads(text: String, expected: Duration) {
        #expect(Duration(text: text) == expected)
    }

    @Test(
        "anything else is no duration",
        arguments: ["", "s", "ms", "-1", "-5s", "5x", "5 s", "1d", "nan", "inf", "1e300h"])
    func refuses(text: String) {
        #expect(Duration(text: text) == nil)
    }
}
