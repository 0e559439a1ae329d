import HTTPTypes
import Hummingbird

/// Refuses state-changing requests that a browser makes on behalf of another site (cross-site request
/// forgery). With mutual TLS a browser presents the operator's certificate to this server whichever
/// page asked it to, so a form on another site could otherwise retry or discard jobs as the operator.
///
/// Browsers mark such requests (`Sec-Fetch-Site: cross-site`, an `Origin` that is not this server);
/// command-line clients send neither and pass.
struct OriginGuard: RouterMiddleware {
    typealias Context = APIContext

    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let origin = HTTPField.Name("Origin")!

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response)
        async throws -> Response
    {
        if ![.get, .head, .options].contains(request.method) {
            switch request.headers[Self.secFetchSite]?.lowercased() {
            case "same-origin", "none":
                // The browser vouches for it: this server's own page (behind a proxy that rewrites Host, the
                // Origin check below would refuse it wrongly).
                break
            case "cross-site", "same-site":
                throw Self.refusal
            default:
                // No Sec-Fetch-Site (an older browser, or not a browser): an Origin, if sent, must be this server.
                if let origin = request.headers[Self.origin] {
                    guard let authority = request.head.authority,
                        origin.lowercased() == "https://\(authority.lowercased())"
                    else { throw Self.refusal }
                }
            }
        }
        return try await next(request, context)
    }

    static let refusal = APIError(
        .forbidden, code: "cross_origin",
        message: "requests that change state must come from this server's own pages or from a non-browser client")
}
