/// FactwireAPI: the query worker's HTTPS API (Hummingbird with TLS and optional mutual TLS).
///
/// Filled by the query-worker issue; until then this module only fixes the dependency graph of
/// DESIGN.md ("Parts"): it may use the queue and the store, never the other way round.
enum FactwireAPI {}
