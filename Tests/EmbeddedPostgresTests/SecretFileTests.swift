import Foundation
import Testing

@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// Secrets on disk: created private, and refused when they are not.
@Suite("Secret files")
struct SecretFileTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o777
    }

    @Test("the cluster password is created mode 0600; a password file others can read is refused with the fix named")
    func passwordFile() throws {
        let home = NSTemporaryDirectory() + "factwire-secret-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let paths = ClusterPaths(home: home)
        let password = try paths.readOrCreatePassword()
        #expect(password.count == 32)
        #expect(Self.mode(paths.passwordFile) == 0o600)
        #expect(try paths.readOrCreatePassword() == password)
        chmod(paths.passwordFile, 0o644)
        let error = try #require(throws: EmbeddedPostgresError.self) { try paths.readOrCreatePassword() }
        #expect("\(error)".contains("chmod 600"))
    }

    @Test("a secret replaces an existing file and is never readable by others, whatever the umask")
    func replaceUnderWideUmask() throws {
        let path = NSTemporaryDirectory() + "factwire-secret-\(UInt32.random(in: 0...UInt32.max)).pem"
        defer { unlink(path) }
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o644)
        let previous = umask(0)
        defer { umask(previous) }
        try SecretFile.write(Array("new secret".utf8), to: path)
        #expect(Self.mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new secret")
    }
}
