extension DocumentSubmitter {
    /// What became of the files given to ``submit(files:batch:forcedType:onProgress:)``.
    public struct FilesReport: Sendable {
        /// The documents queued now, in the order of the files.
        public var queued: [Int64] = []
        /// The file (and, for NDJSON, the line) each queued document came from.
        public var names: [Int64: String] = [:]
        /// Documents whose bytes were stored already: skipped, nothing queued.
        public var duplicates = 0
        /// Files that could not be read, with the reason.
        public var unreadable: [(name: String, reason: String)] = []
    }

    /// Stores the documents of `files` and queues their ingestion, `batch` documents per transaction.
    /// A file that cannot be read is reported and skipped; the others go on. `onProgress` gets the
    /// number of files done after each batch (and after each unreadable file).
    public func submit(
        files: [DocumentFile], batch: Int, forcedType: String?, onProgress: (_ filesDone: Int) -> Void
    ) async throws -> FilesReport {
        var report = FilesReport()
        var pending: [Submission] = []
        var pendingNames: [String] = []
        var pendingFiles = 0
        var filesDone = 0
        func flush() async throws {
            guard !pending.isEmpty else { return }
            for (result, name) in zip(try await submit(pending), pendingNames) {
                switch result {
                case .queued(let document, _):
                    report.queued.append(document)
                    report.names[document] = name
                case .duplicate: report.duplicates += 1
                }
            }
            filesDone += pendingFiles
            onProgress(filesDone)
            pending.removeAll(keepingCapacity: true)
            pendingNames.removeAll(keepingCapacity: true)
            pendingFiles = 0
        }
        for file in files {
            do {
                let submissions = try file.submissions(forcedType: forcedType)
                pending += submissions
                pendingNames +=
                    submissions.count == 1
                    ? [file.name] : submissions.indices.map { "\(file.name) (document \($0 + 1))" }
                pendingFiles += 1
            } catch {
                report.unreadable.append((file.name, error.message))
                filesDone += 1
                onProgress(filesDone)
            }
            if pending.count >= batch { try await flush() }
        }
        try await flush()
        return report
    }
}
