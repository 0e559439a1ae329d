/// FactwireIngest: the ingest worker's `ingest` job handler (document → extract → store, completed in
/// the same transaction as its writes).
///
/// Filled by the ingest-worker issue; this module joins the queue, the store and the extractor.
enum FactwireIngest {}
