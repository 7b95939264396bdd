import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Inference

/// `OpenVINOBackend` on the real runtime and the default bundle's `model.onnx`.
@Suite(
    "OpenVINO backend",
    .enabled(
        if: TestPaths.hasOpenVINO,
        "skipped: no model.onnx or OpenVINO runtime (run make model openvino-runtime), or a sanitizer runs"))
struct OpenVINOBackendTests {
    static let path = TestPaths.defaultModel + "/model.onnx"
    static let shape = (channels: 3, height: 224, width: 224)
    static let perImage = 3 * 224 * 224
    /// One image's row: 1,000 logits, then the 1,280 pooled features (the second output).
    static let row = 1000 + 1280

    /// `count` different deterministic images, one after the other.
    static func images(_ count: Int) -> [Float] {
        (0..<(count * perImage)).map { Float(($0 * 7919 + $0 / perImage * 31) % 255 - 127) / 128 }
    }

    static func forward(_ backend: OpenVINOBackend, _ input: [Float], batch: Int) throws -> [Float] {
        try input.withUnsafeBufferPointer {
            try backend.forward($0, batch: batch, channels: 3, height: 224, width: 224, threads: 0)
        }
    }

    @Test("a batch of 3 gives what 3 single forwards give (the batch axis is dynamic)")
    func batch() throws {
        let backend = try OpenVINOBackend(path: Self.path, settings: OpenVINOSettings(threads: 1), shape: Self.shape)
        let input = Self.images(3)
        let batched = try Self.forward(backend, input, batch: 3)
        #expect(batched.count == 3 * Self.row)
        for image in 0..<3 {
            let single = try Self.forward(
                backend, Array(input[(image * Self.perImage)..<((image + 1) * Self.perImage)]), batch: 1)
            let difference =
                zip(single, batched[(image * Self.row)..<((image + 1) * Self.row)]).map { abs($0 - $1) }.max() ?? 1
            #expect(difference < 1e-3, "image \(image): logits and features differ by \(difference)")
        }
    }

    @Test("threads left unpinned when asked: the compiled model says so")
    func unpinned() throws {
        let settings = OpenVINOSettings(threads: 1, streams: 1, cpuPinning: false)
        let backend = try OpenVINOBackend(path: Self.path, settings: settings, shape: Self.shape)
        #expect(backend.property("ENABLE_CPU_PINNING") == "NO")
        let pinned = try OpenVINOBackend(
            path: Self.path, settings: OpenVINOSettings(threads: 1, streams: 1, cpuPinning: true), shape: Self.shape)
        #expect(pinned.property("ENABLE_CPU_PINNING") == "YES")
    }

    @Test("forwards from several threads at once agree (one inference request each)")
    func concurrent() throws {
        let settings = OpenVINOSettings(threads: 2, streams: 2)
        let backend = try OpenVINOBackend(path: Self.path, settings: settings, shape: Self.shape)
        #expect(backend.property("NUM_STREAMS") == "2")
        #expect(backend.property("INFERENCE_PRECISION_HINT") == "f32")
        let input = Self.images(1)
        let expected = try Self.forward(backend, input, batch: 1)
        let results = Mutex<[[Float]]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<3 {
                let output = (try? Self.forward(backend, input, batch: 1)) ?? []
                results.withLock { $0.append(output) }
            }
        }
        let outputs = results.withLock { $0 }
        #expect(outputs.count == 12)
        for output in outputs {
            #expect(output.count == expected.count && zip(output, expected).allSatisfy { abs($0 - $1) < 1e-4 })
        }
    }

    @Test("a static batch is exactly that batch; another size is an error, not a crash")
    func staticBatch() throws {
        let backend = try OpenVINOBackend(
            path: Self.path, settings: OpenVINOSettings(threads: 1, staticBatch: 1), shape: Self.shape)
        #expect(try Self.forward(backend, Self.images(1), batch: 1).count == Self.row)
        #expect(throws: InferenceError.self) { try Self.forward(backend, Self.images(2), batch: 2) }
    }

    @Test("a bad file or property is a model error that says what is wrong")
    func errors() throws {
        let missing = "/nonexistent/model.onnx"
        let error = try #require(throws: InferenceError.self) {
            try OpenVINOBackend(path: missing, settings: OpenVINOSettings(), shape: Self.shape)
        }
        #expect(error.kind == .model)
        #expect(error.source == missing)
        #expect(error.reason.contains("cannot read the model"), "\(error)")
        let property = try #require(throws: InferenceError.self) {
            try OpenVINOBackend(
                path: Self.path, settings: OpenVINOSettings(extraProperties: "NO_SUCH_PROPERTY=1"), shape: Self.shape)
        }
        #expect(property.reason.contains("NO_SUCH_PROPERTY"), "\(property)")
        let malformed = try #require(throws: InferenceError.self) {
            try OpenVINOBackend(path: Self.path, settings: OpenVINOSettings(extraProperties: "oops"), shape: Self.shape)
        }
        #expect(malformed.reason.contains("KEY=VALUE"), "\(malformed)")
    }
}
