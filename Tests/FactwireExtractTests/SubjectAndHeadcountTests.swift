import Testing

@testable import FactwireExtract

/// Constructions of everyday results news that lost a fact's owner or the fact itself: a company named right
/// after "said", a company that is the subject of a verb about analysts, a headcount a company "has" or "employs",
/// a figure in a relative clause about another name, a label read as a name ("Highlights:"), a source noun in a
/// compound ("Kestrel's research spending"), a company whose name ends in a word that also names business lines
/// ("Retail") or a group of companies ("Brands"), "lost $88 million", an amount "invested in R&D", and a heading that
/// is a name alone over label lines. Articles written for the project (fictional companies).
@Suite("Subjects and headcounts")
struct SubjectAndHeadcountTests {
    static func facts(_ body: String, title: String = "Quarterly results roundup") throws -> [Fact] {
        let text = title + "\n\nBy Ana Reyes\n\nMay 5, 2025\n\n" + body
        return try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
    }

    static func mentions(_ sentence: String) -> [CompanyDetector.Mention] {
        var detector = CompanyDetector(text: sentence, author: nil)
        return detector.mentions(in: ReadSentence(scalars: Array(sentence.unicodeScalars), offset: 0).reading.tokens)
    }

    @Test("a name with a company's ending after 'said' is the company, not a person ('said Tallis Corp chief …')")
    func companyAfterSaid() throws {
        #expect(Self.mentions("Analysts said Tallis Corp reported revenue of $3.1 billion.").map(\.name) == ["Tallis"])
        let quoted = try Self.facts("Revenue rose 5% to $3.1 billion, said Tallis Corp chief executive Jo Park.\n")
        let revenue = try #require(quoted.first { $0.metric == .revenue }, "\(quoted)")
        #expect(revenue.company == "Tallis", "\(quoted)")
        // A person's name after "said" is still a person's.
        #expect(Self.mentions("Revenue rose 5%, said Jo Park.").isEmpty)
    }

    @Test("a name that does something to analysts or is about to report is a subject, not a source")
    func subjectBeforeAnalystsIsNoSource() {
        for sentence in [
            "Tallis told analysts that revenue rose 5% to $3.1 billion.",
            "Tallis Corp beat analysts' estimates in the quarter.",
            "We expect Tallis Corp to report revenue of $3.1 billion."
        ] {
            let found = Self.mentions(sentence)
            #expect(found.map(\.name) == ["Tallis"] && found.allSatisfy { !$0.isSource }, "\(sentence): \(found)")
        }
        // A research house's data, with a word between its name and the noun, stays a source.
        let source = Self.mentions("Veridata quarterly data shows Tallis held 20% of the market.")
        #expect(source.first { $0.name == "Veridata" }?.isSource == true, "\(source)")
    }

