import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import NIOCore
import TestSupport
import Testing

@testable import Server

/// A full queue answers 503 with Retry-After instead of queueing without bound (over loopback,
/// on the fake model's metadata with a slow backend).
struct OverloadTests {
    /// A backend that takes 300 ms per forward and returns flat scores.
    struct SlowBackend: InferenceBackend {
        var classes: Int
        func forward(
            _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int, threads: Int
        ) throws(InferenceError) -> [Float] {
            Thread.sleep(forTimeInterval: 0.3)
            return [Float](repeating: 0, count: batch * classes)
        }
    }

    @Test func fullQueueIs503WithRetryAfter() async throws {
        let bundle = ModelBundle(directory: "/nonexistent-fake-model", metadata: .fake())
        let classifier = Classifier(
            bundle: bundle, backend: SlowBackend(classes: bundle.labels.count),
            configuration: InferenceConfiguration(lanes: 1, threadsPerForward: 1, queueCapacity: 1),
            logger: ServerFixture.quietLogger)
        defer { classifier.shutdown() }
        let photo = ServerFixture.syntheticPhoto
        let server = APIServer(
            classifier: classifier, configuration: ServerConfiguration(port: 0), logger: ServerFixture.quietLogger)
        let (host, port) = try await server.start()
        let responses = try await withThrowingTaskGroup(of: TestClient.Response.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await TestClient.withClient(host: host, port: port) { client in
                        try await client.post("/v1/classify", body: ByteBuffer(bytes: photo))
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await server.stop()
        let refused = responses.filter { $0.status == .serviceUnavailable }
        #expect(responses.contains { $0.status == .ok })
        #expect(!refused.isEmpty)
        #expect(refused.allSatisfy { $0.headers[.retryAfter] == "1" && $0.errorCode == "overloaded" })
        #expect(responses.allSatisfy { $0.status == .ok || $0.status == .serviceUnavailable })
    }
}
