import Foundation
import Inference
import TestSupport
import Testing

/// `snakeid serve` sizes its lanes by the cores the process may use, not by the CPUs online.
@Suite struct ServeCoresTests {
    static let taskset = "/usr/bin/taskset"

    @Test("under taskset -c 0 the server runs one lane; without it, one per allowed core")
    func lanesFollowTheAffinityMask() async throws {
        let binary = try #require(ServeProcess.binary, "build the snakeid executable first (swift build)")
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.taskset), "taskset (util-linux) is not installed")
        let pinned = try await offThePool {
            try ServeProcess.start(
                Self.taskset, arguments: ["-c", "0", binary, "serve", "--port", "0", "--model", TestPaths.defaultModel])
        }
        defer { kill(pinned.process.processIdentifier, SIGKILL) }
        #expect(Self.lanes(in: pinned.banner) == 1, "banner: \(pinned.banner)")

        let free = try await offThePool {
            try ServeProcess.start(binary, arguments: ["serve", "--port", "0", "--model", TestPaths.defaultModel])
        }
        defer { kill(free.process.processIdentifier, SIGKILL) }
        #expect(Self.lanes(in: free.banner) == AvailableCores.count, "banner: \(free.banner)")
    }

    /// N of "N lane(s)" in the serving line.
    static func lanes(in banner: String) -> Int? {
        guard let range = banner.range(of: " lane(s)") else { return nil }
        return Int(String(banner[..<range.lowerBound].reversed().prefix { $0.isNumber }.reversed()))
    }
}
