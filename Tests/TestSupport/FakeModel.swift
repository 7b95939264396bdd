import Foundation
import Inference
import Logging

/// A backend that returns fixed scores, for fast tests of everything around the model.
public struct FakeBackend: InferenceBackend {
    public var classes: Int
    /// The scores for one image, from its input tensor.
    public var scores: @Sendable (UnsafeBufferPointer<Float>) -> [Float]
    public var onForward: @Sendable (Int) -> Void

    public init(
        classes: Int, scores: @escaping @Sendable (UnsafeBufferPointer<Float>) -> [Float],
        onForward: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.classes = classes
        self.scores = scores
        self.onForward = onForward
    }

    public func forward(
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
    public static func fake(width: Int = 8, height: Int = 8) -> ModelMetadata {
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

/// A classifier over the fake 4-class model and a fake backend: no model file, no libtorch.
public enum FakeClassifier {
    /// A classifier whose backend scores every image with `scores` (4 logits; default: a clear
    /// "adder").
    public static func make(
        scores: [Float] = [0, 0, 5, 0], configuration: InferenceConfiguration = InferenceConfiguration(lanes: 1)
    ) -> Classifier {
        var logger = Logger(label: "fake-classifier")
        logger.logLevel = .critical
        return Classifier(
            bundle: ModelBundle(directory: "/nonexistent-fake-model", metadata: .fake()),
            backend: FakeBackend(classes: 4, scores: { _ in scores }), configuration: configuration,
            logger: logger)
    }
}
