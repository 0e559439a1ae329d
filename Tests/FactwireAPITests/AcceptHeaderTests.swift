import FactwireAPI
import HTTPTypes
import Testing

@Suite("Accept header")
struct AcceptHeaderTests {
    static func prefersCSV(_ accept: String?) -> Bool {
        var fields = HTTPFields()
        if let accept { fields[.accept] = accept }
        return fields.prefersCSV
    }

    @Test("CSV only when the client puts it before JSON, by q and then by order")
    func csvWhenPreferred() {
        #expect(!Self.prefersCSV(nil))
        #expect(Self.prefersCSV("text/csv"))
        #expect(Self.prefersCSV("text/csv, application/json"))
        #expect(!Self.prefersCSV("application/json, text/csv"))
        #expect(Self.prefersCSV("application/json;q=0.5, text/csv"))
        #expect(!Self.prefersCSV("text/csv;q=0.2, */*"))
        #expect(!Self.prefersCSV("text/csv;q=0, application/json"))
        #expect(!Self.prefersCSV("application/json"))
        #expect(!Self.prefersCSV("*/*"))
        #expect(Self.prefersCSV("TEXT/CSV; charset=utf-8"))
    }
}
