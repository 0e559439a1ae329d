import AsyncHTTPClient
import FactwireCore
public import FactwireIngest
public import FactwireQueue
import Foundation
import NIOCore
import NIOSSL

/// A typed HTTPS client of the query worker's API, with a client certificate (mutual TLS) or a bearer
/// token: what `factwire ingest --server` uses on machines that may reach the API but not PostgreSQL.
///
/// Written by hand against the OpenAPI document (`factwire openapi`); its request and response types are
/// the server's own (``JobSnapshot/Document``, the submit and error bodies), so a renamed field fails
/// to decode in the tests that run it against a real server.
public struct FactwireClient: Sendable {
    public struct Configuration: Sendable {
        /// The API's base URL, `https://host:port`.
        public var server: String
        /// A CA to trust besides the system's (PEM).
        public var caFile: String?
        /// A client certificate and its key (PEM), for mutual TLS.
        public var certificateFile: String?
        public var keyFile: String?
        /// A bearer token (`factwire tokens create`), instead of a certificate.
        public var token: String?

        public init(
            server: String, caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil,
            token: String? = nil
        ) {
            self.server = server
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.token = token
        }
    }

    /// What became of a submitted document.
    public enum Submission: Sendable, Equatable {
        case queued(document: Int64, job: Int64)
        case duplicate(document: Int64)
        /// The server refused this document (4xx other than 401/403), with its reason.
        case refused(String)
    }

    /// Jobs followed to their end.
    public struct Followed: Sendable {
        public var completed = 0
        /// The last error of each job that was discarded or cancelled.
        public var failures: [String] = []
        /// The facts the completed jobs reported.
        public var facts = 0
    }

    let configuration: Configuration
    let http: HTTPClient

    /// Opens the client (no connection yet); call ``shutdown()`` when done.
    public init(configuration: Configuration) throws {
        self.configuration = configuration
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = configuration.caFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        if let certificateFile = configuration.certificateFile, let keyFile = configuration.keyFile {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
        }
        var http = HTTPClient.Configuration(tlsConfiguration: tls)
        http.timeout = .init(connect: .seconds(10), read: .seconds(120))
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
    }

    public func shutdown() async throws { try await http.shutdown() }

    func request(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(
            url: configuration.server.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path)
        if let token = configuration.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    /// `POST /v1/documents`: one document. A 4xx is a refusal of that document; 401/403, 5xx and
    /// transport failures throw.
    public func submit(_ content: [UInt8], mediaType: String) async throws -> Submission {
        var request = request("/v1/documents")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: mediaType)
        request.body = .bytes(ByteBuffer(bytes: content))
        let response = try await http.execute(request, timeout: .seconds(120))
        let body = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        let code = Int(response.status.code)
        switch code {
        case 200, 202:
            guard let submitted = try? JSONDecoder().decode(Submitted.self, from: body) else {
                throw FactwireClientError("the server's answer to a submission was not the documented JSON")
            }
            if let job = submitted.jobID, code == 202 { return .queued(document: submitted.documentID, job: job) }
            return .duplicate(document: submitted.documentID)
        case 400..<500:
            let message = (try? JSONDecoder().decode(ErrorBody.self, from: body))?.error.message ?? "HTTP \(code)"
            if code == 401 || code == 403 { throw FactwireClientError("the server refused us: \(message)") }
            return .refused(message)
        default:
            throw FactwireClientError("the server answered HTTP \(code)")
        }
    }

    /// `GET /v1/jobs/{id}`; nil when the server does not know the job.
    public func job(_ id: Int64) async throws -> JobSnapshot.Document? {
        let response = try await http.execute(request("/v1/jobs/\(id)"), timeout: .seconds(30))
        let body = Data(buffer: try await response.body.collect(upTo: 1 << 22))
        guard response.status.code == 200 else {
            if response.status.code == 404 { return nil }
            throw FactwireClientError("the server answered HTTP \(response.status.code) for job \(id)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(JobSnapshot.Document.self, from: body)
        } catch {
            throw FactwireClientError("job \(id) came back in a form this client does not read: \(error)")
        }
    }

    /// Polls `jobs` until each is final or `timeout` runs out.
    public func follow(_ jobs: [Int64], timeout: Duration) async throws -> Followed {
        var pending = Set(jobs)
        var outcome = Followed()
        let deadline = ContinuousClock.now + timeout
        while !pending.isEmpty, ContinuousClock.now < deadline {
            for id in pending.sorted().prefix(200) {
                guard let job = try await job(id) else { continue }
                switch job.state {
                case "completed":
                    outcome.completed += 1
                    outcome.facts += Int(job.result?["facts"]?.integer ?? 0)
                    pending.remove(id)
                case "discarded", "cancelled":
                    outcome.failures.append(job.errors?.array?.last?["error"]?.string ?? "job \(id) \(job.state)")
                    pending.remove(id)
                default: break
                }
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(250)) }
        }
        return outcome
    }

    /// The submit answer (`{"document_id", "job_id"?, "duplicate"?}`).
    struct Submitted: Decodable {
        var documentID: Int64
        var jobID: Int64?

        enum CodingKeys: String, CodingKey {
            case documentID = "document_id"
            case jobID = "job_id"
        }
    }

    /// `{"error": {"code", "message"}}`.
    struct ErrorBody: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }
}

/// Why the client could not do what was asked; the message says what to check.
public struct FactwireClientError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension FactwireClient {
    /// What became of the files given to ``submit(files:forcedType:onProgress:)``.
    public struct FilesReport: Sendable {
        /// The ingest jobs of the documents queued now.
        public var jobs: [Int64] = []
        /// Documents whose bytes the server had stored already.
        public var duplicates = 0
        /// Files the server refused, or that could not be read, with the reason.
        public var refused: [(name: String, reason: String)] = []
    }

    /// Submits the documents of `files` one by one. A refused document or unreadable file is reported and
    /// skipped; 401/403, 5xx and transport failures throw. `onProgress` gets the number of files done.
    public func submit(
        files: [DocumentFile], forcedType: String?, onProgress: (_ filesDone: Int) -> Void
    ) async throws -> FilesReport {
        var report = FilesReport()
        for (index, file) in files.enumerated() {
            do {
                for submission in try file.submissions(forcedType: forcedType) {
                    switch try await submit(submission.content, mediaType: submission.mediaType) {
                    case .queued(_, let job): report.jobs.append(job)
                    case .duplicate: report.duplicates += 1
                    case .refused(let reason): report.refused.append((file.name, reason))
                    }
                }
            } catch let error as DocumentFileError {
                report.refused.append((file.name, error.message))
            }
            onProgress(index + 1)
        }
        return report
    }
}
