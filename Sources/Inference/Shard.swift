/// One of N shards of a set of inputs, assigned by a stable hash of each input's key, so that
/// every machine given the same inputs agrees on which shard holds which input.
///
/// The key of a file found in a folder is its path relative to that folder (`nested/a.jpg`
/// for `/photos/nested/a.jpg` under `/photos`), so machines that mount the folder at different
/// places still agree; a file or URL given directly is keyed by the argument itself. An input
/// belongs to shard `fnv1a64(UTF-8 bytes of its key) % count`: the 64-bit FNV-1a hash (offset
/// basis 0xcbf29ce484222325, prime 0x100000001b3), which any language can reproduce.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// Which shard, from 0 (a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`).
    public let index: Int
    /// How many shards there are, at least 1.
    public let count: Int

    /// The whole set: one shard of one.
    public static let all = Shard(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Shard `index` of `count`, or nil unless `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses `K/N` (e.g. `0/4`); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether the input with `key` belongs to this shard.
    public func contains(key: String) -> Bool {
        count == 1 || Int(Self.hash(key) % UInt64(count)) == index
    }

    /// The 64-bit FNV-1a hash of `key`'s UTF-8 bytes.
    public static func hash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
