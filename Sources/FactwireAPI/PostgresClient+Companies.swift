import FactwireIngest
import Logging
import PostgresNIO

extension PostgresClient {
    /// Ids of the companies a name or alias stands for (any case, punctuation ignored): the `company`
    /// filter of the API and of the dashboard.
    func companyIDs(named name: String, logger: Logger) async throws -> [Int64] {
        let key = CompanyKey.make(name)
        let rows = try await query(
            """
            SELECT id FROM factwire.companies WHERE name_key = \(key)
            UNION SELECT company_id FROM factwire.company_aliases WHERE alias_key = \(key)
            """,
            logger: logger
        )
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }
}
