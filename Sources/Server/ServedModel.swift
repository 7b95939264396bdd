import FoundationEssentials
import Inference
import Logging
import NIOConcurrencyHelpers

/// One model the server answers with, under a name, swappable without downtime.
///
/// Each request takes ``classifier`` once and keeps that classifier to the end, so a
/// ``reload(from:)`` never touches a request in flight: new requests get the new model as soon
/// as it has loaded, the old one finishes what it holds and stops its lanes when its last
/// request lets go of it. A failed load leaves the old model serving.
///
/// ```swift
/// let model = ServedModel(name: "snakes", classifier: classifier, loader: ServedModel.bundleLoader(logger: logger))
/// let identity = try await model.reload()  // the bundle again, from the same folder
/// print(identity.weightsSHA256 ?? "-")
/// ```
public final class ServedModel: Sendable {
    /// Loads a classifier from a bundle folder; the reload path.
    public typealias Loader = @Sendable (_ directory: String) async throws -> Classifier

    /// The name clients use (`/v1/models/{name}/classify`).
    public let name: String
    private let loader: Loader
    private let state: NIOLockedValueBox<Loaded>
    private let reloading = NIOLockedValueBox(false)
    private let batchObservers = NIOLockedValueBox<[@Sendable (Int) -> Void]>([])

    private struct Loaded {
        var classifier: Classifier
        var identity: ModelIdentity
    }

    /// A served model over an already loaded `classifier`; `loader` loads its replacements.
    public init(name: String, classifier: Classifier, loader: @escaping Loader) {
        self.name = name
        self.loader = loader
        state = NIOLockedValueBox(Loaded(classifier: classifier, identity: ModelIdentity(classifier, generation: 1)))
    }

    /// A loader that reads the bundle in a folder and loads it with `configuration`.
    public static func bundleLoader(configuration: InferenceConfiguration, logger: Logger) -> Loader {
        { directory in
            let bundle = try ModelBundle.load(from: directory)
            return try await Classifier.load(bundle: bundle, configuration: configuration, logger: logger)
        }
    }

    /// The classifier new requests use. Take it once per request.
    public var classifier: Classifier { state.withLockedValue { $0.classifier } }

    /// Which model is serving: bundle, weights hash, generation.
    public var identity: ModelIdentity { state.withLockedValue { $0.identity } }

    /// The classifier and its identity, read together.
    var current: (classifier: Classifier, identity: ModelIdentity) {
        state.withLockedValue { ($0.classifier, $0.identity) }
    }

    /// Calls `observer` with the size of every forward batch, of this classifier and the next ones.
    func observeBatches(_ observer: @escaping @Sendable (Int) -> Void) {
        batchObservers.withLockedValue { $0.append(observer) }
        classifier.observeBatches(observer)
    }

    /// Loads the bundle again from `directory` (default: the folder the current one came from)
    /// while the current model keeps answering, then switches to it atomically.
    /// - Returns: the new model's identity.
    /// - Throws: ``ReloadError`` when a reload is already running or the bundle cannot be
    ///   loaded; the current model then keeps serving.
    @discardableResult
    public func reload(from directory: String? = nil) async throws(ReloadError) -> ModelIdentity {
        let claimed = reloading.withLockedValue { busy in
            defer { busy = true }
            return !busy
        }
        guard claimed else { throw ReloadError(model: name, directory: directory, reason: .inProgress) }
        defer { reloading.withLockedValue { $0 = false } }
        let folder = directory ?? identity.directory
        let replacement: Classifier
        do {
            replacement = try await loader(folder)
        } catch {
            throw ReloadError(model: name, directory: folder, reason: .loadFailed(String(describing: error)))
        }
        for observer in batchObservers.withLockedValue({ $0 }) { replacement.observeBatches(observer) }
        var identity = ModelIdentity(replacement, generation: 0)  // hashed outside the lock
        let previous = state.withLockedValue { loaded in
            let previous = loaded.classifier
            identity.generation = loaded.identity.generation + 1
            loaded = Loaded(classifier: replacement, identity: identity)
            return previous
        }
        // The previous classifier is let go of here, outside the lock; requests still holding it
        // finish on it, and its lanes stop once the last one lets go.
        withExtendedLifetime(previous) {}
        return identity
    }

    /// Stops the current classifier's lanes once queued work is done.
    public func shutdown() {
        classifier.shutdown()
    }
}

/// Which model is serving under a name.
public struct ModelIdentity: Sendable, Equatable {
    /// The folder it was loaded from.
    public var directory: String
    /// SHA-256 of the weights file the engine runs, or nil when there is none to read.
    public var weightsSHA256: String?
    /// 1 for the model the server started with, +1 per reload.
    public var generation: Int
    /// When this model was loaded.
    public var loadedAt: Date

    init(_ classifier: Classifier, generation: Int) {
        directory = classifier.bundle.directory
        // The file the engine runs, by the same rule that chose it.
        let weights = try? Engine.resolve(classifier.configuration.engine, for: classifier.bundle).path
        weightsSHA256 = weights.flatMap { try? SHA256Digest.hexOfFile(at: $0) }
        self.generation = generation
        loadedAt = Date()
    }
}

/// Why a reload did not happen; the model that was serving still is.
public struct ReloadError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Another reload of this model is under way.
        case inProgress
        /// The bundle or the model could not be loaded.
        case loadFailed(String)
    }

    /// The served name of the model.
    public var model: String
    /// The folder the reload read, when it got that far.
    public var directory: String?
    public var reason: Reason

    public var description: String {
        switch reason {
        case .inProgress: "model \(model): a reload is already under way"
        case .loadFailed(let why):
            "model \(model): reload from \(directory ?? "?") failed, the previous model keeps serving: \(why)"
        }
    }
}