    @Test("a word for the relation to the article's company ('Rival Marlow Brands') is no part of the name")
    func relationBeforeName() {
        #expect(
            Self.mentions("Rival Marlow Brands last week reported a 2% fall in sales.").map(\.name) == ["Marlow Brands"]
        )
        #expect(Self.mentions("Parent Kestrel Holdings owns 60% of the unit.").map(\.name) == ["Kestrel"])
    }

    @Test("a company's 'research spending' or 'data center revenue' is its own, the name no research house")
    func sourceNounInACompound() throws {
        for sentence in [
            "Kestrel's research and development spending amounted to 8.4% of sales.",
            "Kestrel's research spending was 8.4% of sales.",
            "Kestrel's data center revenue rose 20% to $4.1 billion."
        ] {
            let found = Self.mentions(sentence)
            #expect(found.map(\.name) == ["Kestrel"] && found.allSatisfy { !$0.isSource }, "\(sentence): \(found)")
        }
        let facts = try Self.facts("Kestrel's research spending was 8.4% of sales.\n")
        #expect(
            facts.contains { $0.metric == .rdShareOfRevenue && $0.value == 0.084 && $0.company == "Kestrel" },
            "\(facts)")
        // A research house's research, followed by a verb, stays a source.
        #expect(Self.mentions("Veridata research shows Kestrel held 20% of the market.").first?.isSource == true)
    }

    @Test("a label before a colon ('Highlights:', 'Key figures:') is no company, and the figures are the issuer's")
    func labelIsNoCompany() throws {
        for line in [
            "Highlights: revenue $2.1 billion (+8% YoY); operating margin 21%.",
            "Key figures: revenue $2.1 billion, up 8%."
        ] {
            #expect(Self.mentions(line).isEmpty, "\(line): \(Self.mentions(line))")
            let facts = try Self.facts(line + "\n", title: "Kestrel Electronics third-quarter results")
            #expect(
                facts.contains {
                    $0.metric == .revenue && $0.value == 2.1e9 && $0.company == "Kestrel Electronics"
                },
                "\(line): \(facts)")
        }
    }

    @Test("a figure in a relative clause about a name ('…, outpacing Marlow, whose sales fell 2%') is that name's")
    func relativeClauseOwner() throws {
        // (A title that names both makes neither the only subject.)
        let facts = try Self.facts(
            "Kestrel's revenue rose 5% to $3.1 billion, outpacing Marlow, whose sales fell 2% to $2.4 billion.\n",
            title: "Kestrel and Marlow report")
        let owner = { (value: Double) in facts.first { $0.value == value }?.company }
        #expect(owner(3.1e9) == "Kestrel" && owner(0.05) == "Kestrel", "\(facts)")
        #expect(owner(2.4e9) == "Marlow" && owner(-0.02) == "Marlow", "\(facts)")
        // After the relative clause closes, the figures are the subject's again.
        let after = try Self.facts(
            "Kestrel, which bought Marlow last year, said revenue rose 5% to $3.1 billion.\n")
        #expect(after.contains { $0.value == 3.1e9 && $0.company == "Kestrel" }, "\(after)")
    }

    @Test("a name that ends in 'Brands' or 'Partners' keeps that word, and its figures are the company's")
    func nameEndingInACommonNoun() throws {
        #expect(Self.mentions("Kestrel Brands reported revenue of $412 million.").map(\.name) == ["Kestrel Brands"])
        #expect(Self.mentions("Marlow Partners posted a profit.").map(\.name) == ["Marlow Partners"])
        let facts = try Self.facts("Kestrel Brands reported revenue of $412 million.\n")
        #expect(
            facts.contains { $0.metric == .revenue && $0.value == 412_000_000 && $0.company == "Kestrel Brands" },
            "\(facts)")
    }

    @Test("people a company employs are its headcount, never units it shipped")
    func peopleAreNoShipments() throws {
        let facts = try Self.facts("Orrin Labs, which employs 5,400 people, said revenue rose 22% to $780 million.\n")
        #expect(facts.contains { $0.metric == .employees && $0.value == 5400 }, "\(facts)")
        #expect(!facts.contains { $0.metric == .shipments }, "\(facts)")
    }

    @Test("a count of staff a company has is its headcount; a difference in staff is none")
    func staffOwned() throws {
        let has = try Self.facts("Orrin Labs has 2,300 employees.\n")
        #expect(
            has.contains {
                $0.metric == .employees && $0.value == 2300 && $0.company == "Orrin Labs" && $0.unit == "people"
            },
            "\(has)")
        let about = try Self.facts("Orrin Labs had about 48,000 staff at the end of June.\n")
        #expect(about.contains { $0.metric == .employees && $0.value == 48_000 }, "\(about)")
        let fewer = try Self.facts("Orrin Labs had some 11,000 fewer employees than a year earlier.\n")
        #expect(!fewer.contains { $0.metric == .employees }, "\(fewer)")
        // "people" after "has" is as often an audience as a staff.
        let people = try Self.facts("Orrin Labs has 2,300 people on its waiting list.\n")
        #expect(!people.contains { $0.metric == .employees }, "\(people)")
    }

    @Test("the revenue of a company whose name ends in 'Retail' is the company's, not a business line's")
    func segmentWordEndingAName() throws {
        let facts = try Self.facts("Sunmark Retail's revenue totaled ¥412 billion in the quarter.\n")
        #expect(
            facts.contains { $0.metric == .revenue && $0.value == 412_000_000_000 && $0.company == "Sunmark Retail" },
            "\(facts)")
        // A business line named by the same word is still a segment's.
        let line = try Self.facts(
            "Sunmark Foods posted revenue of ¥900 billion. Retail revenue fell 3% to ¥120 billion.\n")
        #expect(!line.contains { $0.value == 120_000_000_000 }, "\(line)")
    }

    @Test("a company that 'lost $88 million' made a net loss; one that lost share or ground made none")
    func lostAnAmount() throws {
        let lost = try Self.facts("Orrin Labs lost $88 million in the third quarter, after a profit a year earlier.\n")
        #expect(
            lost.contains { $0.metric == .netIncome && $0.value == -88_000_000 && $0.company == "Orrin Labs" },
            "\(lost)")
        let share = try Self.facts("Orrin Labs lost 3 percent of its share of the widget market in the quarter.\n")
        #expect(!share.contains { $0.metric == .netIncome || $0.growthOf == "net_income" }, "\(share)")
    }

    @Test("an amount 'invested in R&D' or 'in research and development' is research spending; in a plant it is none")
    func investedInResearch() throws {
        for sentence in [
            "Orrin Labs invested $2.4 billion in research and development last year.",
            "Orrin Labs invested 2.4 billion euros in R&D in 2024."
        ] {
            let facts = try Self.facts(sentence + "\n")
            #expect(
                facts.contains { $0.metric == .rdSpend && $0.value == 2_400_000_000 && $0.company == "Orrin Labs" },
                "\(sentence): \(facts)")
        }
        let plant = try Self.facts("Orrin Labs invested $400 million in a new plant last year.\n")
        #expect(!plant.contains { $0.metric == .rdSpend }, "\(plant)")
    }

    @Test("a heading that is a name alone ('Marlow Biotech', '7. Tallis AG') owns the label lines under it")
    func headingOwnsItsLines() throws {
        let page = """
            Kestrel Pharma spent the most on research last year, as it has for a decade, and Kestrel Pharma leads again.

            Marlow Biotech

            R&D spend as a percentage of sales: 21.5 percent
            Total R&D investments: $4.2 billion

            Marlow ranks second in Europe.

            7. Tallis AG

            Total R&D investments: $3.1 billion
            """
        let facts = try Self.facts(page, title: "The biggest research spenders")
        #expect(facts.contains { $0.value == 4_200_000_000 && $0.company == "Marlow Biotech" }, "\(facts)")
        #expect(facts.contains { $0.value == 3_100_000_000 && $0.company == "Tallis" }, "\(facts)")
    }
}
