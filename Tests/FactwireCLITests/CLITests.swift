import EmbeddedPostgres
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

/// The `factwire` executable, run as a separate process.
@Suite("factwire command line")
struct CLITests {
    @Test(
        "usage errors exit 2 with a message on standard error",
        arguments: [
            ["frobnicate"],
            ["migrate", "--no-such-flag"],
            ["migrate", "--down", "0"],
            ["migrate", "--status", "--down", "1"],
            ["demo", "--log-level", "loud"],
            ["query-worker", "--database-probe-timeout-seconds", "0"],
            ["up", "--database-probe-timeout-seconds", "nan"]
        ]
    )
    func usageErrors(arguments: [String]) async throws {
        let result = try await FactwireBinary.execute(arguments, environment: ["DATABASE_URL": ""])
        #expect(result.exitCode == 2, "\(arguments): \(result.output)")
        #expect(result.output.contains("Error") || result.output.contains("Usage"))
    }

    @Test("--help exits 0 and lists the subcommands")
    func help() async throws {
        let result = try await FactwireBinary.execute(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.output.contains("demo"))
        #expect(result.output.contains("migrate"))
    }

    @Test("no PostgreSQL server programs: exit 69 and what to install")
    func missingPostgres() async throws {
        let home = NSTemporaryDirectory() + "fw-cli-missing-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try await FactwireBinary.execute(
            ["demo", "--home", home, "--pg-bin", "/nonexistent/bin"], environment: ["DATABASE_URL": ""]
        )
        #expect(result.exitCode == 69)
        #expect(result.output.contains("apt-get install postgresql"))
    }

    @Test("a DATABASE_URL that is not PostgreSQL's: exit 3, and the password is not echoed")
    func badURL() async throws {
        let result = try await FactwireBinary.execute(
            ["migrate"], environment: ["DATABASE_URL": "mysql://u:hunter2@localhost/x"])
        #expect(result.exitCode == 3)
        #expect(result.output.contains("postgres://"))
        #expect(!result.output.contains("hunter2"))
    }

    @Test("a wrong password fails at once with the server's reason, exit 3")
    func wrongPassword() async throws {
        var configuration = try await TestPostgres.makeDatabase("cli_pw")
        configuration.password = "definitely-wrong"
        let url =
            "postgres://\(configuration.username):definitely-wrong@\(configuration.host ?? "127.0.0.1"):\(configuration.port)/\(configuration.database)?sslmode=disable"
        let started = ContinuousClock.now
        let result = try await FactwireBinary.execute(["migrate"], environment: ["DATABASE_URL": url])
        #expect(result.exitCode == 3)
        #expect(result.output.contains("password authentication failed"))
        #expect(!result.output.contains("definitely-wrong"))
        // Not the driver's 60-second circuit breaker: the probe reports the reason right away.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("8 concurrent `factwire migrate` processes apply each embedded migration exactly once")
    func concurrentMigrateProcesses() async throws {
        let database = try await TestPostgres.makeDatabase("cli_mig8")
        let url = FactwireBinary.url(database)
        let results = try await withThrowingTaskGroup(of: ProcessRunner.Result.self) { group in
            for _ in 0..<8 {
                group.addTask { try await FactwireBinary.execute(["migrate"], environment: ["DATABASE_URL": url]) }
            }
            var all: [ProcessRunner.Result] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results.map(\.output))")
        let appliedLines = results.flatMap { $0.output.split(separator: "\n").filter { $0.hasPrefix("applied ") } }
        #expect(appliedLines.count == Migration.embedded.count)
        try await TestPostgres.withClient(database) { client throws in
            let rows = try await client.query(
                "SELECT count(*), count(DISTINCT version) FROM factwire.schema_migrations", logger: TestPostgres.logger)
            for try await (total, distinct) in rows.decode((Int64, Int64).self) {
                #expect(total == Int64(Migration.embedded.count))
                #expect(distinct == total)
            }
        }
        let status = try await FactwireBinary.execute(["migrate", "--status"], environment: ["DATABASE_URL": url])
        #expect(status.exitCode == 0)
        #expect(!status.output.contains("pending"))
    }

    @Test(
        "demo on DATABASE_URL ingests the samples through the queue and prints their facts; a second run stores nothing new"
    )
    func demoOnURL() async throws {
        let database = try await TestPostgres.makeDatabase("cli_demo")
        let url = FactwireBinary.url(database)
        let first = try await FactwireBinary.execute(["demo"], environment: ["DATABASE_URL": url])
        #expect(first.exitCode == 0, "\(first.output)")
        #expect(first.output.contains("3 queued"), "\(first.output)")
        #expect(first.output.contains("3 ingested, 0 refused"), "\(first.output)")
        #expect(
            first.output.contains("Larkspur Networks") && first.output.contains("revenue")
                && first.output.contains("12,500,000,000"))
        #expect(first.output.contains("(text/html)") && first.output.contains("(application/json)"))
        let second = try await FactwireBinary.execute(["demo"], environment: ["DATABASE_URL": url])
        #expect(second.exitCode == 0)
        #expect(second.output.contains("0 queued, 3 already stored"), "\(second.output)")
        #expect(second.output.contains("12,500,000,000"))
        #expect(second.output.contains("the data is in the database of DATABASE_URL"), "\(second.output)")
    }

    @Test(
        "db start leaves the cluster running and prints a URL psql takes as it is, to a database whose tables exist; db status prints it too, with the socket; a restart keeps the port"
    )
    func databaseCommands() async throws {
        let home = NSTemporaryDirectory() + "fw-cli-db-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = ["DATABASE_URL": "", "FACTWIRE_HOME": ""]
        let started = try await FactwireBinary.execute(["db", "start", "--home", home], environment: env)
        defer { _ = try? FactwireBinary.run(["db", "stop", "--home", home], environment: env) }
        #expect(started.exitCode == 0, "\(started.output)")
        let url = try #require(
            started.output.split(separator: "\n").first { $0.hasPrefix("postgres://") }.map(String.init))
        let password = try String(contentsOfFile: "\(home)/password", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(url.contains(":\(password)@127.0.0.1:"), "\(url)")
        // A fresh home: nothing but `db start` has run on it, and the printed URL opens the schema.
        let tables = try await TestPostgres.withClient(try DatabaseConfiguration(url: url), maximumConnections: 1) {
            client in
            try await client.query("SELECT to_regclass('factwire.facts') IS NOT NULL").collect().first?.decode(
                Bool.self)
        }
        #expect(tables == true, "the database of \(url) has no factwire.facts")
        let status = try await FactwireBinary.execute(["db", "status", "--home", home], environment: env)
        #expect(
            status.exitCode == 0 && status.output.contains("psql '\(url)'") && status.output.contains("/.s.PGSQL."),
            "\(status.output)")
        #expect(try await FactwireBinary.execute(["db", "stop", "--home", home], environment: env).exitCode == 0)
        let again = try await FactwireBinary.execute(["db", "start", "--home", home], environment: env)
        #expect(again.output.contains(url), "the port changed: \(again.output) after \(url)")
    }

    @Test(
        "demo on the embedded cluster uses a home of its own (not the default one), says where, and stops the cluster before exiting"
    )
    func demoEmbedded() async throws {
        let folder = NSTemporaryDirectory() + "fw-cli-demo-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await FactwireBinary.execute(
            ["demo"], environment: ["DATABASE_URL": "", "FACTWIRE_HOME": ""], workingDirectory: folder)
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.output.contains("embedded PostgreSQL"))
        #expect(result.output.contains("rm -rf .factwire/demo"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/.factwire/demo"))
        #expect(
            !FileManager.default.fileExists(atPath: "\(folder)/.factwire/postgres"),
            "the demo wrote into the default home")
        let cluster = EmbeddedPostgres(
            configuration: .init(home: "\(folder)/.factwire/demo"), logger: TestPostgres.logger)
        #expect(cluster.runningEndpoint() == nil)
    }

}

