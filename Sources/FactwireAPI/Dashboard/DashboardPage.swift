import FactwireQueue
import Foundation

/// The dashboard's HTML: the page, the two panels the script refreshes in place, and the article page.
/// Everything is rendered here, on the server; every value goes through ``HTML`` and so is escaped.
struct DashboardPage {
    /// `read` sees everything; `admin` also gets the buttons.
    let role: Role
    let principal: String?

    var isAdmin: Bool { role == .admin }

    // MARK: the page

    func page(queues: HTML, jobs: HTML, facts: HTML) -> HTML {
        Self.document(
            title: "Factwire",
            body: """
                <header class="top">
                  <h1>Factwire</h1>
                  <nav aria-label="Sections"><a href="#queues">Queues</a> <a href="#jobs">Jobs</a> <a href="#facts">Facts</a></nav>
                  <p class="who">Signed in as <strong>\(principal ?? role.rawValue)</strong> (\(role.rawValue))\
                \(isAdmin ? "" : HTML(" · read only")) · <span id="live">live updates: starting…</span></p>
                </header>
                <main id="main">
                  <section id="queues" aria-labelledby="queues-heading">
                    <h2 id="queues-heading">Queues</h2>
                    <div id="queues-panel" data-fragment="queues">\(queues)</div>
                  </section>
                  <section id="jobs" aria-labelledby="jobs-heading">
                    <h2 id="jobs-heading">Jobs</h2>
                    <div id="jobs-panel" data-fragment="jobs">\(jobs)</div>
                  </section>
                  <section id="facts" aria-labelledby="facts-heading">
                    <h2 id="facts-heading">Facts</h2>
                    \(facts)
                  </section>
                </main>
                <div id="status" class="status" role="status" aria-live="polite"></div>
                """, role: role)
    }

