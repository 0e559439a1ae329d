import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireQueue
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// `factwire certs init`: a development CA and certificates.
struct CertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs", abstract: "Development TLS certificates.", subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract:
                "Write a development CA, a server certificate (localhost, 127.0.0.1) and client certificates for ingest, read and admin."
        )
        @Option(help: "Folder for the PEM files (default: <home>/tls).") var dir: String?
        @Flag(help: "Replace existing files.") var force = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let directory = dir ?? (global.resolvedHome as NSString).appendingPathComponent("tls")
            try DevelopmentCertificates.create(in: directory, force: force)
            print(
                "wrote \(DevelopmentCertificates.files.count) files to \(directory): \(DevelopmentCertificates.files.joined(separator: ", "))"
            )
        }
    }
}
