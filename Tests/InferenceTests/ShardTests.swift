import Foundation
import Testing

@testable import Inference

/// `--shard K/N`: a stable, documented assignment that every machine can reproduce.
@Suite("Shard")
struct ShardTests {
    @Test("K/N parses for 0 <= K < N and nothing else")
    func parsing() {
        #expect(Shard(parsing: "0/1") == Shard.all)
        #expect(Shard(parsing: "3/4")?.index == 3)
        #expect(Shard(parsing: "3/4")?.count == 4)
        for bad in ["4/4", "-1/4", "1/0", "1", "1/2/3", "a/b", "", "/2", "1/"] {
            #expect(Shard(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("the hash is FNV-1a 64 (published test vectors), so other tools can reproduce it")
    func fnv1a() {
        #expect(Shard.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(Shard.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(Shard.hash("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("every key is in exactly one of N shards, and the shards are roughly even")
    func partition() throws {
        let keys = (0..<3000).map { "camera-\($0 % 7)/2026/photo-\($0).jpg" }
        for count in [1, 2, 3, 7] {
            let shards = (0..<count).map { try! #require(Shard(index: $0, count: count)) }
            var sizes = [Int](repeating: 0, count: count)
            for key in keys {
                let owners = shards.filter { $0.contains(key: key) }
                #expect(owners.count == 1, "\(key) in \(owners.count) shards of \(count)")
                if let owner = owners.first { sizes[owner.index] += 1 }
            }
            #expect(sizes.reduce(0, +) == keys.count)
            // A loose bound: a broken hash (all in one shard) fails it, chance never does.
            #expect(sizes.allSatisfy { $0 > keys.count / count / 2 }, "\(sizes)")
        }
    }
}
