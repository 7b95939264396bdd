import FoundationEssentials
import Inference

/// The API keys a server accepts in `Authorization: Bearer KEY`.
///
/// Keys are kept and compared as SHA-256 digests, every key every time, with no early exit: how
/// long a check takes does not tell how much of a guess was right, nor its length.
///
/// ```swift
/// let keys = try APIKeySet(contentsOf: "/run/secrets/snakeid-keys")  // one key per line
/// keys.accepts("s3cret")
/// ```
public struct APIKeySet: Sendable {
    private let digests: [[UInt8]]

    /// The number of keys.
    public var count: Int { digests.count }

    /// A set of `keys`; blank ones are dropped.
    /// - Throws: ``APIKeysError`` when no key is left.
    public init(keys: [String], source: String = "the key list") throws(APIKeysError) {
        let cleaned = keys.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !cleaned.isEmpty else { throw APIKeysError(source: source, reason: "holds no key") }
        digests = cleaned.map { SHA256Digest.of(Array($0.utf8)) }
    }

    /// The keys in a file, one per line (blank lines and lines starting with `#` are skipped).
    /// - Throws: ``APIKeysError`` naming the file when it cannot be read or holds no key.
    public init(contentsOf path: String) throws(APIKeysError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw APIKeysError(source: path, reason: "cannot be read (\(describeFailure(error)))")
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") }
        try self.init(keys: lines, source: path)
    }

    /// The keys of `$SNAKEID_API_KEYS` (separated by commas, spaces or newlines), or nil when it
    /// is unset or blank.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(APIKeysError) -> APIKeySet? {
        guard let value = environment[environmentVariable],
            !value.trimmingWhitespace().isEmpty
        else { return nil }
        let keys = value.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        return try APIKeySet(keys: keys, source: "$\(environmentVariable)")
    }

    /// Whether `$SNAKEID_API_KEYS` holds keys (the terminal UI's API status says so), read once:
    /// the status line asks on every redraw.
    public static let environmentHasKeys: Bool = (try? fromEnvironment()) != nil

    /// The environment variable that turns keys on.
    public static let environmentVariable = "SNAKEID_API_KEYS"

    /// Whether `key` is one of the keys, in a time that depends only on the number of keys.
    public func accepts(_ key: String) -> Bool {
        let candidate = SHA256Digest.of(Array(key.utf8))
        var matched: UInt8 = 0
        for digest in digests {
            var difference: UInt8 = 0
            for (a, b) in zip(digest, candidate) { difference |= a ^ b }
            matched |= difference == 0 ? 1 : 0
        }
        return matched == 1
    }
}

/// The API keys could not be read.
public struct APIKeysError: Error, Sendable, CustomStringConvertible {
    /// The file or variable the keys came from.
    public var source: String
    public var reason: String

    public var description: String { "API keys: \(source) \(reason)" }
}
