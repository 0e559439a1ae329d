import FactwireAPI
import HTTPTypes
import Testing

@Suite("Authorization: Bearer")
struct BearerTokenTests {
    static func token(_ authorization: String?) -> String? {
        var fields = HTTPFields()
        if let authorization { fields[.authorization] = authorization }
        return fields.bearerToken.map(String.init)
    }

    @Test("the token after the Bearer scheme in any letter case, blanks around it dropped; nothing for other schemes")
    func parsing() {
        #expect(Self.token("Bearer fw_abc") == "fw_abc")
        #expect(Self.token("bearer fw_abc") == "fw_abc")
        #expect(Self.token("BEARER fw_abc") == "fw_abc")
        #expect(Self.token("Bearer   fw_abc \t") == "fw_abc")
        #expect(Self.token(nil) == nil)
        #expect(Self.token("Basic dXNlcjpwYXNz") == nil)
        #expect(Self.token("Bearerfw_abc") == nil)
        #expect(Self.token("Bearer ") == nil)
        #expect(Self.token("Bearer  \t ") == nil)
        #expect(Self.token("Bearer_fw_abc") == nil)
        #expect(Self.token("Béarer fw_abc") == nil)
    }
}
