import Foundation
public import Hummingbird

/// An error answered as `{"error": {"code", "message"}}` with its HTTP status: never SQL text or a stack trace.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? JSONEncoder().encode(ErrorBody(error: .init(code: code, message: message)))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if status == .serviceUnavailable { headers[.retryAfter] = "2" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(.badRequest, code: "bad_request", message: message)
    }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message: message) }
    static let unauthenticated = APIError(
        .unauthorized, code: "unauthenticated",
        message: "present a client certificate signed by the configured CA, or an 'Authorization: Bearer TOKEN' header")
    static func forbidden(_ role: Role?, needs: Role) -> APIError {
        APIError(
            .forbidden, code: "forbidden",
            message: "this needs the '\(needs.rawValue)' role; you have \(role.map { "'\($0.rawValue)'" } ?? "none")")
    }
}