    /// A whole document around `body`, with the dashboard's own stylesheet and script.
    static func document(title: String, body: HTML, role: Role? = nil) -> HTML {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="stylesheet" href="/dashboard/assets/dashboard.css">
        <link rel="icon" href="/dashboard/assets/favicon.svg" type="image/svg+xml">
        <script src="/dashboard/assets/dashboard.js" defer></script>
        </head>
        <body data-role="\(role?.rawValue ?? "")">
        <a class="skip" href="#main">Skip to the content</a>
        \(body)
        </body>
        </html>

        """
    }

    static func errorPage(status: Int, message: String) -> HTML {
        document(
            title: "Factwire: \(status)",
            body: """
                <main id="main"><h1>\(status)</h1><p>\(message)</p>
                <p>The dashboard needs the <code>read</code> or <code>admin</code> role: open it with a client certificate whose
                common name maps to one (see the README, “Dashboard”).</p></main>
                """)
    }

    // MARK: queues

    func queues(_ panel: DashboardData.QueuePanel, eventsListening: Bool, replica: ReadRouter.ReplicaState? = nil)
        -> HTML
    {
        var warnings: [HTML] = []
        if let replica, !replica.up {
            warnings.append("<li>The read replica does not answer: reads go to the primary until it does.</li>")
        }
        let health = panel.health
        if let seconds = health.oldestXminSeconds, seconds > 300 {
            warnings.append(
                """
                <li>A transaction has held the xmin horizon for \(DisplayFormat.duration(seconds)): vacuum cannot remove dead jobs. \
                Holder: <code>\(health.oldestXminHolder ?? "?")</code>.</li>
                """)
        }
        if health.deadTuples > 50_000, health.deadTuples > health.liveTuples {
            warnings.append(
                "<li>\(DisplayFormat.grouped(Double(health.deadTuples))) dead tuples in the jobs table (\(DisplayFormat.grouped(Double(health.liveTuples))) live): vacuum is falling behind.</li>"
            )
        }
        if !eventsListening {
            warnings.append(
                "<li>This query worker's LISTEN session is down: the page falls back to polling until it reconnects.</li>"
            )
        }
        let waiting = panel.queues.reduce(0) { $0 + $1.stats.available }
        if panel.jobListeners == 0, waiting > 0 {
            warnings.append(
                "<li>No worker is listening for jobs, and \(waiting) \(waiting == 1 ? "job is" : "jobs are") ready: start an ingest worker.</li>"
            )
        }
        let rows = panel.queues.map { row -> HTML in
            let s = row.stats
            let finished = row.throughput.reduce(0, +)
            let latencies = row.pickupLatency.compactMap { $0 }
            let latencyText =
                latencies.isEmpty
                ? "no starts" : "mean \(DisplayFormat.duration(latencies.reduce(0, +) / Double(latencies.count)))"
            let action: HTML =
                isAdmin
                ? "<button type=\"button\" data-action=\"\(s.paused ? "resume" : "pause")\" data-queue=\"\(s.queue)\">\(s.paused ? "Resume" : "Pause")</button>"
                : ""
            return """
                <tr data-queue="\(s.queue)">
                <th scope="row">\(s.queue)</th>
                <td class="num" data-count="available">\(s.available)</td>
                <td class="num" data-count="running">\(s.running)</td>
                <td class="num" data-count="scheduled">\(s.scheduled)</td>
                <td class="num" data-count="retryable">\(s.retryable)</td>
                <td class="num" data-count="dead">\(s.dead)</td>
                <td class="num">\(s.available > 0 ? DisplayFormat.duration(s.oldestAvailableSeconds) : "–")</td>
                <td>\(Sparkline.svg(row.throughput.map { $0 }, label: "queue \(s.queue): \(Int(finished)) jobs finished in the last \(DashboardData.sparklineMinutes) minutes")) \
                <span class="small">\(Int(finished))</span></td>
                <td>\(Sparkline.svg(row.pickupLatency, label: "queue \(s.queue): pickup latency, \(latencyText)")) <span class="small">\(latencyText)</span></td>
                <td data-state="\(s.paused ? "paused" : "active")">\(s.paused ? HTML("<span class=\"badge warn\">paused</span>") : "active") \(action)</td>
                </tr>
                """
        }
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No jobs yet. Submit a document and its queue appears here.</p>"
            : """
            <table class="queues">
            <caption>Jobs per queue now; the lines show the last \(DashboardData.sparklineMinutes) minutes</caption>
            <thead><tr><th scope="col">Queue</th><th scope="col">Available</th><th scope="col">Running</th><th scope="col">Scheduled</th><th scope="col">Retrying</th>\
            <th scope="col">Dead</th><th scope="col">Oldest ready</th><th scope="col">Finished per minute</th><th scope="col">Pickup latency</th>\
            <th scope="col">State</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
        let alert: HTML = warnings.isEmpty ? "" : "<ul class=\"warnings\" role=\"alert\">\(warnings)</ul>"
        let xmin: HTML =
            health.oldestXminSeconds.map { "oldest transaction \(DisplayFormat.duration($0))" } ?? "no open transaction"
        return """
            \(alert)\(table)
            <p class="small health">Workers listening for jobs: <strong data-listeners>\(panel.jobListeners)</strong> · \
            live events: \(eventsListening ? "listening" : "down") · dead tuples in the jobs table: \(DisplayFormat.grouped(Double(health.deadTuples))) · \(xmin)\
            \(Self.replicaText(replica))</p>
            """
    }

    /// " · read replica: 0.4 s behind (12,288 bytes of WAL)", or nothing without a replica.
    static func replicaText(_ replica: ReadRouter.ReplicaState?) -> HTML {
        guard let replica else { return "" }
        guard replica.up else { return " · read replica: <strong data-replica>down</strong>" }
        let seconds = replica.lagSeconds.map { DisplayFormat.duration($0) } ?? "unknown"
        let bytes = replica.lagBytes.map { " (\(DisplayFormat.grouped($0)) bytes of WAL)" } ?? ""
        return " · read replica: <span data-replica>\(seconds) behind\(bytes)</span>"
    }

    // MARK: jobs

