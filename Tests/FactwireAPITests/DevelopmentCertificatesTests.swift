import FactwireAPI
import Foundation
import NIOSSL
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `factwire certs init`: lifetimes browsers accept, and private keys no one else can read.
@Suite("Development certificates")
struct DevelopmentCertificatesTests {
    @Test("server and client certificates live at most 366 days, the CA longer; every key file is mode 0600")
    func lifetimesAndModes() throws {
        let folder = NSTemporaryDirectory() + "factwire-certs-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DevelopmentCertificates.create(in: folder)
        func days(_ name: String) throws -> Double {
            let certificate = try #require(try NIOSSLCertificate.fromPEMFile("\(folder)/\(name)").first)
            return Double(certificate.notValidAfter - certificate.notValidBefore) / 86_400
        }
        #expect(try days("server.pem") <= 367)
        #expect(try days("client-admin.pem") <= 367)
        #expect(try days("ca.pem") >= 825)
        for name in DevelopmentCertificates.files where name.hasSuffix("-key.pem") {
            var info = stat()
            #expect(stat("\(folder)/\(name)", &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600, "\(name)")
        }
    }
}
