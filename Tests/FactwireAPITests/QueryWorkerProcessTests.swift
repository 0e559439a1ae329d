import FactwireAPI
import FactwireStore
import FactwireTesting
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `factwire query-worker` and `factwire certs init` as real processes.
@Suite("query-worker process", .serialized, .timeLimit(.minutes(3)))
struct QueryWorkerProcessTests {
    /// A free TCP port on 127.0.0.1 (bound and released; the worker binds it right after).
    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0)
            .wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return port
    }

    static func tls(trusting ca: String, certificate: String, key: String) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        return tls
    }

    @Test("certs init writes the CA, server and role certificates (keys 0600) and refuses to overwrite without --force")
    func certsInit() async throws {
        let folder = NSTemporaryDirectory() + "fw-certs-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await FactwireBinary.execute(["certs", "init", "--dir", folder])
        #expect(first.exitCode == 0, "\(first.output)")
        for file in DevelopmentCertificates.files {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/\(file)"), "\(file)")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(folder)/server-key.pem")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let again = try await FactwireBinary.execute(["certs", "init", "--dir", folder])
        // Not a usage mistake: exit 1 with the message, no usage line.
        #expect(
            again.exitCode == 1 && again.output.contains("--force") && !again.output.contains("Usage:"),
            "\(again.output)")
        #expect(try await FactwireBinary.execute(["certs", "init", "--dir", folder, "--force"]).exitCode == 0)
    }

    @Test("SIGHUP reloads the server certificate: new connections get the new one, the server keeps running")
    func certificateReload() async throws {
        let database = try await TestPostgres.makeDatabase("qw_reload")
        let folder = NSTemporaryDirectory() + "fw-reload-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DevelopmentCertificates.create(in: "\(folder)/a")
        try DevelopmentCertificates.create(in: "\(folder)/b")
        try FileManager.default.createDirectory(atPath: "\(folder)/live", withIntermediateDirectories: true)
        for file in ["server.pem", "server-key.pem"] {
            try FileManager.default.copyItem(atPath: "\(folder)/a/\(file)", toPath: "\(folder)/live/\(file)")
        }
        let worker = try FactwireBinary.start(
            [
                "query-worker", "--listen", "127.0.0.1:0", "--tls-cert", "\(folder)/live/server.pem", "--tls-key",
                "\(folder)/live/server-key.pem",
                "--client-ca", "\(folder)/a/ca.pem"
            ],
            outputPath: "\(folder)/worker.log", environment: ["DATABASE_URL": FactwireBinary.url(database)]
        )
        defer {
            worker.send(SIGTERM)
            _ = worker.waitForExit()
        }
        let port = try #require(
            try await FactwireBinary.listeningPort(of: worker), "the worker did not listen: \(worker.output)")
        let tlsA = try Self.tls(
            trusting: "\(folder)/a/ca.pem", certificate: "\(folder)/a/client-read.pem",
            key: "\(folder)/a/client-read-key.pem")
        let tlsB = try Self.tls(
            trusting: "\(folder)/b/ca.pem", certificate: "\(folder)/a/client-read.pem",
            key: "\(folder)/a/client-read-key.pem")
        // Bounded by time, not by tries: on a loaded machine a try can take its whole limit.
        var up = false
        let startBy = ContinuousClock.now + .seconds(60)
        while !up, ContinuousClock.now < startBy {
            up = await TLSProbe.run(port: port, tls: tlsA, path: "/v1/facts", limit: .seconds(3)).status == 200
            if !up { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(up, "\((try? String(contentsOfFile: "\(folder)/worker.log", encoding: .utf8)) ?? "")")
        let beforeReload = await TLSProbe.run(port: port, tls: tlsB, path: "/v1/facts")
        #expect(beforeReload.isRefused, "trusting only the new CA before the reload: \(beforeReload)")

        for file in ["server.pem", "server-key.pem"] {
            try FileManager.default.removeItem(atPath: "\(folder)/live/\(file)")
            try FileManager.default.copyItem(atPath: "\(folder)/b/\(file)", toPath: "\(folder)/live/\(file)")
        }
        worker.send(SIGHUP)
        var switched = false
        let switchBy = ContinuousClock.now + .seconds(60)
        while !switched, ContinuousClock.now < switchBy {
            switched = await TLSProbe.run(port: port, tls: tlsB, path: "/v1/facts", limit: .seconds(3)).status == 200
            if !switched { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(switched, "the new certificate was not served after SIGHUP")
        let afterReload = await TLSProbe.run(port: port, tls: tlsA, path: "/v1/facts")
        #expect(afterReload.isRefused, "trusting only the old CA after the reload: \(afterReload)")
    }
}
