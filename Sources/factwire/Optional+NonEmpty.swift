extension Optional where Wrapped == String {
    /// nil for an empty string: an environment variable set to "" counts as unset.
    var nonEmpty: String? { self.flatMap { $0.isEmpty ? nil : $0 } }
}
