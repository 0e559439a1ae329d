import FactwireExtract
import Foundation
import Testing

@Suite("Text decoding")
struct TextDecodingTests {
    @Test("UTF-8 with and without a byte-order mark")
    func utf8() throws {
        #expect(try TextDecoding.decode(Array("Café €3bn".utf8)).text == "Café €3bn")
        let bom = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Revenue".utf8))
        #expect(bom.text == "Revenue" && bom.encoding == .utf8)
    }

    @Test("UTF-16 with either byte order")
    func utf16() throws {
        let text = "Sales of ₹4,000 crore"
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decode(little) == (text: text, encoding: .utf16LittleEndian))
        #expect(try TextDecoding.decode(big).text == text)
    }

    @Test("UTF-16 without a byte-order mark, as some Windows tools write it, in either byte order")
    func utf16WithoutMark() throws {
        let text = "Marlow Freight\r\nRevenue rose 4% to €2.1 billion; Ōsaka unit flat."
        let little = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let expected = "Marlow Freight\nRevenue rose 4% to €2.1 billion; Ōsaka unit flat."
        #expect(try TextDecoding.decode(little) == (text: expected, encoding: .utf16LittleEndian))
        #expect(try TextDecoding.decode(big) == (text: expected, encoding: .utf16BigEndian))
        // 16-bit binary values with zeros at both parities are no text.
        var samples: [UInt8] = []
        for value in 0..<64 {
            let low: UInt8 = value % 3 == 0 ? 0 : UInt8(value)
            let high: UInt8 = value % 2 == 0 ? 0 : 7
            samples += [low, high]
        }
        #expect(throws: TextDecoding.Failure(reason: .binary)) { try TextDecoding.decode(samples) }
        // Text with two stray NULs, both at even offsets, is no UTF-16 either.
        let strayNULs = Array("Marlow Freight\u{0}\u{1} revenue rose 5% to $22 billion.\u{0}\n".utf8)
        #expect(throws: TextDecoding.Failure(reason: .binary)) { try TextDecoding.decode(strayNULs) }
    }

    @Test("UTF-8 that a scraper read as Windows-1252 or Latin-1 (mojibake) is repaired; written text is not")
    func mojibake() throws {
        let scraped = "Marlowâ€™s sales rose to â‚¬3.2 billion â€” Ã©lan at CafÃ© Noir, Â£12 a share."
        let repaired = "Marlow’s sales rose to €3.2 billion — élan at Café Noir, £12 a share."
        #expect(try TextDecoding.decode(Array(scraped.utf8)).text == repaired)
        // Read as Latin-1, the continuation bytes are C1 control characters.
        let latin1 = "Marlow\u{E2}\u{80}\u{99}s sales rose to \u{E2}\u{82}\u{AC}3.2 billion"
        #expect(try TextDecoding.decode(Array(latin1.utf8)).text == "Marlow’s sales rose to €3.2 billion")
        let written = "Pâte à SÃO PAULO, Âge d’or; â€"
        #expect(try TextDecoding.decode(Array(written.utf8)).text == written)
        // The repaired currency is read as such.
        let article = "Kestrel Freight AG said revenue rose to â‚¬4.1 billion in 2025."
        let facts = try #require(try Extraction.extract(Array(article.utf8), mediaType: .plainText).first).facts
        #expect(facts.contains { $0.metric == .revenue && $0.unit == "EUR" && $0.value == 4.1e9 }, "\(facts)")
    }

    @Test("bytes that are not UTF-8 are read as Windows-1252")
    func windows1252() throws {
        // "Caf\u{e9} \u{201C}up\u{201D} \u{20AC}5" in Windows-1252.
        let bytes: [UInt8] = [0x43, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x75, 0x70, 0x94, 0x20, 0x80, 0x35]
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.text == "Café \u{201C}up\u{201D} €5")
    }

    @Test("NFC, newlines and control characters are cleaned up")
    func cleanup() throws {
        let decomposed = "Cafe\u{301}\r\nNext\u{7}\u{0B} line\u{200B}"
        #expect(try TextDecoding.decode(Array(decomposed.utf8)).text == "Café\nNext line")
    }

    @Test(
        "empty and binary input are refused with a reason",
        arguments: [
            ([], TextDecoding.Failure.Reason.empty),
            (Array("  \n\t ".utf8), .empty),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], .binary),
            ([UInt8](repeating: 0x01, count: 64), .binary)
        ] as [([UInt8], TextDecoding.Failure.Reason)])
    func refused(bytes: [UInt8], reason: TextDecoding.Failure.Reason) {
        #expect(throws: TextDecoding.Failure(reason: reason)) { try TextDecoding.decode(bytes) }
    }
}
