import Foundation
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// The memory one request may cost, measured on `snakeid serve` itself (its peak resident set
/// from /proc): the README and docs/deploy.md state these bounds.
@Suite(
    .enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"),
    .disabled(
        if: Sanitizer.active != nil,
        "a sanitizer's shadow memory and quarantine count in the resident set this bound is about (make test checks it)"
    ))
struct MemoryBoundTests {
    /// What one decode may add to the server's peak: the README's per-request bound.
    static let perRequestBound = 150 << 20

    @Test func pngChunkBombsAndHundredMegapixelImagesStayUnderTheBound() async throws {
        let binary = try #require(ServeProcess.binary, "build the snakeid executable first (swift build)")
        let serve = try await offThePool {
            try ServeProcess.start(binary, arguments: ["serve", "--port", "0", "--model", TestPaths.defaultModel])
        }
        defer { kill(serve.process.processIdentifier, SIGKILL) }
        let port = try #require(serve.port, "no serving line; stderr: \(serve.standardError)")
        let pid = serve.process.processIdentifier
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let warm = try await client.post(
                "/v1/classify", body: ByteBuffer(bytes: try ServerFixture.photo(ServerFixture.cobra)))
            #expect(warm.status == .ok)
            let baseline = try Self.peakResidentBytes(of: pid)

            // 45-byte PNGs declaring 2 GiB text chunks, four at once: each took 2 GB before.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chunk in ["tEXt", "zTXt", "iTXt", "sPLT"] {
                    group.addTask {
                        let bomb =
                            PNGBytes.signature + PNGBytes.chunk("IHDR", PNGBytes.header(width: 1, height: 1))
                            + PNGBytes.be32(0x7FFF_FFFF) + Array(chunk.utf8) + [0, 0, 0, 0]
                        let response = try await client.post("/v1/classify", body: ByteBuffer(bytes: bomb))
                        #expect(response.status == .unprocessableContent, "\(chunk): \(response.text)")
                    }
                }
                try await group.waitForAll()
            }
            let afterBombs = try Self.peakResidentBytes(of: pid)
            #expect(afterBombs <= 300 << 20, "peak \(afterBombs >> 20) MB after the PNG bombs")
            #expect(afterBombs - baseline < 20 << 20, "the bombs added \((afterBombs - baseline) >> 20) MB")

            // A 100-megapixel PNG and JPEG (the pixel cap), one after the other.
            let grey = [UInt8](repeating: 128, count: 10_000 * 10_000)
            let png = try SyntheticImages.png(pixels: grey, width: 10_000, height: 10_000, channels: 1)
            let rgb = [UInt8](repeating: 128, count: 10_000 * 10_000 * 3)
            let jpeg = try SyntheticImages.jpeg(pixels: rgb, width: 10_000, height: 10_000, quality: 50)
            for (name, bytes) in [("png", png), ("jpeg", jpeg)] {
                let response = try await client.post("/v1/classify", body: ByteBuffer(bytes: bytes))
                #expect(response.status == .ok, "\(name): \(response.text)")
            }
            let afterLarge = try Self.peakResidentBytes(of: pid)
            #expect(
                afterLarge - baseline < Self.perRequestBound,
                "100 MP images added \((afterLarge - baseline) >> 20) MB to the \(baseline >> 20) MB peak")
        }
    }

    /// VmHWM of a process, in bytes.
    static func peakResidentBytes(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        let kilobytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        return kilobytes * 1024
    }
}