@Suite("factwire extract")
struct ExtractCLITests {
    @Test("prints one JSON line per input line, with offsets, base-unit values and units")
    func json() async throws {
        let result = try await FactwireBinary.execute([
            "extract", "--quantities", "--format", "json", "Larkspur spends over 18% of its US$12.5 billion revenue."
        ])
        #expect(result.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let quantities = try #require(object?["quantities"] as? [[String: Any]])
        #expect(quantities.count == 2)
        #expect(quantities[0]["value"] as? Double == 0.18)
        #expect(quantities[0]["qualifier"] as? String == "over")
        #expect(quantities[1]["value"] as? Double == 12.5e9)
        #expect(quantities[1]["unit"] as? String == "USD")
        #expect(quantities[1]["start"] as? Int == 32)
    }

    @Test("a file gives one line per line; binary input is refused with a clear error")
    func files() async throws {
        let folder = NSTemporaryDirectory() + "fw-extract-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Sales were €3bn.\nNo figures here.\nUp 4%.".write(
            toFile: folder + "/a.txt", atomically: true, encoding: .utf8)
        let text = try await FactwireBinary.execute(["extract", "--quantities", "--format", "json", folder + "/a.txt"])
        #expect(text.exitCode == 0)
        #expect(text.output.split(separator: "\n").count == 3)
        // A final newline ends the last line; it does not add an empty record (nor does a CRLF file).
        try "Sales were €3bn.\r\nNo figures here.\r\nUp 4%.\r\n".write(
            toFile: folder + "/c.txt", atomically: true, encoding: .utf8)
        let ended = try await FactwireBinary.execute(["extract", "--quantities", "--format", "json", folder + "/c.txt"])
        #expect(ended.exitCode == 0)
        #expect(ended.output.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }.count == 3)
        #expect(!ended.output.contains("\n\n"))
        #expect(FileManager.default.createFile(atPath: folder + "/b.bin", contents: Data([0x00, 0xFF, 0x10, 0x00])))
        let binary = try await FactwireBinary.execute(["extract", "--quantities", folder + "/b.bin"])
        #expect(binary.exitCode == 1)
        #expect(binary.output.contains("binary"))
        // A mistyped file name is an error, not text with nothing in it; literal text of that shape takes --text.
        let missing = try await FactwireBinary.execute(["extract", "--quantities", "nope.txt"])
        #expect(missing.exitCode == 1 && missing.output.contains("nope.txt: no such file"), "\(missing.output)")
        #expect(try await FactwireBinary.execute(["extract", "--quantities", folder + "/missing"]).exitCode == 1)
        let literal = try await FactwireBinary.execute([
            "extract", "--quantities", "--format", "json", "--text", "US$5bn"
        ])
        #expect(literal.exitCode == 0 && literal.output.contains("\"unit\":\"USD\""), "\(literal.output)")
    }

