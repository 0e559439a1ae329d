import FactwireStore
import FactwireTesting
import Foundation
import NIOHTTP1
import PostgresNIO
import Testing

@testable import FactwireAPI

/// The operator dashboard over real TLS: what each role sees, escaping of stored text, the article
/// page's highlights, the admin routes its buttons call, and the cross-site guard in front of them.
@Suite("Dashboard")
struct DashboardTests {
    static let article =
        "Orlen Dynamics said its revenue rose 9% to $30 billion in 2025, and it spent $3.6 billion on research and development."

    /// Stores one article through the API, then one dead letter, and renames the company to markup, as a
    /// hostile source might name one.
    func seed(_ api: APIHarness) async throws -> (articleID: Int64, deadJob: Int64) {
        let reply = try await api.request(
            .POST, "/v1/documents?wait=60s", role: .ingest, body: Array(Self.article.utf8), contentType: "text/plain")
        #expect(reply.status == 201 || reply.status == 200, "\(reply.body)")
        let articleID = try #require((reply.json?["article"] as? [String: Any])?["id"] as? Int)
        _ = try await api.database.query(
            "UPDATE factwire.companies SET name = '<script>window.pwned=1</script> Dynamics' WHERE name = 'Orlen Dynamics'",
            logger: APIHarness.logger
        )
        _ = try await api.database.query(
            """
            INSERT INTO factwire.dead_jobs (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta, errors, created_at, finalized_at)
            VALUES (900001, 'ingest', 'factwire.ingest', 'discarded', 3, 3, 0, '{"document_id": 1}', '{}',
                    '[{"attempt": 3, "error": "<img src=x onerror=alert(1)> parser failed"}]', now(), now())
            """,
            logger: APIHarness.logger
        )
        return (Int64(articleID), 900001)
    }

    @Test(
        "a company name or an error containing markup is shown as text: the only script is the dashboard's own; a job whose document_id is not a number is listed, not a 500"
    )
    func escaping() async throws {
        try await APIHarness.with("dash_escape") { api in
            _ = try await seed(api)
            _ = try await api.database.query(
                """
                INSERT INTO factwire.dead_jobs (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta, errors, created_at, finalized_at)
                VALUES (900002, 'ingest', 'factwire.ingest', 'discarded', 1, 3, 0, '{"document_id": "12; DROP TABLE x"}', '{}', '[]', now(), now())
                """,
                logger: APIHarness.logger
            )
            let page = try await api.request(.GET, "/", role: .read)
            #expect(page.status == 200)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(page.body.contains("&lt;script&gt;window.pwned=1&lt;/script&gt; Dynamics"))
            #expect(page.body.contains("&lt;img src=x onerror=alert(1)&gt; parser failed"))
            #expect(!page.body.contains("<script>window.pwned"))
            #expect(!page.body.contains("<img src=x"))
            let scripts = page.body.components(separatedBy: "<script").count - 1
            #expect(scripts == 1, "one script element (the dashboard's, by src)")
            #expect(page.body.contains("<script src=\"/dashboard/assets/dashboard.js\" defer></script>"))
            // The chart names the company in SVG text: escaped there too.
            #expect(page.body.contains("<svg class=\"chart\""))
        }
    }

    @Test("role read sees queues, jobs and facts without buttons; admin also gets the buttons; ingest gets an HTML 403")
    func roles() async throws {
        try await APIHarness.with("dash_roles") { api in
            _ = try await seed(api)
            let read = try await api.request(.GET, "/", role: .read)
            #expect(read.status == 200)
            for section in [
                "id=\"queues-panel\"", "id=\"jobs-panel\"", "table class=\"facts\"", "data-queue=\"ingest\"",
                "data-job=\"900001\""
            ] {
                #expect(read.body.contains(section), "\(section)")
            }
            #expect(!read.body.contains("data-action="))
            #expect(read.body.contains("read only"))
            let admin = try await api.request(.GET, "/", role: .admin)
            #expect(admin.body.contains("data-action=\"retry\" data-job=\"900001\""))
            #expect(admin.body.contains("data-action=\"discard\" data-job=\"900001\""))
            #expect(admin.body.contains("data-action=\"pause\" data-queue=\"ingest\""))
            let ingest = try await api.request(.GET, "/", role: .ingest)
            #expect(ingest.status == 403)
            #expect(ingest.contentType == "text/html; charset=utf-8")
            #expect(ingest.body.contains("needs the &#39;read&#39; role"))
            let fragment = try await api.request(.GET, "/dashboard/fragments/jobs", role: .admin)
            #expect(fragment.status == 200 && fragment.body.hasPrefix("<h3"))
            let badFilter = try await api.request(.GET, "/?metric=%27%3B%20DROP%20TABLE%20facts", role: .read)
            #expect(badFilter.status == 400 && badFilter.body.contains("&#39;metric&#39; must be one of"))
            let filtered = try await api.request(.GET, "/?company=nobody%27%20OR%201%3D1&metric=revenue", role: .read)
            #expect(filtered.status == 200 && filtered.body.contains("No facts match"))
        }
    }

