import Inference
import Logging
import NIOConcurrencyHelpers

/// Loads the model once, in the background, and hands it to whoever asks, waiting until it is
/// there. The UI starts before it is loaded; classifications asked for meanwhile just wait.
final class ModelLoader: Sendable {
    private final class Loaded: Sendable {
        let classifier = NIOLockedValueBox<Classifier?>(nil)
    }

    private let task: Task<Classifier, any Error>
    private let loaded: Loaded

    /// Starts loading `bundle` (or reports `bundleError`) and posts the outcome to `inbox`.
    init(
        bundle: Result<ModelBundle, InferenceError>, configuration: InferenceConfiguration, logger: Logger, inbox: Inbox
    ) {
        let loaded = Loaded()
        self.loaded = loaded
        task = Task {
            do {
                let classifier = try await Classifier.load(
                    bundle: bundle.get(), configuration: configuration, logger: logger)
                loaded.classifier.withLockedValue { $0 = classifier }
                // The status line names the engine when it is not the default.
                let engine = classifier.configuration.engine.flatMap { $0 == .torch ? nil : " (\($0))" } ?? ""
                inbox.post(
                    .modelReady(
                        name: classifier.bundle.name + engine,
                        threads: configuration.lanes * configuration.threadsPerForward))
                return classifier
            } catch {
                inbox.post(.modelFailed("\(error)"))
                throw error
            }
        }
    }

    /// A loader over a classifier already loaded (a model switched to with `M`).
    init(loaded classifier: Classifier) {
        let loaded = Loaded()
        loaded.classifier.withLockedValue { $0 = classifier }
        self.loaded = loaded
        task = Task { classifier }
    }

    /// The loaded classifier.
    /// - Throws: `InferenceError` `.model` when loading failed.
    func classifier() async throws(InferenceError) -> Classifier {
        do {
            return try await task.value
        } catch let error as InferenceError {
            throw error
        } catch {
            throw InferenceError(.model, reason: "\(error)")
        }
    }

    /// Stops the model's threads if it is loaded (without waiting for a load in progress).
    func shutdown() {
        loaded.classifier.withLockedValue { $0 }?.shutdown()
    }
}