    func jobs(_ panel: DashboardData.JobsPanel) -> HTML {
        let dead = panel.dead.map { job -> HTML in
            let actions: HTML =
                isAdmin
                ? """
                <button type="button" data-action="retry" data-job="\(job.id)">Retry</button> \
                <button type="button" data-action="discard" data-job="\(job.id)" class="danger">Discard</button>
                """ : ""
            return """
                <tr data-job="\(job.id)" data-state="dead"><td class="num">\(job.id)</td><td>\(job.queue) / \(job.kind)\(documentNote(job))</td>\
                <td class="num">\(job.attempt)/\(job.maxAttempts)</td><td class="error">\(job.lastError ?? "")</td><td>\(time(job.at))</td>\
                <td class="actions">\(actions)</td></tr>
                """
        }
        let live = panel.live.map { job -> HTML in
            let cancel: HTML =
                isAdmin ? "<button type=\"button\" data-action=\"cancel\" data-job=\"\(job.id)\">Cancel</button>" : ""
            return """
                <tr data-job="\(job.id)" data-state="\(job.state)"><td class="num">\(job.id)</td><td>\(job.queue) / \(job.kind)\(documentNote(job))</td>\
                <td><span class="badge \(job.state)">\(job.state)</span></td><td class="num">\(job.attempt)/\(job.maxAttempts)</td>\
                <td class="error">\(job.lastError ?? "")</td><td>\(time(job.at))</td><td class="actions">\(cancel)</td></tr>
                """
        }
        let finished = panel.finished.map { job -> HTML in
            let result: HTML =
                job.articleID.map { "<a href=\"/dashboard/articles/\($0)\">article \($0)</a>" }
                ?? HTML("\(job.lastError ?? "")")
            return """
                <tr data-job="\(job.id)" data-state="\(job.state)"><td class="num">\(job.id)</td><td>\(job.queue) / \(job.kind)</td>\
                <td><span class="badge \(job.state)">\(job.state)</span></td><td class="num">\(job.attempt)</td><td>\(result)</td><td>\(time(job.at))</td></tr>
                """
        }
        return """
            <h3 id="dead-heading">Dead letters (\(panel.dead.count))</h3>
            \(table(dead, labelledBy: "dead-heading", empty: "No dead letters.", headers: ["Job", "Queue / kind", "Attempts", "Last error", "Dead since", "Actions"]))
            <h3 id="live-heading">Running and waiting</h3>
            \(table(live, labelledBy: "live-heading", empty: "Nothing is running or waiting.", headers: ["Job", "Queue / kind", "State", "Attempt", "Last error", "Submitted", "Actions"]))
            <h3 id="finished-heading">Recently finished</h3>
            \(table(finished, labelledBy: "finished-heading", empty: "Nothing finished in the last day.", headers: ["Job", "Queue / kind", "State", "Attempts", "Result", "Finished"]))
            """
    }

    private func documentNote(_ job: DashboardData.JobRow) -> HTML {
        job.documentID.map { "<br><span class=\"small\">document \($0)</span>" } ?? ""
    }

