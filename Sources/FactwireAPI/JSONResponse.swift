import FactwireStore
import Foundation
import Hummingbird

/// Responses whose JSON PostgreSQL already built (`json_agg`, `json_build_object`), or encoded here.
enum JSONResponse {
    static func text(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(ByteBuffer(string: json), status: status)
    }

    /// JSON text already encoded (by PostgreSQL or by a `JSONEncoder`), sent as it is: no `String` in between.
    static func bytes(_ json: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: json))
    }

    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return bytes(ByteBuffer(bytes: try encoder.encode(value)), status: status)
    }

    /// A small typed body (``ResponseBodies``): fields in declaration order, so no key sorting (on Linux
    /// sorting collates with ICU, which cost half the CPU of a small response).
    static func object(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return bytes(ByteBuffer(bytes: data), status: status)
    }
}

/// Query parameters, validated: a bad value is a 400 that names the parameter.
struct QueryParameters {
    let request: Request

    func string(_ name: String, maxLength: Int = 500) throws -> String {
        guard let value = request.uri.queryParameters.get(name) else { return "" }
        guard value.utf8.count <= maxLength else {
            throw APIError.badRequest("'\(name)' is longer than \(maxLength) bytes")
        }
        // PostgreSQL's text can't hold U+0000: sent as a bind it fails the statement ("invalid byte
        // sequence"), which is the client's mistake and no server error.
        guard !value.utf8.contains(0) else {
            throw APIError.badRequest("'\(name)' contains a NUL character (%00), which no stored text can hold")
        }
        return value
    }

    func limit(default value: Int = 50, maximum: Int = 500) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return value }
        guard let n = Int(text), (1...maximum).contains(n) else {
            throw APIError.badRequest("'limit' must be a whole number from 1 to \(maximum)")
        }
        return n
    }

    func id(_ name: String) throws -> Int64 {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return 0 }
        guard let n = Int64(text), n > 0 else {
            throw APIError.badRequest("'\(name)' must be a positive id (the 'next' of the previous page)")
        }
        return n
    }

    func date(_ name: String) throws -> String {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return "" }
        guard CalendarDay.isValid(text) else {
            throw APIError.badRequest("'\(name)' must be a date that exists, as YYYY-MM-DD (got '\(text)')")
        }
        return text
    }

    func oneOf(_ name: String, _ allowed: Set<String>) throws -> String {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return "" }
        guard allowed.contains(text) else {
            throw APIError.badRequest("'\(name)' must be one of \(allowed.sorted().joined(separator: ", "))")
        }
        return text
    }
}

extension Request {
    var parameters: QueryParameters { QueryParameters(request: self) }
}

extension APIContext {
    func pathID(_ name: String = "id") throws -> Int64 {
        guard let text = parameters.get(name), let id = Int64(text), id > 0 else {
            throw APIError.badRequest("'\(name)' must be a positive number")
        }
        return id
    }
}
