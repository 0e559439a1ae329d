/// The OpenAPI 3.1 description of the HTTPS API, served at `/openapi.yaml` and printed by `factwire openapi`.
public enum OpenAPIDocument {
    public static let yaml = #"""
        openapi: 3.1.0
        info:
          title: Factwire query API
          version: 0.1.0
          description: Submit news documents, follow their ingestion, and query articles and market-figure facts.
        servers:
          - url: https://localhost:8443
        security:
          - mutualTLS: []
          - bearer: []
        paths:
          /healthz:
            get:
              operationId: getHealth
              summary: Liveness
              security: []
              responses:
                '200': {description: The process is up., content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}}
          /readyz:
            get:
              operationId: getReadiness
              summary: Readiness (database reachable, schema current)
              security: []
              responses:
                '200': {description: Ready., content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}}
                '503': {description: Not ready., content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}}
          /metrics:
            get:
              operationId: getMetrics
              summary: Prometheus metrics
              security: []
              responses:
                '200': {description: Text exposition format., content: {text/plain: {schema: {type: string}}}}
          /v1/documents:
            post:
              operationId: submitDocument
              summary: Submit a document (or an NDJSON batch) for ingestion
              parameters:
                - {name: wait, in: query, required: false, schema: {type: string, pattern: '^((60(\.0+)?|[1-5]?[0-9](\.[0-9]+)?)s?|(([0-9]{1,4}|[1-5][0-9]{4})(\.[0-9]+)?|60000(\.0+)?)ms)$'}, description: 'Wait up to this long (at most 60s: seconds, with or without s, or milliseconds with ms) for the job to finish, e.g. 10s or 500ms.'}
                - {name: traceparent, in: header, required: false, schema: {type: string, maxLength: 55}, description: 'W3C Trace Context of the caller. With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT), the request, the enqueue, the ingest job and its SQL join this trace.'}
              requestBody:
                required: true
                content:
                  text/plain: {schema: {type: string, pattern: '\S', description: The document; at least one character other than white space.}}
                  text/html: {schema: {type: string, pattern: '\S', description: The document; at least one character other than white space.}}
                  application/json: {schema: {$ref: '#/components/schemas/JSONArticle'}}
                  application/x-ndjson: {schema: {type: string, pattern: '\S', description: 'One JSON object per line, each shaped as JSONArticle (blank lines are skipped); a bad line refuses the whole batch.'}}
              responses:
                '200': {description: 'Already stored (duplicate: document_id and duplicate), or, with wait, the finished job with its article and facts.', content: {application/json: {schema: {oneOf: [{$ref: '#/components/schemas/Outcome'}, {$ref: '#/components/schemas/Submitted'}]}}}}
                '202': {description: 'Queued (or still queued when wait ran out: state is queued); an NDJSON batch answers with one entry per line.', content: {application/json: {schema: {oneOf: [{$ref: '#/components/schemas/SubmittedBatch'}, {$ref: '#/components/schemas/Submitted'}]}}}}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '401': {$ref: '#/components/responses/ErrorResponse'}
                '403': {$ref: '#/components/responses/ErrorResponse'}
                '413': {$ref: '#/components/responses/ErrorResponse'}
                '415': {$ref: '#/components/responses/ErrorResponse'}
          /v1/jobs/{id}:
            get:
              operationId: getJob
              summary: A job's state, attempts and result
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: The job., content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
                '404': {$ref: '#/components/responses/ErrorResponse'}
          /v1/jobs/{id}/cancel:
            post:
              operationId: cancelJob
              summary: Cancel a job (admin)
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Cancelled., content: {application/json: {schema: {$ref: '#/components/schemas/JobState'}}}}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                '409': {$ref: '#/components/responses/ErrorResponse'}
          /v1/jobs/{id}/retry:
            post:
              operationId: retryJob
              summary: Retry a failed or cancelled job now (admin)
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Queued again., content: {application/json: {schema: {$ref: '#/components/schemas/JobState'}}}}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                '409': {$ref: '#/components/responses/ErrorResponse'}
          /v1/jobs/{id}/discard:
            post:
              operationId: discardJob
              summary: Remove a dead-lettered job for good; it is kept in the history as discarded (admin)
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Discarded., content: {application/json: {schema: {$ref: '#/components/schemas/JobState'}}}}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                '409': {$ref: '#/components/responses/ErrorResponse'}
          /v1/queues/{name}/pause:
            post:
              operationId: pauseQueue
              summary: Stop every worker from claiming jobs of this queue; running jobs finish (admin)
              parameters: [{name: name, in: path, required: true, schema: {type: string, minLength: 1, maxLength: 128}}]
              responses:
                '200': {description: Paused., content: {application/json: {schema: {$ref: '#/components/schemas/QueuePaused'}}}}
                '400': {$ref: '#/components/responses/ErrorResponse'}
          /v1/queues/{name}/resume:
            post:
              operationId: resumeQueue
              summary: Let workers claim jobs of this queue again, and wake them (admin)
              parameters: [{name: name, in: path, required: true, schema: {type: string, minLength: 1, maxLength: 128}}]
              responses:
                '200': {description: Resumed., content: {application/json: {schema: {$ref: '#/components/schemas/QueuePaused'}}}}
                '400': {$ref: '#/components/responses/ErrorResponse'}
          /v1/queue/stats:
            get:
              operationId: getQueueStats
              summary: Jobs per queue and state (admin)
              responses:
                '200': {description: Counts., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/QueueStats'}}}}}
          /v1/queue/limits:
            get:
              operationId: listKindLimits
              summary: Global concurrency limits per job kind, with the jobs running and waiting under each (admin)
              responses:
                '200': {description: The limits (set with factwire queue limit)., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/KindLimit'}}}}}
                '403': {$ref: '#/components/responses/ErrorResponse'}
          /v1/queue/periodic:
            get:
              operationId: listPeriodicJobs
              summary: Periodic jobs the workers registered, with their last and next ticks (admin)
              responses:
                '200': {description: The schedules., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/PeriodicJob'}}}}}
                '403': {$ref: '#/components/responses/ErrorResponse'}
          /v1/articles:
            get:
              operationId: listArticles
              summary: Articles, newest first (keyset pagination)
              parameters:
                - {name: company, in: query, schema: {type: string, maxLength: 500}}
                - {name: q, in: query, schema: {type: string, maxLength: 500}, description: Full-text search (websearch syntax).}
                - {name: since, in: query, schema: {type: string, format: date}}
                - {name: until, in: query, schema: {type: string, format: date}}
                - {$ref: '#/components/parameters/After'}
                - {$ref: '#/components/parameters/Limit'}
              responses:
                '200': {description: A page., content: {application/json: {schema: {$ref: '#/components/schemas/ArticlesPage'}}}}
                '400': {$ref: '#/components/responses/ErrorResponse'}
          /v1/articles/{id}:
            get:
              operationId: getArticle
              summary: One article with its body and facts
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: The article., content: {application/json: {schema: {$ref: '#/components/schemas/Article'}}}}
                '404': {$ref: '#/components/responses/ErrorResponse'}
          /v1/facts:
            get:
              operationId: listFacts
              summary: Facts, newest first; CSV with Accept text/csv
              parameters:
                - {name: company, in: query, schema: {type: string, maxLength: 500}}
                - {name: metric, in: query, schema: {type: string, enum: [revenue, rd_spend, rd_share_of_revenue, net_income, operating_profit, growth, market_share, shipments, employees, market_size, other]}}
                - {name: period, in: query, schema: {type: string, maxLength: 64}}
                - {name: status, in: query, schema: {type: string, enum: [actual, forecast, expected]}}
                - {name: from, in: query, schema: {type: string, format: date}}
                - {name: to, in: query, schema: {type: string, format: date}}
                - {$ref: '#/components/parameters/After'}
                - {$ref: '#/components/parameters/Limit'}
              responses:
                '200':
                  description: A page.
                  content:
                    application/json: {schema: {$ref: '#/components/schemas/FactsPage'}}
                    text/csv: {schema: {type: string}}
                '400': {$ref: '#/components/responses/ErrorResponse'}
          /v1/companies:
            get:
              operationId: listCompanies
              summary: Companies with their aliases and counts
              parameters: [{$ref: '#/components/parameters/After'}, {$ref: '#/components/parameters/Limit'}]
              responses:
                '200': {description: A page., content: {application/json: {schema: {$ref: '#/components/schemas/CompaniesPage'}}}}
          /v1/companies/{id}/figures:
            get:
              operationId: getCompanyFigures
              summary: A company's figures as time series per metric
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Series by metric., content: {application/json: {schema: {$ref: '#/components/schemas/CompanyFigures'}}}}
                '404': {$ref: '#/components/responses/ErrorResponse'}
          /v1/figures:
            get:
              operationId: listFigures
              summary: One figure per company, metric and period across articles, with the amount in USD or EUR; CSV with Accept text/csv
              parameters:
                - {name: company, in: query, schema: {type: string, maxLength: 500}}
                - {name: metric, in: query, schema: {type: string, enum: [revenue, rd_spend, rd_share_of_revenue, net_income, operating_profit, growth, market_share, shipments, employees, market_size, other]}}
                - {name: from, in: query, schema: {type: string, format: date}, description: Periods ending on or after this day.}
                - {name: to, in: query, schema: {type: string, format: date}, description: Periods ending on or before this day.}
                - {name: currency, in: query, schema: {type: string, enum: [USD, EUR], default: USD}, description: The currency of value_converted (ECB reference rates).}
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 200}}
              responses:
                '200':
                  description: The figures, by company, metric and period.
                  content:
                    application/json: {schema: {$ref: '#/components/schemas/FiguresPage'}}
                    text/csv: {schema: {type: string}}
                '400': {$ref: '#/components/responses/ErrorResponse'}
          /v1/events:
            get:
              operationId: streamEvents
              summary: Server-Sent Events of finished jobs
              responses:
                '200': {description: 'event: job, data: {"id","kind","queue","state","result"}', content: {text/event-stream: {schema: {type: string}}}}
                '503': {$ref: '#/components/responses/ErrorResponse'}
          /openapi.yaml:
            get:
              operationId: getOpenAPIDocument
              summary: This document
              security: []
              responses:
                '200': {description: OpenAPI 3.1., content: {application/yaml: {schema: {type: string}}}}
        components:
          securitySchemes:
            mutualTLS: {type: mutualTLS, description: 'A client certificate signed by the configured CA; its common name is the role (ingest, read, admin).'}
            bearer: {type: http, scheme: bearer, description: 'A token from `factwire tokens create --role ROLE` (when the server runs without a client CA).'}
          parameters:
            ID: {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
            After: {name: after, in: query, schema: {type: integer, minimum: 1}, description: The `next` of the previous page.}
            Limit: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
          responses:
            ErrorResponse:
              description: An error.
              content:
                application/json:
                  schema:
                    type: object
                    required: [error]
                    properties:
                      error: {type: object, required: [code, message], properties: {code: {type: string}, message: {type: string}}}
          schemas:
            Status:
              type: object
              required: [status]
              properties: {status: {type: string, description: 'ok, ready or not ready.'}, reason: {type: string}}
            Submitted:
              type: object
              required: [document_id]
              properties:
                document_id: {type: integer, format: int64}
                job_id: {type: integer, format: int64}
                duplicate: {type: boolean, description: The same bytes were stored before; nothing was queued.}
                state: {type: string, description: 'queued when wait ran out before the job finished.'}
            SubmittedBatch:
              type: object
              required: [documents]
              properties: {documents: {type: array, items: {$ref: '#/components/schemas/Submitted'}}}
            Outcome:
              type: object
              required: [job_id, document_id, state, facts]
              properties:
                job_id: {type: integer, format: int64}
                document_id: {type: integer, format: int64}
                state: {type: string}
                error: {type: [string, 'null']}
                article: {$ref: '#/components/schemas/ArticleSummary', description: Null when the job did not complete.}
                facts: {type: array, items: {$ref: '#/components/schemas/Fact'}}
            Job:
              type: object
              required: [id, queue, kind, state, priority, attempt, max_attempts, created_at]
              properties:
                id: {type: integer, format: int64}
                queue: {type: string}
                kind: {type: string}
                state: {type: string, enum: [scheduled, available, running, retryable, completed, cancelled, discarded]}
                priority: {type: integer}
                attempt: {type: integer, format: int32}
                max_attempts: {type: integer, format: int32}
                args: {description: The job's arguments.}
                errors: {type: array, description: 'One entry per failed attempt.', items: {type: object, properties: {attempt: {type: integer}, at: {type: string}, error: {type: string}}}}
                result: {type: object, description: 'What the handler reported; ingest jobs report document_id, article_id, facts and facts_dropped.', properties: {document_id: {type: integer, format: int64}, article_id: {type: integer, format: int64}, facts: {type: integer}, facts_dropped: {type: integer}}}
                created_at: {type: string, format: date-time}
                run_at: {type: string, format: date-time}
                attempted_at: {type: string, format: date-time}
                finalized_at: {type: string, format: date-time}
            JobState:
              type: object
              required: [id, state]
              properties: {id: {type: integer, format: int64}, state: {type: string}}
            QueuePaused:
              type: object
              required: [queue, paused]
              properties: {queue: {type: string}, paused: {type: boolean}}
            QueueStats:
              type: object
              required: [queue, scheduled, available, running, retryable, dead, oldest_available_seconds, paused]
              properties: {queue: {type: string}, scheduled: {type: integer}, available: {type: integer}, running: {type: integer}, retryable: {type: integer}, dead: {type: integer}, oldest_available_seconds: {type: number}, paused: {type: boolean}}
            ArticleSummary:
              type: object
              required: [id]
              properties:
                id: {type: integer, format: int64}
                title: {type: [string, 'null']}
                author: {type: [string, 'null']}
                published: {type: [string, 'null'], format: date}
                url: {type: [string, 'null']}
                section: {type: [string, 'null']}
                language: {type: [string, 'null']}
                word_count: {type: integer}
                extracted_at: {type: string, description: 'When it was extracted (timestamp with time zone).'}
            ArticlesPage:
              type: object
              required: [articles]
              properties: {articles: {type: array, items: {$ref: '#/components/schemas/ArticleSummary'}}, next: {type: [string, 'null'], description: The `after` of the next page.}}
            Article:
              type: object
              required: [id, document_id, body, facts]
              properties:
                id: {type: integer, format: int64}
                document_id: {type: integer, format: int64}
                title: {type: [string, 'null']}
                dek: {type: [string, 'null']}
                author: {type: [string, 'null']}
                author_role: {type: [string, 'null']}
                section: {type: [string, 'null']}
                published: {type: [string, 'null'], format: date}
                url: {type: [string, 'null']}
                language: {type: [string, 'null']}
                word_count: {type: integer}
                body: {type: string}
                extractor_version: {type: string}
                extracted_at: {type: string, description: 'When it was extracted (timestamp with time zone).'}
                facts: {type: array, items: {$ref: '#/components/schemas/Fact'}}
            FactsPage:
              type: object
              required: [facts]
              properties: {facts: {type: array, items: {$ref: '#/components/schemas/Fact'}}, next: {type: [string, 'null'], description: The `after` of the next page.}}
            Company:
              type: object
              required: [id, name, aliases, articles, facts]
              properties: {id: {type: integer, format: int64}, name: {type: string}, aliases: {type: array, items: {type: string}}, articles: {type: integer}, facts: {type: integer}}
            CompaniesPage:
              type: object
              required: [companies]
              properties: {companies: {type: array, items: {$ref: '#/components/schemas/Company'}}, next: {type: [string, 'null'], description: The `after` of the next page.}}
            FigurePoint:
              type: object
              required: [id, value, unit, article_id]
              properties: {id: {type: integer, format: int64}, value: {type: number}, unit: {type: string}, qualifier: {type: string}, period: {type: [string, 'null']}, status: {type: string}, derived: {type: boolean}, published: {type: [string, 'null'], format: date}, article_id: {type: integer, format: int64}}
            CompanyFigures:
              type: object
              required: [company, figures]
              properties:
                company: {type: object, required: [id, name], properties: {id: {type: integer, format: int64}, name: {type: string}}}
                figures: {type: object, description: 'Series by metric (growth:OF and other:DETAIL for those two), oldest first.', additionalProperties: {type: array, items: {$ref: '#/components/schemas/FigurePoint'}}}
            FiguresPage:
              type: object
              required: [figures]
              properties: {figures: {type: array, items: {$ref: '#/components/schemas/Figure'}}}
            KindLimit:
              type: object
              required: [kind, max_running, running, available, updated_at]
              properties: {kind: {type: string}, max_running: {type: integer}, partition_by: {type: [string, 'null']}, running: {type: integer}, available: {type: integer}, updated_at: {type: string, format: date-time}}
            PeriodicJob:
              type: object
              required: [name, kind, queue, schedule, missed, args, registered_at]
              properties: {name: {type: string}, kind: {type: string}, queue: {type: string}, schedule: {type: string}, missed: {type: string, enum: [skip, run_once]}, args: {type: string, description: The arguments of every run as JSON text.}, last_tick: {type: [string, 'null'], format: date-time}, last_fired_at: {type: [string, 'null'], format: date-time}, last_job_id: {type: [integer, 'null']}, next_tick: {type: [string, 'null'], format: date-time}, registered_at: {type: string, format: date-time}}
            JSONArticle:
              type: object
              required: [body]
              properties: {title: {type: string}, body: {type: string, pattern: '\S', description: 'Paragraphs separated by a blank line; at least one character other than white space.'}, url: {type: string}, published_at: {type: string}, author: {type: string}, section: {type: string}}
            Figure:
              type: object
              properties:
                company: {type: string}
                metric: {type: string}
                growth_of: {type: [string, 'null']}
                metric_detail: {type: [string, 'null']}
                period_kind: {type: string, enum: [year, half, quarter, nine_months, month, ttm, cumulative, point]}
                fiscal_year: {type: integer}
                fiscal_quarter: {type: [integer, 'null']}
                fiscal_half: {type: [integer, 'null']}
                period_start: {type: [string, 'null'], format: date}
                period_end: {type: [string, 'null'], format: date}
                value: {type: number}
                unit: {type: string}
                currency: {type: string, enum: [USD, EUR]}
                value_converted: {type: [number, 'null']}
                fx_method: {type: [string, 'null'], enum: [period_average, point, same_currency, null]}
                fx_note: {type: [string, 'null'], description: Why value_converted is null (a currency the ECB does not publish, no rates for the period).}
                sources: {type: integer, description: Articles that report the figure.}
                conflicting: {type: boolean, description: The stated values spread more than 0.5 %.}
                fact_ids: {type: array, items: {type: integer}}
                article_ids: {type: array, items: {type: integer}, description: The articles that report it.}
            Fact:
              type: object
              required: [id, metric, value, unit]
              properties:
                id: {type: integer, format: int64}
                company: {type: [string, 'null']}
                metric: {type: string}
                growth_of: {type: [string, 'null']}
                metric_detail: {type: [string, 'null']}
                value: {type: number}
                unit: {type: string}
                qualifier: {type: string}
                period: {type: [string, 'null']}
                status: {type: string}
                derived: {type: boolean}
                published: {type: [string, 'null']}
                article_id: {type: integer, format: int64, description: In lists; an article's own facts leave it out.}
                evidence: {type: string}
                comparison: {type: [string, 'null'], description: In an article's facts.}
                range: {type: [array, 'null'], items: {type: number}, description: 'In an article''s facts: low and high, for a value given as a range.'}
                evidence_start: {type: [integer, 'null'], description: In an article's facts - where the evidence starts in the body (Unicode scalars).}
                evidence_end: {type: [integer, 'null']}
        """#
}
