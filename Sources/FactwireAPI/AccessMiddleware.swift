import Crypto
public import Foundation
public import Hummingbird
public import Logging
import NIOCore
import NIOSSL
public import PostgresNIO

/// Finds out who the caller is and which role they have.
///
/// With mutual TLS the handshake has already refused clients without a certificate from the client CA;
/// here the certificate's common name maps to a role: through ``roles`` when mappings are given (then
/// only mapped names have roles), else the role of the same name (CN "read" → read). A certificate with
/// several common names has no role. Without mutual TLS, an `Authorization: Bearer TOKEN` header is looked up
/// by its SHA-256 in `factwire.api_tokens` (tokens are stored only as hashes). Routes then check the
/// role with ``APIContext/require(_:)``; `/healthz`, `/readyz` and `/metrics` need none.
public struct AccessMiddleware: RouterMiddleware {
    public typealias Context = APIContext

    let mutualTLS: Bool
    let roles: [String: Role]
    let tokens: APITokens

    public func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if mutualTLS {
            if let certificate = try? await context.channel.peerCertificate() {
                let names = certificate.subjectName.filter { $0.type == .commonName }.map(\.value)
                if names.count == 1, let name = names.first {
                    context.principal = name
                    // With mappings, only the mapped names have roles: a stray certificate whose CN happens
                    // to be "admin" must not become an administrator.
                    context.role = roles.isEmpty ? Role(rawValue: name) : roles[name]
                } else if names.count > 1 {
                    // Which of several names would be the role is ambiguous: none is.
                    context.principal = names.joined(separator: "+")
                }
            }
        } else if let token = request.headers.bearerToken {
            if let found = try await tokens.lookup(String(token), logger: context.logger) {
                context.role = found.role
                context.principal = found.label
            }
        }
        return try await next(request, context)
    }
}

extension APIContext {
    /// Throws 401 when the caller is unknown, 403 when their role does not allow `role`.
    func require(_ role: Role) throws {
        guard let mine = self.role else {
            throw principal == nil ? APIError.unauthenticated : APIError.forbidden(nil, needs: role)
        }
        guard mine.allows(role) else { throw APIError.forbidden(mine, needs: role) }
    }
}

extension Channel {
    /// The TLS peer certificate. HTTP/1: the TLS handler is on this channel; HTTP/2: this is a stream
    /// channel and the handler is on its parent.
    func peerCertificate() async throws -> NIOSSLCertificate? {
        do {
            return try await nioSSL_peerCertificate().get()
        } catch is ChannelPipelineError {
            guard let parent else { throw ChannelPipelineError.notFound }
            return try await parent.nioSSL_peerCertificate().get()
        }
    }
}

/// API tokens for clients without certificates: created once, stored as SHA-256 hashes.
public struct APITokens: Sendable {
    let client: PostgresClient
    let cache: TokenCache?

    /// `cache`: the query worker's cache of tokens found (nil: every lookup asks the database).
    public init(client: PostgresClient, cache: TokenCache? = nil) {
        self.client = client
        self.cache = cache
    }

    /// Creates a token for `role`; the token itself is returned once and never stored.
    public func create(role: Role, label: String, logger: Logger) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let token = "fw_" + bytes.map { String(format: "%02x", $0) }.joined()
        let hash = Self.hash(token)
        _ = try await client.query(
            "INSERT INTO factwire.api_tokens (token_sha256, role, label) VALUES (decode(\(hash), 'hex'), \(role.rawValue), \(label))",
            logger: logger
        )
        return token
    }

    func lookup(_ token: String, logger: Logger) async throws -> (role: Role, label: String)? {
        guard token.hasPrefix("fw_"), token.utf8.count == 67 else { return nil }
        let hash = Self.hash(token)
        if let cached = cache?.get(hash) { return cached }
        let generation = cache?.generation ?? 0
        // One round trip: the lookup, and `last_used_at` refreshed at most once a minute (not a write per request).
        let rows = try await client.query(
            """
            WITH t AS (
                SELECT id, role, label, last_used_at FROM factwire.api_tokens
                WHERE token_sha256 = decode(\(hash), 'hex') AND revoked_at IS NULL
            ), touched AS (
                UPDATE factwire.api_tokens a SET last_used_at = now() FROM t
                WHERE a.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
            )
            SELECT role, label FROM t
            """,
            logger: logger
        )
        for try await (role, label) in rows.decode((String, String).self) {
            if let role = Role(rawValue: role) {
                cache?.put(hash, role: role, label: label, generation: generation)
                return (role, label)
            }
        }
        return nil
    }

    /// A token as `tokens list` shows it (never the token itself: only its hash is stored).
    public struct Listed: Sendable, Encodable {
        public var id: Int64
        public var role: String
        public var label: String
        public var createdAt: Date
        public var lastUsedAt: Date?
        public var revokedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, role, label
            case createdAt = "created_at"
            case lastUsedAt = "last_used_at"
            case revokedAt = "revoked_at"
        }
    }

    /// Every token, newest first, revoked ones included.
    public func list(logger: Logger) async throws -> [Listed] {
        let rows = try await client.query(
            "SELECT id, role, label, created_at, last_used_at, revoked_at FROM factwire.api_tokens ORDER BY id DESC",
            logger: logger
        )
        var result: [Listed] = []
        for try await row in rows.decode((Int64, String, String, Date, Date?, Date?).self) {
            result.append(
                Listed(id: row.0, role: row.1, label: row.2, createdAt: row.3, lastUsedAt: row.4, revokedAt: row.5))
        }
        return result
    }

    /// Revokes token `id`, and tells the query workers to forget the tokens they cached (``TokenCache``);
    /// false when there is no such token or it was revoked already.
    public func revoke(id: Int64, logger: Logger) async throws -> Bool {
        cache?.removeAll()
        let rows = try await client.query(
            """
            WITH revoked AS (
                UPDATE factwire.api_tokens SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING id
            )
            SELECT id FROM revoked, pg_notify('factwire_events', \(TokenCache.revokedPayload))
            """,
            logger: logger
        )
        for try await _ in rows.decode(Int64.self) { return true }
        return false
    }

    static func hash(_ token: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
