import Foundation
import TestSupport
import Testing

@testable import Inference

/// The whole pipeline on the OpenVINO engine (the bundle's `model.onnx` through the real
/// runtime) against the same PIL + PyTorch reference as `ParityTests`, and against libtorch.
@Suite(
    "Parity with the PyTorch reference on OpenVINO",
    .enabled(if: TestPaths.hasShared, "skipped: ../shared is absent"),
    .enabled(
        if: TestPaths.hasOpenVINO,
        "skipped: no model.onnx or OpenVINO runtime (run make model openvino-runtime), or a sanitizer runs"))
struct OpenVINOParityTests {
    @Test("top-1 agrees on at least 44 of the 45 photos; snake probability within 0.05")
    func photos() async throws {
        try await ParityTests.checkPhotos(ModelFixture.openVINOClassifier.value)
    }

    @Test("calibrated verdicts: no snake photo is called not a snake, no other photo a snake")
    func verdicts() async throws {
        try await ParityTests.checkVerdicts(ModelFixture.openVINOClassifier.value)
    }

    @Test("every decodable format classifies like the reference; 16-bit gray like 8-bit gray")
    func formats() async throws {
        try await ParityTests.checkFormats(ModelFixture.openVINOClassifier.value)
    }

    @Test(
        "every class probability within 0.001 of libtorch's on the snake photos",
        .enabled(if: TestPaths.hasModel, "skipped: no model.pt"))
    func sameAsTorch() async throws {
        let openVINO = try await ModelFixture.openVINOClassifier.value
        let torch = try await ModelFixture.classifier.value
        #expect(openVINO.configuration.engine == .openvino)
        #expect(torch.configuration.engine == .torch)
        for file in try ParityTests.files("images/snakes", count: 17) {
            let image = try openVINO.prepare(bytes: ImageFile.read(file), source: file)
            let a = try await openVINO.predict(image, topK: 1000)
            let b = try await torch.predict(image, topK: 1000)
            let byIndex = Dictionary(uniqueKeysWithValues: b.top.map { ($0.index, $0.probability) })
            let worst = a.top.map { abs($0.probability - (byIndex[$0.index] ?? -1)) }.max() ?? 1
            #expect(worst < 0.001, "\(file): a class probability differs by \(worst)")
        }
    }
}