    @Test("the article page highlights each fact's evidence under the id the facts table links to")
    func articlePage() async throws {
        try await APIHarness.with("dash_article") { api in
            let (articleID, _) = try await seed(api)
            let page = try await api.request(.GET, "/", role: .read)
            let link = try #require(page.body.range(of: "/dashboard/articles/\(articleID)#fact-"))
            let factID = page.body[link.upperBound...].prefix { $0.isNumber }
            let article = try await api.request(.GET, "/dashboard/articles/\(articleID)", role: .read)
            #expect(article.status == 200)
            #expect(article.body.contains("id=\"fact-\(factID)\""))
            let mark = try #require(article.body.range(of: "<mark id=\"fact-"))
            let marked = article.body[mark.lowerBound...].prefix { $0 != "\n" }
            #expect(marked.contains("revenue rose 9% to $30 billion"), "\(marked)")
            let missing = try await api.request(.GET, "/dashboard/articles/987654", role: .read)
            #expect(missing.status == 404 && missing.contentType == "text/html; charset=utf-8")
            let js = try await api.request(.GET, "/dashboard/assets/dashboard.js", role: .read)
            #expect(
                js.status == 200 && js.contentType == "text/javascript; charset=utf-8"
                    && js.body.contains("EventSource"))
            #expect(try await api.request(.GET, "/dashboard/assets/..%2FPackage.swift", role: .read).status == 404)
        }
    }

    @Test(
        "the company page charts its figures by period in US dollars and lists them with sources and evidence; the facts table links to it"
    )
    func companyPage() async throws {
        try await APIHarness.with("dash_company") { api in
            let rates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("data/ecb/eurofxref-hist.csv").path
            let parsed = try await OwnThread.run {
                try FXRateStore.parse(try String(contentsOfFile: rates, encoding: .utf8))
            }
            _ = try await FXRateStore(client: api.database, logger: APIHarness.logger).importRates(
                parsed.filter { $0.day.hasPrefix("2025-") })
            for (published, quarter, amount) in [("2025-08-06", "second", 380), ("2025-11-05", "third", 412)] {
                let json =
                    #"{"title": "Pinecrest Audio results", "published_at": "\#(published)", "body": "Pinecrest Audio reported \#(quarter)-quarter revenue of \#(amount) million euros on Wednesday."}"#
                let reply = try await api.request(
                    .POST, "/v1/documents?wait=60s", role: .ingest, body: Array(json.utf8),
                    contentType: "application/json")
                #expect(reply.status == 200, "\(reply.body)")
            }
            let home = try await api.request(.GET, "/", role: .read)
            #expect(
                home.body.contains("href=\"/dashboard/company?name=Pinecrest%20Audio\""),
                "the facts table links to the company")
            let byName = try await api.request(.GET, "/dashboard/company?name=Pinecrest%20Audio", role: .read)
            #expect(byName.status == 200 && byName.body.contains("<h1>Pinecrest Audio</h1>"), "\(byName.status)")
            let id = try await api.count("SELECT id FROM factwire.companies WHERE name = 'Pinecrest Audio'")
            let page = try await api.request(.GET, "/dashboard/companies/\(id)", role: .read)
            #expect(page.status == 200)
            #expect(page.body.contains("<svg class=\"chart series\""))
            #expect(page.body.contains("Q2 FY2025") && page.body.contains("Q3 FY2025"))
            // Two bars of revenue in dollars: both quarters convert with the ECB's rates.
            let revenueChart = try #require(page.body.range(of: "aria-label=\"Revenue by period\""))
            let chart = page.body[revenueChart.lowerBound...].prefix { $0 != "\n" }
            #expect(chart.components(separatedBy: "<rect").count - 1 == 2, "\(chart)")
            #expect(page.body.contains("/dashboard/articles/"))
            #expect(try await api.request(.GET, "/dashboard/companies/999999", role: .read).status == 404)
            #expect(try await api.request(.GET, "/dashboard/companies/\(id)", role: .ingest).status == 403)
        }
    }

    @Test(
        "admin routes behind the buttons: discard and retry dead letters, pause and resume a queue; cross-site POSTs are refused"
    )
    func adminRoutes() async throws {
        try await APIHarness.with("dash_admin") { api in
            let (_, dead) = try await seed(api)
            let origin = "https://localhost:\(api.port)"
            // A page on another site cannot act with the operator's certificate.
            let forged = try await api.request(
                .POST, "/v1/jobs/\(dead)/discard", role: .admin, headers: [("Origin", "https://evil.example")])
            #expect(forged.status == 403 && forged.body.contains("cross_origin"))
            let crossSite = try await api.request(
                .POST, "/v1/queues/ingest/pause", role: .admin, headers: [("Sec-Fetch-Site", "cross-site")])
            #expect(crossSite.status == 403)
            let forgedBoth = try await api.request(
                .POST, "/v1/queues/ingest/pause", role: .admin,
                headers: [("Sec-Fetch-Site", "same-site"), ("Origin", "https://other.localhost")])
            #expect(forgedBoth.status == 403)
            #expect(try await api.count("SELECT count(*) FROM factwire.dead_jobs") == 1)
            #expect(try await api.count("SELECT count(*) FROM factwire.queues WHERE paused_at IS NOT NULL") == 0)

            // The dashboard's own requests (same origin) and non-browser clients pass.
            #expect(
                try await api.request(.POST, "/v1/queues/ingest/pause", role: .read, headers: [("Origin", origin)])
                    .status == 403)
            // Behind a proxy that rewrites Host the Origin differs, but the browser still says same-origin.
            let proxied = try await api.request(
                .POST, "/v1/queues/ingest/resume", role: .admin,
                headers: [("Sec-Fetch-Site", "same-origin"), ("Origin", "https://factwire.example.com")])
            #expect(proxied.status == 200)
            let paused = try await api.request(
                .POST, "/v1/queues/ingest/pause", role: .admin, headers: [("Origin", origin)])
            #expect(paused.status == 200, "\(paused.body)")
            #expect(
                try await api.count(
                    "SELECT count(*) FROM factwire.queues WHERE name = 'ingest' AND paused_at IS NOT NULL") == 1)
            let retried = try await api.request(
                .POST, "/v1/jobs/\(dead)/retry", role: .admin, headers: [("Origin", origin)])
            #expect(retried.status == 200 && retried.json?["state"] as? String == "available", "\(retried.body)")
            let panel = try await api.request(.GET, "/dashboard/fragments/jobs", role: .admin)
            #expect(panel.body.contains("data-job=\"\(dead)\" data-state=\"available\""))
            #expect(
                try await api.request(.POST, "/v1/jobs/\(dead)/discard", role: .admin).status == 409,
                "only dead letters can be discarded")
            #expect(try await api.request(.POST, "/v1/queues/ingest/resume", role: .admin).status == 200)
            // The retried job fails again (its document says something else now) or completes; either way it
            // leaves the live table. Put a dead letter back and discard it for good.
            try await Poll.until("the retried job to finish", limit: .seconds(120)) {
                try await api.count("SELECT count(*) FROM factwire.jobs WHERE id = \(dead)") == 0
            }
            _ = try await api.database.query(
                "DELETE FROM factwire.dead_jobs WHERE id = \(dead)", logger: APIHarness.logger)
            _ = try await api.database.query(
                """
                INSERT INTO factwire.dead_jobs (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta, errors, created_at, finalized_at)
                VALUES (900002, 'ingest', 'factwire.ingest', 'discarded', 1, 1, 0, '{}', '{}', '[]', now(), now())
                """,
                logger: APIHarness.logger
            )
            let discarded = try await api.request(.POST, "/v1/jobs/900002/discard", role: .admin)
            #expect(discarded.status == 200 && discarded.json?["state"] as? String == "discarded", "\(discarded.body)")
            #expect(try await api.count("SELECT count(*) FROM factwire.dead_jobs WHERE id = 900002") == 0)
            #expect(
                try await api.count(
                    "SELECT count(*) FROM factwire.job_history WHERE id = 900002 AND final_state = 'discarded'") == 1)
            #expect(try await api.request(.POST, "/v1/jobs/900002/discard", role: .admin).status == 409)
            #expect(try await api.request(.POST, "/v1/jobs/900003/discard", role: .admin).status == 404)
        }
    }
}

