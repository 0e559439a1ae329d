import AsyncHTTPClient
package import Foundation
package import HTTPTypes
import NIOHTTP2
package import OpenAPIRuntime

/// Sends a request again when the server closed an idle connection under it.
///
/// The server closes a connection that stayed idle past its idle timeout with a GOAWAY. A request the
/// client starts on that connection at that moment fails: as `REFUSED_STREAM`, which RFC 9113 (§8.7) defines
/// as "not processed"; or, from AsyncHTTPClient, as `cancelled` although no task was cancelled; or, when the
/// close overtakes AsyncHTTPClient's reading of the GOAWAY, as `remoteConnectionClosed`. Measured against
/// the API with a 300 ms idle timeout and requests 290–310 ms apart: 18 of 300 failed so with
/// AsyncHTTPClient alone. The first two were never processed, and the API's writes are idempotent (a
/// document is known by its bytes), so any request goes again. A closed connection can also end a request
/// the server did process, so that one goes again only for the methods RFC 9110 (§9.2.2) calls idempotent,
/// as browsers do. A body that can be read only once is not sent twice; a cancelled task stays cancelled.
package struct UnprocessedRequestRetry: ClientMiddleware {
    /// Attempts in all, the first included.
    package var attempts = 3

    package init(attempts: Int = 3) { self.attempts = attempts }

    package func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var attempt = 1
        while true {
            do {
                return try await next(request, body, baseURL)
            } catch
                where attempt < attempts && body?.iterationBehavior != .single
                && (Self.wasNotProcessed(error) || Self.isIdempotent(request.method) && Self.wasClosed(error))
            {
                attempt += 1
            }
        }
    }

    /// GET, HEAD, OPTIONS, TRACE, PUT and DELETE: sending one twice has the effect of sending it once.
    package static func isIdempotent(_ method: HTTPRequest.Method) -> Bool {
        [.get, .head, .options, .trace, .put, .delete].contains(method)
    }

    /// Whether the connection closed under the request, whether or not the server had processed it.
    package static func wasClosed(_ error: any Error) -> Bool {
        ((error as? ClientError)?.underlyingError ?? error) as? HTTPClientError == .remoteConnectionClosed
    }

    /// Whether `error` (as the transport threw it, or wrapped by the OpenAPI runtime) says the server never
    /// processed the request: a refused stream, or a cancellation no task asked for.
    package static func wasNotProcessed(_ error: any Error) -> Bool {
        let underlying = (error as? ClientError)?.underlyingError ?? error
        if (underlying as? NIOHTTP2Errors.StreamClosed)?.errorCode == .refusedStream { return true }
        return (underlying as? HTTPClientError) == .cancelled && !Task.isCancelled
    }
}
