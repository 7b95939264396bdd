import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import Server

/// Reloading a model without downtime: `POST /v1/model/reload` (and `SIGHUP`, see
/// `ServeProcessReloadTests`) switch to a freshly loaded model; a failed load leaves the old one.
struct ReloadTests {
    @Test func reloadSwitchesToANewGeneration() async throws {
        let server = FakeModels.server(["only"])
        try await FakeModels.withRouter(server) { client in
            let before = try await client.execute(uri: "/v1/model", method: .get).jsonObject
            #expect(before["generation"] as? Int == 1)
            #expect(before["name"] as? String == "only")
            let reload = try await client.execute(uri: "/v1/model/reload", method: .post)
            #expect(reload.status == .ok)
            #expect(try reload.jsonObject["generation"] as? Int == 2)
            let ready = try await client.execute(uri: "/readyz", method: .get).jsonObject
            #expect(ready["model"] as? String == "only")
            #expect(ready["generation"] as? Int == 2)
        }
    }

    @Test func aFailedReloadKeepsTheOldModelServing() async throws {
        let server = FakeModels.server(["only"])
        try await FakeModels.withRouter(server) { client in
            let reload = try await client.execute(
                uri: "/v1/model/reload", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"path": "/broken-bundle"}"#))
            #expect(reload.status == .unprocessableContent)
            #expect(reload.apiErrorCode == "reload_failed")
            #expect(String(buffer: reload.body).contains("/broken-bundle"))
            #expect(try await client.execute(uri: "/v1/model", method: .get).jsonObject["generation"] as? Int == 1)
            let image = FakeModels.png
            let classify = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: image)
            )
            #expect(classify.status == .ok)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"snakeid_model_reloads_total{model="only",outcome="failed"} 1"#))
            let nullPath = try await client.execute(
                uri: "/v1/model/reload", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"path": null}"#))
            #expect(nullPath.status == .badRequest)
            let unknown = try await client.execute(
                uri: "/v1/model/reload", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"model": "nope"}"#))
            #expect(unknown.status == .notFound)
            #expect(unknown.apiErrorCode == "unknown_model")
        }
    }

    @Test func reloadNeedsTheKeyWhenKeysAreOn() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.apiKeys = try APIKeySet(keys: ["secret"])
        try await FakeModels.withRouter(FakeModels.server(["only"], configuration: configuration)) { client in
            #expect(try await client.execute(uri: "/v1/model/reload", method: .post).status == .unauthorized)
            let authorized = try await client.execute(
                uri: "/v1/model/reload", method: .post, headers: [.authorization: "Bearer secret"])
            #expect(authorized.status == .ok)
        }
    }

    /// A request in flight when the swap happens is answered by the model it started on; the
    /// next request by the new one.
    @Test func aRequestInFlightFinishesOnTheOldModel() async throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // The old model says "adder" once the test lets its forward finish.
        let backend = FakeBackend(classes: 4) { _ in
            entered.signal()
            release.wait()
            return [0, 0, 5, 0]
        }
        var logger = Logger(label: "reload-in-flight")
        logger.logLevel = .critical
        let old = Classifier(
            bundle: ModelBundle(directory: "/nonexistent", metadata: .fake()), backend: backend,
            configuration: InferenceConfiguration(lanes: 1), logger: logger)
        // The new model says "grass snake".
        let model = ServedModel(name: "only", classifier: old) { _ in FakeClassifier.make(scores: [0, 5, 0, 0]) }
        let server = APIServer(models: ModelRegistry([model]), configuration: .init(port: 0), logger: logger)
        try await FakeModels.withRouter(server) { client in
            func classify() async throws -> String? {
                let response = try await client.execute(
                    uri: "/v1/classify", method: .post, headers: [.contentType: "image/png"],
                    body: ByteBuffer(bytes: FakeModels.png))
                return ((try response.jsonObject["top"] as? [[String: Any]])?.first)?["label"] as? String
            }
            defer { release.signal() }  // never leave the lane blocked, even when a check throws
            async let inFlight = classify()
            try await offThePool { entered.wait() }
            #expect(try await client.execute(uri: "/v1/model/reload", method: .post).status == .ok)
            #expect(try await classify() == "grass snake")
            release.signal()
            #expect(try await inFlight == "adder")
        }
    }

    /// The real model over loopback: clients keep classifying while the model is loaded again
    /// and swapped in; not one request fails, and the answers after the swap come from the new
    /// generation. `/v1/model` and `/readyz` give the weights' SHA-256 as `sha256sum` computes it.
    @Test(.enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"))
    func reloadUnderLoadDropsNoRequest() async throws {
        let photo = try ServerFixture.photo(ServerFixture.cobra)
        let expectedHash = try Self.sha256sum(TestPaths.defaultModel + "/model.pt")
        try await withServer { client, server in
            let (host, port) = try #require(server.address)
            let progress = LoadProgress()
            let load = Task {
                try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            try await TestClient.withClient(
                                host: host, port: port, configuration: ServerFixture.clientConfiguration
                            ) { client in
                                var statuses: [HTTPResponse.Status] = []
                                while !progress.isStopped {
                                    do {
                                        let response = try await client.post(
                                            "/v1/classify", headers: [.contentType: "image/jpeg"],
                                            body: ByteBuffer(bytes: photo))
                                        statuses.append(response.status)
                                        progress.answered()
                                    } catch {
                                        progress.fail("\(error)")
                                        throw error
                                    }
                                }
                                return statuses
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            // The load is running, then the reload runs through it, then the load goes on.
            try await progress.waitFor(answers: 3)
            let beforeReload = progress.answers
            let reload = try await client.post("/v1/model/reload", body: ByteBuffer())
            let afterReload = progress.answers
            #expect(reload.status == .ok, "\(reload.text)")
            let model = try reload.json
            #expect(model["generation"] as? Int == 2)
            #expect(model["weights_sha256"] as? String == expectedHash)
            try await progress.waitFor(answers: afterReload + 3)
            progress.stop()
            let statuses = try await load.value
            if TimingChecks.enabled {
                // On a busy machine (the whole suite at once) the load may not get a turn.
                #expect(afterReload > beforeReload, "requests were answered while the new model loaded")
            }
            #expect(statuses.count >= afterReload + 3)
            #expect(statuses.allSatisfy { $0 == .ok }, "statuses: \(statuses)")
            let ready = try await client.get("/readyz").json
            #expect(ready["weights_sha256"] as? String == expectedHash)
            #expect(ready["generation"] as? Int == 2)
        }
    }

    /// The hash `sha256sum` prints for `path`.
    static func sha256sum(_ path: String) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/sha256sum", [path])
        try #require(result.status == 0, "sha256sum: \(result.standardError)")
        return String(result.standardOutput.prefix { $0 != " " })
    }
}

/// How far the load clients got, and the flag that stops them.
private final class LoadProgress: Sendable {
    private let stopped = Atomic(false)
    private let count = Atomic(0)
    private let failure = Mutex<String?>(nil)

    var isStopped: Bool { stopped.load(ordering: .relaxed) }
    var answers: Int { count.load(ordering: .relaxed) }
    func stop() { stopped.store(true, ordering: .relaxed) }
    func answered() { count.add(1, ordering: .relaxed) }
    /// A load client's request failed (it stops; the wait below says why).
    func fail(_ reason: String) { failure.withLock { $0 = $0 ?? reason } }

    /// Waits (at most a minute, longer under a sanitizer) until `answers` requests have been
    /// answered.
    func waitFor(answers target: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60 * (Sanitizer.active == nil ? 1 : Sanitizer.slowdown))
        while answers < target, ContinuousClock.now < deadline, failure.withLock({ $0 }) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        let reason = failure.withLock { $0 }
        try #require(
            answers >= target,
            "the load clients got \(answers) answers, expected \(target)\(reason.map { "; a request failed: \($0)" } ?? "")"
        )
    }
}
