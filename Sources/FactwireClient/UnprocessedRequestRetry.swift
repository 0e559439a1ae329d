import AsyncHTTPClient
package import Foundation
package import HTTPTypes
import NIOHTTP2
package import OpenAPIRuntime

/// Sends a request again when the server refused its HTTP/2 stream, or closed the idle connection under it.
///
/// The server closes a connection that stayed idle past its idle timeout with a GOAWAY. A request the
/// client starts on that connection at that moment comes back as `REFUSED_STREAM`, which RFC 9113 (§8.7)
/// defines as "not processed", or, from AsyncHTTPClient, as `cancelled` although no task was cancelled.
/// Measured against the API with a 300 ms idle timeout and requests 290–310 ms apart: 18 of 300 failed so.
/// Neither was processed, and the API's writes are idempotent (a document is known by its bytes), so the
/// request goes again, on a new connection. Without this, a client that paused between two requests (a
/// script between files, a reader while a `?wait` submission ran) fails one at random. A body that can be
/// read only once is not sent twice; a task that was cancelled stays cancelled.
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
            } catch  where attempt < attempts && Self.wasNotProcessed(error) && body?.iterationBehavior != .single {
                attempt += 1
            }
        }
    }

    /// Whether `error` (as the transport threw it, or wrapped by the OpenAPI runtime) says the server never
    /// processed the request: a refused stream, or a cancellation no task asked for.
    package static func wasNotProcessed(_ error: any Error) -> Bool {
        let underlying = (error as? ClientError)?.underlyingError ?? error
        if (underlying as? NIOHTTP2Errors.StreamClosed)?.errorCode == .refusedStream { return true }
        return (underlying as? HTTPClientError) == .cancelled && !Task.isCancelled
    }
}
