public import FactwireAPI
public import FactwireRuntime

extension CertificateError: ExitStatusProviding {
    public var exitStatus: ExitStatus { .failure }
    public var exitMessage: String { message }
}
