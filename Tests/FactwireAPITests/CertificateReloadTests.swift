import Foundation
import Testing

@testable import FactwireAPI

/// SIGHUP reloads the server certificate only when the new pair can serve.
@Suite("Certificate reload")
struct CertificateReloadTests {
    @Test("a key that does not match its certificate is refused at start and on reload, and the previous pair is kept")
    func mismatchedKeyRefused() throws {
        let folder = NSTemporaryDirectory() + "factwire-reload-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DevelopmentCertificates.create(in: "\(folder)/a")
        try DevelopmentCertificates.create(in: "\(folder)/b")
        let store = try CertificateStore(
            certificatePath: "\(folder)/a/server.pem", privateKeyPath: "\(folder)/a/server-key.pem")
        let before = store.current.key
        // Operator error: the new certificate is copied in, with the old key left in place.
        try FileManager.default.removeItem(atPath: "\(folder)/a/server.pem")
        try FileManager.default.copyItem(atPath: "\(folder)/b/server.pem", toPath: "\(folder)/a/server.pem")
        let error = try #require(throws: QueryWorkerError.self) { try store.reload() }
        #expect(error.message.contains("does not belong to the certificate"))
        #expect("\(store.current.key)" == "\(before)")
        #expect(throws: QueryWorkerError.self) {
            _ = try CertificateStore(
                certificatePath: "\(folder)/a/server.pem", privateKeyPath: "\(folder)/a/server-key.pem")
        }
        // The matching key arrives too: the reload succeeds.
        try FileManager.default.removeItem(atPath: "\(folder)/a/server-key.pem")
        try FileManager.default.copyItem(atPath: "\(folder)/b/server-key.pem", toPath: "\(folder)/a/server-key.pem")
        try store.reload()
    }
}
