import FactwireExtract
import Foundation
import Testing

/// The Recognizers-Text-style forms of the quantity layer: symbols after the number, numbers in words,
/// scaled and glued currency codes, dollars and cents, apostrophe grouping. Phrases written for the project.
@Suite("Quantity parser: words, symbols and codes")
struct QuantityWordsTests {
    @Test(
        "each phrase is one quantity with this value and unit",
        arguments: [
            ("Sales were 100 € higher.", 100, "EUR"),
            ("Each unit costs 250 ₹ to make.", 250, "INR"),
            ("It sold 40€ vouchers.", 40, "EUR"),
            ("Margins improved by twenty percent.", 0.2, "percent"),
            ("The order was worth five million yen.", 5e6, "JPY"),
            ("They raised three quarters of a billion dollars.", 0.75e9, "USD"),
            ("A quarter of a billion dollars was spent.", 0.25e9, "USD"),
            ("Output changed by minus five percent.", -0.05, "percent"),
            ("Sales came to 150 MUSD in the year.", 150e6, "USD"),
            ("Orders of 2.5 MEUR were booked.", 2.5e6, "EUR"),
            ("A fee of 115USD applies.", 115, "USD"),
            ("Tickets cost usd$ 15 each.", 15, "USD"),
            ("Revenue was Mex$ 10 million.", 10e6, "MXN"),
            ("The fare is 3 dollars 50 cents.", 3.5, "USD"),
            ("Operating profit came to two-point-43 trillion won.", 2.43e12, "KRW"),
            ("Sales came to 67-point-four trillion won.", 67.4e12, "KRW"),
            ("a 12-point-two-percent drop", 0.122, "percent"),
            ("Reserves reached forty-and-a-half trillion won.", 40.5e12, "KRW"),
            ("It shipped 5'120 units.", 5120, "units"),
            ("Revenue grew three per cent.", 0.03, "percent"),
            ("Profit rose twenty-five percent.", 0.25, "percent"),
            ("Output reached half a million phones.", 0.5e6, "phones")
        ] as [(String, Double, String)])
    func forms(_ text: String, _ value: Double, _ unit: String) throws {
        let found = QuantityParser().quantities(in: text)
        #expect(found.count == 1, "\(text) → \(found)")
        let q = try #require(found.first)
        #expect(abs(q.value - value) <= abs(value) * 1e-9, "\(text): \(q.value)")
        #expect(q.unit == unit, "\(text): \(q.unit)")
    }

    @Test(
        "numbers in words without a unit or scale are no quantities",
        arguments: [
            "One of the two rivals said so.", "Three analysts and a quarter of the market agreed.",
            "It was a record for the first half.", "There are a million reasons to wait."
        ])
    func noUnit(_ text: String) {
        #expect(QuantityParser().quantities(in: text).isEmpty, "\(text)")
    }
}