/// Rendering without a server: formats, escaping and highlights.
@Suite("Dashboard rendering")
struct DashboardRenderingTests {
    @Test(
        "numbers are shown with their units: US$40 bn, 14 %, −3 %, 2.5 m units, 120,000 people, qualifiers and ranges")
    func formats() {
        #expect(DisplayFormat.value(40e9, unit: "USD") == "US$40 bn")
        #expect(DisplayFormat.value(4.25e9, unit: "USD", qualifier: "over") == "over US$4.25 bn")
        #expect(DisplayFormat.value(0.14, unit: "percent") == "14 %")
        #expect(DisplayFormat.value(-0.03, unit: "percent") == "−3 %")
        #expect(DisplayFormat.value(2.5e6, unit: "units", qualifier: "about") == "about 2.5 m units")
        #expect(DisplayFormat.value(120_000, unit: "people") == "120,000 people")
        #expect(DisplayFormat.value(1.5e9, unit: "EUR", qualifier: "range", range: (1e9, 2e9)) == "€1 bn–€2 bn")
        #expect(DisplayFormat.value(630e6, unit: "SEK") == "SEK 630 m")
        #expect(DisplayFormat.value(.infinity, unit: "USD") == "–")
        #expect(DisplayFormat.metric("rd_share_of_revenue") == "R&D share of revenue")
        #expect(DisplayFormat.metric("growth", growthOf: "revenue") == "growth of revenue")
        #expect(DisplayFormat.duration(0.25) == "250 ms")
        #expect(DisplayFormat.utc(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00 UTC")
    }

