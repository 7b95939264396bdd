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
    /// A backend whose forwards wait at `gate` and return flat scores.
    struct GatedBackend: InferenceBackend {
        var classes: Int
        var gate: Gate
        func forward(
            _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int, threads: Int
        ) throws(InferenceError) -> [Float] {
            gate.pass()
            return [Float](repeating: 0, count: batch * classes)
        }
    }

    /// One image in the forward and one in the queue (its capacity): every further request is
    /// refused at once, and the two are answered once the forward goes on.
    @Test func fullQueueIs503WithRetryAfter() async throws {
        let bundle = ModelBundle(directory: "/nonexistent-fake-model", metadata: .fake())
        let gate = Gate()
        let classifier = Classifier(
            bundle: bundle, backend: GatedBackend(classes: bundle.labels.count, gate: gate),
            configuration: InferenceConfiguration(lanes: 1, threadsPerForward: 1, queueCapacity: 1),
            logger: ServerFixture.quietLogger)
        defer { classifier.shutdown() }
        let photo = ServerFixture.syntheticPhoto
        let server = APIServer(
            classifier: classifier, configuration: ServerConfiguration(port: 0), logger: ServerFixture.quietLogger)
        let (host, port) = try await server.start()
        // The two held requests wait for the gate while the others are refused: a read timeout
        // long enough for a loaded machine, still a deadline.
        let post = { @Sendable () async throws -> TestClient.Response in
            try await TestClient.withClient(host: host, port: port, configuration: .init(timeout: .seconds(240))) {
                client in
                try await client.post("/v1/classify", body: ByteBuffer(bytes: photo))
            }
        }
        let inForward = Task { try await post() }
        try await Eventually.wait(until: "the first image is in the forward") { gate.arrived == 1 }
        let queued = Task { try await post() }
        try await Eventually.wait(until: "the second image is queued") { classifier.queueDepth == 1 }
        var refused: [TestClient.Response] = []
        for _ in 0..<4 { refused.append(try await post()) }
        gate.open()
        let accepted = [try await inForward.value, try await queued.value]
        await server.stop()
        #expect(accepted.allSatisfy { $0.status == .ok }, "\(accepted.map(\.status))")
        #expect(refused.allSatisfy { $0.status == .serviceUnavailable }, "\(refused.map(\.status))")
        #expect(refused.allSatisfy { $0.headers[.retryAfter] == "1" && $0.errorCode == "overloaded" })
    }
}
