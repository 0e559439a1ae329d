import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

/// Several processes starting at once on a fresh cluster each make sure the database exists.
@Suite("Database creation")
struct DatabaseCreationTests {
    @Test("eight concurrent creations of the same new database all succeed, and it exists once")
    func concurrentCreation() async throws {
        let server = try await TestPostgres.server()
        var configuration = server
        configuration.database = "t_race_\(UInt32.random(in: 0...UInt32.max))"
        let target = configuration
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await target.createDatabaseIfMissing(
                        maintenanceDatabase: server.database, logger: TestPostgres.logger)
                }
            }
            try await group.waitForAll()
        }
        try await TestPostgres.withClient(server) { client in
            let rows = try await client.query(
                "SELECT count(*)::int8 FROM pg_database WHERE datname = \(target.database)", logger: TestPostgres.logger
            )
            for try await count in rows.decode(Int64.self) { #expect(count == 1) }
        }
    }

    @Test("dates from users are checked against the calendar: leap days exist only in leap years")
    func calendarDays() {
        #expect(CalendarDay.isValid("2024-02-29"))
        #expect(!CalendarDay.isValid("2023-02-29"))
        #expect(!CalendarDay.isValid("2024-02-30"))
        #expect(!CalendarDay.isValid("2024-04-31"))
        #expect(CalendarDay.isValid("2000-02-29") && !CalendarDay.isValid("1900-02-29"))
        #expect(
            !CalendarDay.isValid("2024-1-05") && !CalendarDay.isValid("2024-13-01")
                && !CalendarDay.isValid("2024-00-10"))
    }
}