    @Test("interpolated text is escaped in HTML, attributes and SVG; literals and HTML values are not")
    func escaping() {
        let name = "<script>\"x\" & 'y'</script>"
        let html: HTML = "<td title=\"\(name)\">\(name)</td>"
        #expect(
            html.text
                == "<td title=\"&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;\">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</td>"
        )
        let nested: HTML = "<p>\(html)</p>"
        #expect(nested.text.hasPrefix("<p><td"))
        let chart = FigureChart.svg([.init(company: name, revenue: 1e9, rdShare: 0.1)]).text
        #expect(!chart.contains("<script>"))
        #expect(chart.contains("&lt;script&gt;"))
        let spark = Sparkline.svg([1, nil, 3, 4], label: "<b>").text
        #expect(spark.contains("aria-label=\"&lt;b&gt;\"") && spark.contains("<circle") && spark.contains("<polyline"))
    }

    @Test(
        "evidence highlights: offsets in code points, overlapping evidence shares one mark, out-of-range offsets are clamped"
    )
    func highlights() {
        typealias Evidence = DashboardData.ArticleView.Evidence
        let body = "Café <b> grew 5%. Sales rose 3%. End."
        let marks = DashboardPage.highlighted(
            body,
            [
                Evidence(factID: 1, start: 0, end: 17, label: "first"),
                Evidence(factID: 2, start: 5, end: 17, label: "second"),
                Evidence(factID: 3, start: 18, end: 32, label: "third"),
                Evidence(factID: 4, start: 30, end: 900, label: "clamped")
            ]
        ).text
        #expect(
            marks.hasPrefix(
                "<mark id=\"fact-1\" title=\"first; second\"><span id=\"fact-2\"></span>Café &lt;b&gt; grew 5%.</mark> "
            ))
        #expect(
            marks.contains(
                "<mark id=\"fact-3\" title=\"third; clamped\"><span id=\"fact-4\"></span>Sales rose 3%. End.</mark>"))
    }
}
