import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// `snakeid serve` as a child process with two models and API keys: `/v1/models` lists both,
/// `SIGHUP` reloads them without stopping the server, SIGTERM still exits 0.
@Suite(.enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"))
struct ServeReloadTests {
    @Test func anUnreadableKeysFileIsOneClearLineAndExit1() throws {
        let binary = try #require(ServeProcess.binary, "build the snakeid executable first (swift build)")
        let result = try ProcessRunner.run(
            binary, ["serve", "--port", "0", "--api-keys-file", "/nonexistent/snakeid-keys"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.standardError.contains("/nonexistent/snakeid-keys"), "\(result.standardError)")
        let noKeys = try ProcessRunner.run(binary, ["serve", "--port", "0", "--protect-probes"], timeout: 60)
        #expect(noKeys.status != 0)
        #expect(noKeys.standardError.contains("--protect-probes needs API keys"), "\(noKeys.standardError)")
    }

    @Test func sighupReloadsEveryModel() async throws {
        let binary = try #require(ServeProcess.binary, "build the snakeid executable first (swift build)")
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-keys-\(UUID().uuidString)")
        try "# test\nsighup-key\n".write(to: keys, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: keys) }
        let serve = try await offThePool {
            try ServeProcess.start(
                binary,
                arguments: [
                    "serve", "--port", "0", "--threads", "2", "--model", "main=\(TestPaths.defaultModel)",
                    "--model", "spare=\(TestPaths.defaultModel)", "--api-keys-file", keys.path,
                ])
        }
        defer { serve.process.terminate() }
        let port = try #require(serve.port, "no serving line; stderr: \(serve.standardError)")
        let authorized: HTTPFields = [.authorization: "Bearer sighup-key"]
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            #expect(try await client.get("/v1/models").status == .unauthorized)
            let list = try await client.get("/v1/models", headers: authorized).json
            let models = try #require(list["models"] as? [[String: Any]])
            #expect(models.map { $0["name"] as? String } == ["main", "spare"])
            #expect(models.allSatisfy { $0["generation"] as? Int == 1 })
            // Two models on two threads: one lane of one thread each.
            #expect(models.allSatisfy { ($0["runtime"] as? [String: Any])?["lanes"] as? Int == 1 })
            kill(serve.process.processIdentifier, SIGHUP)
            let deadline = ContinuousClock.now + .seconds(60)
            var generations: [Int] = []
            while ContinuousClock.now < deadline {
                let list = try await client.get("/v1/models", headers: authorized).json
                generations = (list["models"] as? [[String: Any]])?.compactMap { $0["generation"] as? Int } ?? []
                if generations == [2, 2] { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(generations == [2, 2], "stderr: \(serve.standardError.suffix(600))")
            #expect(try await client.get("/healthz").status == .ok)
        }
        kill(serve.process.processIdentifier, SIGTERM)
        #expect(await serve.exitStatus() == 0)
    }
}