    private func table(_ rows: [HTML], labelledBy: String, empty: String, headers: [String]) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        let head = headers.map { "<th scope=\"col\">\($0)</th>" as HTML }
        return "<table aria-labelledby=\"\(labelledBy)\"><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table>"
    }

    private func time(_ date: Date) -> HTML {
        "<time datetime=\"\(DisplayFormat.iso(date))\">\(DisplayFormat.utc(date))</time>"
    }

    // MARK: facts

    func facts(
        _ rows: [DashboardData.FactRow], companies: [String], chart: [FigureChart.Row], company: String, metric: String
    ) -> HTML {
        let options = ReadRoutes.metricList.map { choice -> HTML in
            "<option value=\"\(choice)\"\(choice == metric ? HTML(" selected") : "")>\(DisplayFormat.metric(choice))</option>"
        }
        let suggestions = companies.map { "<option value=\"\($0)\"></option>" as HTML }
        let body = rows.map { fact -> HTML in
            """
            <tr data-fact="\(fact.id)"><td>\(companyLink(fact.company))</td><td>\(fact.displayMetric)</td><td class="num">\(fact.displayValue)</td>\
            <td>\(fact.period ?? "")\(fact.status == "actual" ? "" : HTML(" <span class=\"small\">(\(fact.status))</span>"))</td>\
            <td><a href="/dashboard/articles/\(fact.articleID)#fact-\(fact.id)" title="\(fact.evidence)">\(fact.articleTitle ?? "article \(fact.articleID)")</a></td>\
            <td>\(fact.published ?? "")</td></tr>
            """
        }
        let filtered = !company.isEmpty || !metric.isEmpty
        return """
            <form class="filters" method="get" action="/#facts" role="search" aria-label="Filter facts">
              <label>Company <input name="company" list="company-names" value="\(company)" autocomplete="off"></label>
              <datalist id="company-names">\(suggestions)</datalist>
              <label>Metric <select name="metric"><option value="">any</option>\(options)</select></label>
              <button type="submit">Filter</button>\(filtered ? HTML(" <a href=\"/#facts\">Clear</a>") : "")
            </form>
            <figure class="chart-figure">\(FigureChart.svg(chart))
              <figcaption>Latest revenue in US dollars and R&amp;D spend as a share of revenue per company\
            \(company.isEmpty ? "" : HTML(" (\(company))")).</figcaption></figure>
            \(rows.isEmpty ? HTML("<p class=\"empty\">No facts\(filtered ? " match" : " yet").</p>") : """
            <table class="facts" aria-labelledby="facts-heading">
            <caption>The \(rows.count) newest facts\(filtered ? " that match" : ""); each links to its evidence</caption>
            <thead><tr><th scope="col">Company</th><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Period</th>\
            <th scope="col">Article</th><th scope="col">Published</th></tr></thead>
            <tbody>\(body)</tbody>
            </table>
            """)
            """
    }

    /// A company's name as a link to its page; the market's figures have none.
    func companyLink(_ company: String?) -> HTML {
        guard let company else { return "–" }
        let query = company.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "<a href=\"/dashboard/company?name=\(query)\">\(company)</a>"
    }

    // MARK: one article

    static func article(_ article: DashboardData.ArticleView, role: Role) -> HTML {
        let byline = [article.author, article.authorRole].compactMap { $0 }.filter { !$0.isEmpty }.joined(
            separator: ", ")
        let meta = [article.section, byline.isEmpty ? nil : byline, article.published].compactMap { $0 }.filter {
            !$0.isEmpty
        }.joined(separator: " · ")
        let factItems = article.facts.map { fact -> HTML in
            "<li><a href=\"#fact-\(fact.id)\">\(fact.company ?? "?"): \(fact.displayMetric) \(fact.displayValue)\(fact.period.map { " (\($0))" } ?? "")</a></li>"
        }
        let source: HTML =
            article.url.flatMap { URL(string: $0) }.flatMap { url in
                ["http", "https"].contains(url.scheme?.lowercased() ?? "")
                    ? "<p class=\"small\">Source: <a href=\"\(url.absoluteString)\" rel=\"noreferrer noopener\">\(url.absoluteString)</a></p>"
                    : nil
            } ?? ""
        return document(
            title: article.title ?? "Article \(article.id)",
            body: """
                <header class="top"><p><a href="/#facts">← Dashboard</a></p></header>
                <main id="main" class="article">
                <article>
                  <h1>\(article.title ?? "Article \(article.id)")</h1>
                  \(article.dek.map { "<p class=\"dek\">\($0)</p>" as HTML } ?? "")
                  <p class="small">\(meta)</p>\(source)
                  <section aria-labelledby="facts-of-article"><h2 id="facts-of-article">Facts (\(article.facts.count))</h2><ol>\(factItems)</ol></section>
                  <h2>Text</h2>
                  <div class="body">\(highlighted(article.body, article.evidence))</div>
                </article>
                </main>
                """, role: role)
    }

    /// The body with each fact's evidence sentence in a `<mark id="fact-N">`. Offsets are Unicode code
    /// points; overlapping evidence shares one mark (the other facts get an anchor inside it).
    static func highlighted(_ body: String, _ evidence: [DashboardData.ArticleView.Evidence]) -> HTML {
        let scalars = Array(body.unicodeScalars)
        var spans: [(start: Int, end: Int, ids: [Int64], labels: [String])] = []
        for item in evidence.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            let start = max(0, min(item.start, scalars.count))
            let end = max(start, min(item.end, scalars.count))
            guard end > start else { continue }
            if let last = spans.last, start < last.end {
                spans[spans.count - 1].end = max(last.end, end)
                spans[spans.count - 1].ids.append(item.factID)
                spans[spans.count - 1].labels.append(item.label)
            } else {
                spans.append((start, end, [item.factID], [item.label]))
            }
        }
        func text(_ from: Int, _ to: Int) -> String {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[from..<to])
            return String(s)
        }
        var parts: [HTML] = []
        var position = 0
        for span in spans {
            parts.append("\(text(position, span.start))")
            let anchors = span.ids.dropFirst().map { "<span id=\"fact-\($0)\"></span>" as HTML }
            parts.append(
                "<mark id=\"fact-\(span.ids[0])\" title=\"\(span.labels.joined(separator: "; "))\">\(anchors)\(text(span.start, span.end))</mark>"
            )
            position = span.end
        }
        parts.append("\(text(position, scalars.count))")
        return HTML.join(parts)
    }
}
