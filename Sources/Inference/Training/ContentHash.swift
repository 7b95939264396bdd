import CDigest

/// SHA-256 in lowercase hex: the feature cache's keys (photo contents, backbone files).
enum ContentHash {
    static func of(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = bytes.withUnsafeBytes { buffer in snk_sha256(buffer.baseAddress, buffer.count, &digest) }
        return hex(digest)
    }

    /// The file's digest, or nil when it cannot be read.
    static func ofFile(_ path: String) -> String? {
        var digest = [UInt8](repeating: 0, count: 32)
        return snk_sha256_file(path, &digest) == 0 ? hex(digest) : nil
    }

    private static func hex(_ digest: [UInt8]) -> String {
        digest.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
