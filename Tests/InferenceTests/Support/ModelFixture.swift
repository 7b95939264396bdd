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
