import Foundation
import Logging
import TestSupport

@testable import Inference

/// The real default model, loaded once for all tests that need it.
enum ModelFixture {
    /// On libtorch (the default engine).
    static let classifier: Task<Classifier, any Error> = Task {
        let bundle = try ModelBundle.load(from: TestPaths.defaultModel)
        return try await Classifier.load(bundle: bundle, logger: Logger(label: "test"))
    }

    /// On OpenVINO (the bundle's `model.onnx`).
    static let openVINOClassifier: Task<Classifier, any Error> = Task {
        let bundle = try ModelBundle.load(from: TestPaths.defaultModel)
        return try await Classifier.load(
            bundle: bundle, configuration: InferenceConfiguration(engine: .openvino), logger: Logger(label: "test"))
    }
}

/// A backend that returns fixed scores, for fast tests of everything around the model.
struct FakeBackend: InferenceBackend {
    var classes: Int
    /// The scores for one image, from its input tensor.
    var scores: @Sendable (UnsafeBufferPointer<Float>) -> [Float]
    var onForward: @Sendable (Int) -> Void = { _ in }

    func forward(
        _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int, threads: Int
    ) throws(InferenceError) -> [Float] {
        onForward(batch)
        let perImage = channels * height * width
        var output: [Float] = []
        for image in 0..<batch {
            let slice = UnsafeBufferPointer(rebasing: input[(image * perImage)..<((image + 1) * perImage)])
            output += scores(slice)
        }
        return output
    }
}

extension ModelMetadata {
    /// A tiny 4-class model: classes 1 and 2 are snakes.
    static func fake(width: Int = 8, height: Int = 8) -> ModelMetadata {
        ModelMetadata(
            name: "fake", description: nil, weights: "none.pt",
            input: .init(
                width: width, height: height, resizeShorterSide: width, mean: [127, 127, 127], std: [128, 128, 128]),
            verdict: .init(snakeAtLeast: 0.5, notSnakeBelow: 0.2),
            snakes: [
                SnakeSpecies(index: 1, commonName: "grass snake", scientificName: "Natrix natrix", danger: .harmless),
                SnakeSpecies(index: 2, commonName: "adder", scientificName: "Vipera berus", danger: .dangerous),
            ],
            labels: ["rock", "grass snake", "adder", "stick"])
    }
}
