import Crypto
import FactwireAPI
import Foundation
import SwiftASN1
import Testing
import X509

/// Which role a client certificate's common name gives.
@Suite("Client certificate roles")
struct ClientCertificateRoleTests {
    /// Issues a client certificate from the harness's development CA with these common names.
    static func issue(commonNames: [String], in folder: String, name: String) throws -> (
        certificate: String, key: String
    ) {
        let caCertificate = try Certificate(pemEncoded: String(contentsOfFile: "\(folder)/ca.pem", encoding: .utf8))
        let caKey = try P256.Signing.PrivateKey(
            pemRepresentation: String(contentsOfFile: "\(folder)/ca-key.pem", encoding: .utf8))
        let key = P256.Signing.PrivateKey()
        let subject = DistinguishedName(
            commonNames.map { RelativeDistinguishedName(.init(type: .RDNAttributeType.commonName, utf8String: $0)) }
        )
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: now - 3600,
            notValidAfter: now + 86_400,
            issuer: caCertificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: .init(caKey)
        )
        let paths = (certificate: "\(folder)/\(name).pem", key: "\(folder)/\(name)-key.pem")
        try certificate.serializeAsPEM().pemString.write(toFile: paths.certificate, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: paths.key, atomically: true, encoding: .utf8)
        return paths
    }

    /// The status of `GET /v1/facts` with this certificate.
    static func status(_ api: APIHarness, _ paths: (certificate: String, key: String)) async throws -> Int {
        let client = try api.client(role: .read, certificate: paths.certificate, key: paths.key)
        do {
            let reply = try await api.request(.GET, "/v1/facts", role: .read, client: client)
            try await client.shutdown()
            return reply.status
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test(
        "with --role mappings only mapped names have roles (a CN 'admin' is not admin); several common names give no role"
    )
    func mappingsAndSeveralNames() async throws {
        try await APIHarness.with("api_cn", configure: { $0.roles = ["ops-desk": .admin] }) { api in
            let mapped = try Self.issue(commonNames: ["ops-desk"], in: api.certificates, name: "mapped")
            #expect(try await Self.status(api, mapped) == 200)
            // The development certificate whose CN is literally "admin" is not mapped.
            #expect(try await api.request(.GET, "/v1/facts", role: .admin).status == 403)
            let several = try Self.issue(commonNames: ["read", "admin"], in: api.certificates, name: "several")
            #expect(try await Self.status(api, several) == 403)
        }
    }

    @Test("without mappings a certificate with several common names has no role, even if one is a role's name")
    func severalNamesWithoutMappings() async throws {
        try await APIHarness.with("api_cn2") { api in
            let several = try Self.issue(commonNames: ["admin", "read"], in: api.certificates, name: "several")
            #expect(try await Self.status(api, several) == 403)
            #expect(try await api.request(.GET, "/v1/facts", role: .read).status == 200)
        }
    }
}
