import Testing

@testable import FactwireExtract

/// Capitalised words that are no company although they stand where names do: what a term's common words leave
/// ("Internet of Things (IoT)"), a region's code ("SEA"), a plural abbreviation ("FCVs"), a product after a platform's
/// word ("Windows Mobile"), a measure's abbreviation ("CFFO"), a report's name ("Annual Results") and a dateline's
/// place. Each of them, read as a name, took an article's figures from its company. Sentences written for the project.
@Suite("Words that are no company")
struct FalseCompanyNameTests {
    /// The names the detector finds in one sentence, in reading order.
    static func names(_ sentence: String) -> [String] { SubjectAndHeadcountTests.mentions(sentence).map(\.name) }

    @Test(
        "a capitalised term spelled out before its abbreviation is no name, in part or whole ('Internet of Things (IoT)')"
    )
    func termBeforeItsAbbreviation() {
        let sentence = "Chips for Internet of Things (IoT) devices sold less, Kestrel said; IoT sales fell."
        #expect(Self.names(sentence) == ["Kestrel"])
        #expect(Self.names("Sales of New Widget Vehicles (NWVs) rose, Kestrel said.") == ["Kestrel"])
        // A name spelled out before its own abbreviation stays a name.
        let named = Self.names("Marlow Web Services (MWS) grew 12%.")
        #expect(!named.isEmpty && named.allSatisfy { $0 == "Marlow Web Services" }, "\(named)")
    }

    @Test("a region written as a code in capitals ('SEA', 'EMEA', 'DACH') is no company")
    func regionCodes() {
        let sentence = "Kestrel led shipments in SEA with a 23% share, while EMEA and DACH sales fell."
        #expect(Self.names(sentence) == ["Kestrel"])
    }

    @Test(
        "a plural abbreviation ('FCVs'), a product after a platform's word ('Windows Mobile') and a measure's abbreviation ('CFFO') are no companies"
    )
    func productsAndMeasures() {
        #expect(Self.names("Sales of FCVs rose 5%, Kestrel said.") == ["Kestrel"])
        #expect(Self.names("Kestrel's Windows Mobile grew its share to 4%.") == ["Kestrel"])
        #expect(Self.names("With $5.1B adjusted net income and $8.2B CFFO, Kestrel raised its payout.") == ["Kestrel"])
        // A name already given, with an "s" for its possessive, is still that name.
        let possessive = Self.names("Kestrel and BYD led; a year ago BYDs was 14%.")
        #expect(possessive == ["Kestrel", "BYD", "BYD"], "\(possessive)")
    }

    @Test("the name of a report ('2025 Annual Results', 'Quarterly Results') is no company")
    func reportNames() {
        for sentence in ["2025 Annual Results", "Quarterly Results of Kestrel Foods", "Interim Results: sales rose 4%."]
        {
            #expect(Self.names(sentence).allSatisfy { $0 == "Kestrel Foods" }, "\(Self.names(sentence))")
        }
    }

    @Test("the place of a dateline before its date ('Halden, 9 February 2025') is no company")
    func datelinePlace() {
        for sentence in [
            "Halden, 9 February 2025 – Kestrel Foods reported sales of 3.2 billion euros.",
            "Halden, February 9, 2025 – Kestrel Foods reported sales of 3.2 billion euros."
        ] {
            #expect(Self.names(sentence) == ["Kestrel Foods"], "\(sentence)")
        }
        // A name with a comma and a number after it stays a name.
        #expect(Self.names("Kestrel, 40 years after its founding, sells in 30 countries.") == ["Kestrel"])
    }
}
