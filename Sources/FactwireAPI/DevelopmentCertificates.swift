import Crypto
import EmbeddedPostgres
import Foundation
import SwiftASN1
import X509

/// A development certificate authority and the certificates `factwire certs init` writes: the CA,
/// a server certificate for localhost and 127.0.0.1, and one client certificate per role whose common
/// name is the role ("ingest", "read", "admin"). P-256 keys, PEM files, keys readable only by the owner.
public enum DevelopmentCertificates {
    /// The files written, by name.
    public static let files =
        ["ca.pem", "ca-key.pem", "server.pem", "server-key.pem"]
        + Role.allCases.flatMap { ["client-\($0.rawValue).pem", "client-\($0.rawValue)-key.pem"] }

    /// Writes a fresh CA and certificates into `directory`; refuses to overwrite unless `force`.
    ///
    /// Server and client certificates are valid for `validDays` (at most 366, what browsers and the
    /// CA/Browser Forum accept for a server certificate); the CA for 825 days or `validDays` if longer.
    /// Private keys are written mode 0600 from the start (``SecretFile``).
    public static func create(in directory: String, force: Bool = false, validDays: Int = 366) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let existing = files.filter {
            FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
        }
        if !existing.isEmpty && !force {
            throw CertificateError(
                message: "\(directory) already has \(existing.joined(separator: ", ")); pass --force to replace them")
        }
        let now = Date()
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(Double(min(validDays, 366)) * 86_400)
        let caNotAfter = now.addingTimeInterval(Double(max(validDays, 825)) * 86_400)

        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            OrganizationName("Factwire development")
            CommonName("Factwire development CA")
        }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey), notValidBefore: notBefore,
            notValidAfter: caNotAfter,
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey)
        )
        try write(ca, key: caKey, name: "ca", in: directory)

        func issue(commonName: String, usage: ExtendedKeyUsage.Usage, names: [GeneralName]) throws -> (
            Certificate, P256.Signing.PrivateKey
        ) {
            let key = P256.Signing.PrivateKey()
            let subject = try DistinguishedName {
                OrganizationName("Factwire development")
                CommonName(commonName)
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: notBefore,
                notValidAfter: notAfter,
                issuer: caName, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([usage])
                    if !names.isEmpty { SubjectAlternativeNames(names) }
                },
                issuerPrivateKey: .init(caKey)
            )
            return (certificate, key)
        }
        let server = try issue(
            commonName: "localhost", usage: .serverAuth,
            names: [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
        try write(server.0, key: server.1, name: "server", in: directory)
        for role in Role.allCases {
            let client = try issue(commonName: role.rawValue, usage: .clientAuth, names: [])
            try write(client.0, key: client.1, name: "client-\(role.rawValue)", in: directory)
        }
    }

    static func write(_ certificate: Certificate, key: P256.Signing.PrivateKey, name: String, in directory: String)
        throws
    {
        let certificatePath = (directory as NSString).appendingPathComponent("\(name).pem")
        let keyPath = (directory as NSString).appendingPathComponent("\(name)-key.pem")
        try certificate.serializeAsPEM().pemString.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try SecretFile.write(Array(key.pemRepresentation.utf8), to: keyPath)
    }
}

/// Certificates could not be made or written.
public struct CertificateError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
