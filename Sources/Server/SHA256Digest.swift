import CDigest

/// SHA-256 digests (OpenSSL's libcrypto): the weights hash `/v1/model` reports, and the form in
/// which API keys are compared.
enum SHA256Digest {
    /// The digest of `bytes`.
    static func of(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let input = Array(bytes)
        _ = input.withUnsafeBytes { buffer in snk_sha256(buffer.baseAddress, buffer.count, &digest) }
        return digest
    }

    /// The lowercase hex digest of the file at `path`, as `sha256sum` prints it.
    /// - Throws: ``WeightsHashError`` naming the file when it cannot be read.
    static func hexOfFile(at path: String) throws(WeightsHashError) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let status = snk_sha256_file(path, &digest)
        guard status == 0 else { throw WeightsHashError(path: path, code: status) }
        return hex(digest)
    }

    static func hex(_ digest: [UInt8]) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// The weights file could not be hashed.
struct WeightsHashError: Error, CustomStringConvertible {
    var path: String
    /// The `errno` of the failed open or read, or -1.
    var code: Int32

    var description: String { "cannot hash \(path) (error \(code))" }
}