    @Test(
        "articles: --out writes NAME.json with the article and its facts; NDJSON without it; a bad file is named, the rest still done"
    )
    func articles() async throws {
        let folder = NSTemporaryDirectory() + "fw-articles-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder + "/in", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let article = """
            Larkspur results

            By Dana Whitcombe

            Larkspur Networks said its annual revenue rose 8% to $14.2 billion. Earnings per share were $2.10.
            """
        try article.write(toFile: folder + "/in/001.txt", atomically: true, encoding: .utf8)
        #expect(
            FileManager.default.createFile(atPath: folder + "/in/002.txt", contents: Data([0x00, 0x01, 0x02, 0x00])))
        let written = try await FactwireBinary.execute(["extract", "--out", folder + "/out", folder + "/in"])
        #expect(written.exitCode == 1)
        #expect(written.output.contains("002.txt") && written.output.contains("binary"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/out/001.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let facts = try #require(object["facts"] as? [[String: Any]])
        #expect(facts.count == 2)
        #expect(
            facts.contains {
                $0["metric"] as? String == "revenue" && $0["value"] as? Double == 14.2e9
                    && $0["company"] as? String == "Larkspur Networks"
            })
        #expect(
            facts.contains {
                $0["metric"] as? String == "growth" && $0["growth_of"] as? String == "revenue"
                    && $0["value"] as? Double == 0.08
            })
        #expect((object["article"] as? [String: Any])?["author"] as? String == "Dana Whitcombe")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/002.json"))

        let printed = try await FactwireBinary.execute(["extract", folder + "/in/001.txt"])
        #expect(printed.exitCode == 0)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(printed.output.utf8)) as? [String: Any])
        #expect((line["facts"] as? [Any])?.count == 2)
        #expect(line["source"] as? String == folder + "/in/001.txt")
    }

    @Test("the committed fuzz corpus replays through the whole input path without a finding")
    func fuzzCorpus() async throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Fuzz/corpus"
        ).standardizedFileURL.path
        let fuzz = URL(fileURLWithPath: FactwireBinary.path).deletingLastPathComponent().appendingPathComponent(
            "factwire-fuzz"
        ).path
        let result = try await ProcessRunner.execute([fuzz, folder])
        #expect(result.exitCode == 0, "\(result.output.suffix(2000))")
        #expect(result.output.contains("without a finding"))
    }

    @Test("no input is a usage error (exit 2)")
    func noInput() async throws {
        let result = try await FactwireBinary.execute(["extract"])
        #expect(result.exitCode == 2)
    }
}
