import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// `factwire ingest --server URL`: the same ingestion through a query worker's HTTPS API instead of
/// a database connection (for machines that may reach the API but not PostgreSQL).
struct RemoteIngest {
    let server: String
    let caFile: String?
    let certificateFile: String?
    let keyFile: String?
    let token: String?

    func client() throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile)) }
        if let certificateFile, let keyFile {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    enum Outcome {
        case queued(job: Int64)
        case duplicate
        case refused(String)
    }

    /// POSTs one document; a 4xx is a refusal of that document, other failures throw.
    func submit(_ submission: (content: [UInt8], mediaType: String), with client: HTTPClient) async throws -> Outcome {
        var request = HTTPClientRequest(
            url: server.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/v1/documents")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: submission.mediaType)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: submission.content))
        let response = try await client.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
        switch response.status.code {
        case 202: return .queued(job: (json?["job_id"] as? NSNumber)?.int64Value ?? 0)
        case 200: return .duplicate
        case 400..<500:
            let message = ((json?["error"] as? [String: Any])?["message"] as? String) ?? "HTTP \(response.status.code)"
            if response.status.code == 401 || response.status.code == 403 {
                throw RemoteIngestError(message: "the server refused us: \(message)")
            }
            return .refused(message)
        default:
            throw RemoteIngestError(message: "the server answered HTTP \(response.status.code)")
        }
    }

    /// Follows the jobs until each is final; returns (completed, failed with reasons, facts).
    func follow(_ jobs: [Int64], with client: HTTPClient, timeout: Double) async throws -> (Int, [String], Int) {
        var pending = Set(jobs)
        var completed = 0
        var failures: [String] = []
        var facts = 0
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while !pending.isEmpty, ContinuousClock.now < deadline {
            for job in pending.sorted().prefix(200) {
                var request = HTTPClientRequest(
                    url: server.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/v1/jobs/\(job)")
                if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 20)
                guard let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] else {
                    continue
                }
                switch json["state"] as? String {
                case "completed":
                    completed += 1
                    facts += ((json["result"] as? [String: Any])?["facts"] as? NSNumber)?.intValue ?? 0
                    pending.remove(job)
                case "discarded", "cancelled":
                    let errors = json["errors"] as? [[String: Any]]
                    failures.append(
                        (errors?.last?["error"] as? String) ?? "job \(job) \(json["state"] as? String ?? "")")
                    pending.remove(job)
                default: break
                }
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(250)) }
        }
        return (completed, failures, facts)
    }
}

struct RemoteIngestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
