import Hummingbird
import Logging

/// Turns "the database is down" into 503 with a JSON error and `Retry-After`, the router's bare 404 into a
/// JSON one, and any other unexpected error into a JSON 500 (logged with its details, which the client
/// never sees).
struct DatabaseErrorMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let gate: DatabaseGate

    /// Routes that answer without PostgreSQL (or report its absence themselves).
    static let exempt: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml"]

    static let unavailable = APIError(
        .serviceUnavailable, code: "database_unavailable",
        message: "PostgreSQL is unreachable; nothing was changed. Retry in a few seconds."
    )

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response)
        async throws -> Response
    {
        let exempt = Self.exempt.contains(request.uri.path)
        if !exempt && !gate.isUp { throw Self.unavailable }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // The router's own 404 (no route) has an empty body; every error answers JSON.
            throw APIError.notFound(
                "no route for \(request.method) \(request.uri.path); the API is described at /openapi.yaml")
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            if DatabaseGate.isUnavailable(error) {
                gate.markDown(error)
                throw Self.unavailable
            }
            if error is CancellationError { throw error }
            context.logger.error(
                "request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            throw APIError(
                .internalServerError, code: "internal",
                message: "the request failed on the server; the log has the details")
        }
    }
}
