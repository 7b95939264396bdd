import Foundation
import Logging
import TestSupport

@testable import Inference

/// The real default model, loaded once for all tests that need it.
enum ModelFixture {
    static let classifier: Task<Classifier, any Error> = Task {
        let bundle = try ModelBundle.load(from: TestPaths.defaultModel)
        return try await Classifier.load(bundle: bundle, logger: Logger(label: "test"))
    }
}
