/// The OpenAPI 3.1 description of the HTTPS API, served at `/openapi.yaml` and printed by `factwire openapi`.
public enum OpenAPIDocument {
    public static let yaml = """
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
              summary: Liveness
              security: []
              responses:
                '200': {description: The process is up., content: {application/json: {schema: {type: object}}}}
          /readyz:
            get:
              summary: Readiness (database reachable, schema current)
              security: []
              responses:
                '200': {description: Ready., content: {application/json: {schema: {type: object}}}}
                '503': {description: Not ready., content: {application/json: {schema: {type: object}}}}
          /metrics:
            get:
              summary: Prometheus metrics
              security: []
              responses:
                '200': {description: Text exposition format., content: {text/plain: {schema: {type: string}}}}
          /v1/documents:
            post:
              summary: Submit a document (or an NDJSON batch) for ingestion
              parameters:
                - {name: wait, in: query, required: false, schema: {type: string, pattern: '^[0-9.]+(ms|s)?$'}, description: 'Wait up to this long (max 60s) for the job to finish, e.g. 10s.'}
                - {name: traceparent, in: header, required: false, schema: {type: string, maxLength: 55}, description: 'W3C Trace Context of the caller. With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT), the request, the enqueue, the ingest job and its SQL join this trace.'}
              requestBody:
                required: true
                content:
                  text/plain: {schema: {type: string}}
                  text/html: {schema: {type: string}}
                  application/json: {schema: {$ref: '#/components/schemas/JSONArticle'}}
                  application/x-ndjson: {schema: {type: string}}
              responses:
                '200': {description: 'Already stored (duplicate), or the finished job with its article and facts when waiting.', content: {application/json: {schema: {type: object}}}}
                '202': {description: Queued., content: {application/json: {schema: {type: object, properties: {job_id: {type: integer}, document_id: {type: integer}}}}}}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '403': {$ref: '#/components/responses/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '415': {$ref: '#/components/responses/Error'}
          /v1/jobs/{id}:
            get:
              summary: A job's state, attempts and result
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: The job., content: {application/json: {schema: {type: object}}}}
                '404': {$ref: '#/components/responses/Error'}
          /v1/jobs/{id}/cancel:
            post:
              summary: Cancel a job (admin)
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Cancelled., content: {application/json: {schema: {type: object}}}}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
          /v1/jobs/{id}/retry:
            post:
              summary: Retry a failed or cancelled job now (admin)
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Queued again., content: {application/json: {schema: {type: object}}}}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
          /v1/jobs/{id}/discard:
            post:
              summary: Remove a dead-lettered job for good; it is kept in the history as discarded (admin)
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Discarded., content: {application/json: {schema: {type: object}}}}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
          /v1/queues/{name}/pause:
            post:
              summary: Stop every worker from claiming jobs of this queue; running jobs finish (admin)
              parameters: [{name: name, in: path, required: true, schema: {type: string, minLength: 1, maxLength: 128}}]
              responses:
                '200': {description: Paused., content: {application/json: {schema: {type: object}}}}
                '400': {$ref: '#/components/responses/Error'}
          /v1/queues/{name}/resume:
            post:
              summary: Let workers claim jobs of this queue again, and wake them (admin)
              parameters: [{name: name, in: path, required: true, schema: {type: string, minLength: 1, maxLength: 128}}]
              responses:
                '200': {description: Resumed., content: {application/json: {schema: {type: object}}}}
                '400': {$ref: '#/components/responses/Error'}
          /v1/queue/stats:
            get:
              summary: Jobs per queue and state (admin)
              responses:
                '200': {description: Counts., content: {application/json: {schema: {type: array, items: {type: object}}}}}
          /v1/queue/limits:
            get:
              summary: Global concurrency limits per job kind, with the jobs running and waiting under each (admin)
              responses:
                '200': {description: The limits (set with factwire queue limit)., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/KindLimit'}}}}}
                '403': {$ref: '#/components/responses/Error'}
          /v1/queue/periodic:
            get:
              summary: Periodic jobs the workers registered, with their last and next ticks (admin)
              responses:
                '200': {description: The schedules., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/PeriodicJob'}}}}}
                '403': {$ref: '#/components/responses/Error'}
          /v1/articles:
            get:
              summary: Articles, newest first (keyset pagination)
              parameters:
                - {name: company, in: query, schema: {type: string, maxLength: 500}}
                - {name: q, in: query, schema: {type: string, maxLength: 500}, description: Full-text search (websearch syntax).}
                - {name: since, in: query, schema: {type: string, format: date}}
                - {name: until, in: query, schema: {type: string, format: date}}
                - {$ref: '#/components/parameters/After'}
                - {$ref: '#/components/parameters/Limit'}
              responses:
                '200': {description: A page., content: {application/json: {schema: {type: object, properties: {articles: {type: array, items: {type: object}}, next: {type: [string, 'null']}}}}}}
                '400': {$ref: '#/components/responses/Error'}
          /v1/articles/{id}:
            get:
              summary: One article with its body and facts
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: The article., content: {application/json: {schema: {type: object}}}}
                '404': {$ref: '#/components/responses/Error'}
          /v1/facts:
            get:
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
                    application/json: {schema: {type: object, properties: {facts: {type: array, items: {$ref: '#/components/schemas/Fact'}}, next: {type: [string, 'null']}}}}
                    text/csv: {schema: {type: string}}
                '400': {$ref: '#/components/responses/Error'}
          /v1/companies:
            get:
              summary: Companies with their aliases and counts
              parameters: [{$ref: '#/components/parameters/After'}, {$ref: '#/components/parameters/Limit'}]
              responses:
                '200': {description: A page., content: {application/json: {schema: {type: object}}}}
          /v1/companies/{id}/figures:
            get:
              summary: A company's figures as time series per metric
              parameters: [{$ref: '#/components/parameters/ID'}]
              responses:
                '200': {description: Series by metric., content: {application/json: {schema: {type: object}}}}
                '404': {$ref: '#/components/responses/Error'}
          /v1/figures:
            get:
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
                    application/json: {schema: {type: object, properties: {figures: {type: array, items: {$ref: '#/components/schemas/Figure'}}}}}
                    text/csv: {schema: {type: string}}
                '400': {$ref: '#/components/responses/Error'}
          /v1/events:
            get:
              summary: Server-Sent Events of finished jobs
              responses:
                '200': {description: 'event: job, data: {"id","kind","queue","state","result"}', content: {text/event-stream: {schema: {type: string}}}}
                '503': {$ref: '#/components/responses/Error'}
          /openapi.yaml:
            get:
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
            Error:
              description: An error.
              content:
                application/json:
                  schema:
                    type: object
                    required: [error]
                    properties:
                      error: {type: object, required: [code, message], properties: {code: {type: string}, message: {type: string}}}
          schemas:
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
              properties: {title: {type: string}, body: {type: string}, url: {type: string}, published_at: {type: string}, author: {type: string}, section: {type: string}}
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
              properties:
                id: {type: integer}
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
                article_id: {type: integer}
                evidence: {type: string}
        """
}
