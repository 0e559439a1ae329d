public import Hummingbird
public import NIOCore

/// The request context: the connection's channel (to read the client certificate) and the caller's role.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection, for the TLS peer certificate.
    public let channel: any Channel
    /// The caller's role, set by ``AccessMiddleware``.
    public var role: Role?
    /// Who the caller is: the certificate's common name or the token's label.
    public var principal: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Request bodies above this are refused with 413 before anything is stored.
    public var maxUploadSize: Int { 5 * 1024 * 1024 }
}
