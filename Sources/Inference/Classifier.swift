import FoundationEssentials
import Logging

/// The one pipeline behind the CLI, the HTTP API and the terminal UI: decode, preprocess, run
/// the model, rank, and decide whether the image shows a snake.
///
/// ```swift
/// let bundle = try ModelBundle.load(from: "models/efficientnet-lite0")
/// let classifier = try await Classifier.load(bundle: bundle, logger: logger)
/// let prediction = try await classifier.classify(file: "cobra.jpg")
/// print(prediction.verdict, prediction.species.first?.label ?? "-")
/// ```
///
/// Thread-safe: call it from any number of tasks; images decode in parallel and share the
/// model's forward lanes (see `InferenceConfiguration`).
public final class Classifier: Sendable {
    /// The model bundle in use.
    public let bundle: ModelBundle
    public let configuration: InferenceConfiguration
    let decoder: ImageDecoder
    let preprocessor: Preprocessor
    let builder: PredictionBuilder
    let queue: ForwardQueue
    let logger: Logger

    /// A classifier over an already loaded backend (a test fake, a `TorchBackend` or an
    /// `OpenVINOBackend`).
    public init(
        bundle: ModelBundle, backend: any InferenceBackend,
        configuration: InferenceConfiguration = InferenceConfiguration(), logger: Logger
    ) {
        self.bundle = bundle
        self.configuration = configuration
        self.decoder = ImageDecoder(maxPixels: configuration.maxPixels)
        self.preprocessor = Preprocessor(input: bundle.metadata.input)
        self.builder = PredictionBuilder(metadata: bundle.metadata, head: bundle.speciesHead)
        self.queue = ForwardQueue(
            backend: backend, configuration: configuration,
            shape: (3, bundle.metadata.input.height, bundle.metadata.input.width))
        self.logger = logger
    }

    deinit {
        queue.stop()
    }

    /// Loads the bundle's model with the configuration's engine (see `Engine.resolve`), off the
    /// caller's thread. The classifier's `configuration.engine` names the engine in use.
    /// - Throws: `InferenceError` `.model` when the engine or the model file cannot be loaded.
    public static func load(
        bundle: ModelBundle, configuration: InferenceConfiguration = InferenceConfiguration(),
        logger: Logger
    ) async throws(InferenceError) -> Classifier {
        let started = ContinuousClock.now
        let (engine, path) = try Engine.resolve(configuration.engine, for: bundle)
        var configuration = configuration
        configuration.engine = engine
        let resolved = configuration
        let backend = try await BlockingWork.run { () throws(InferenceError) in
            try engine.loadBackend(path: path, input: bundle.metadata.input, configuration: resolved)
        }
        logger.info(
            "model loaded",
            metadata: [
                "model.name": "\(bundle.name)",
                "model.engine": "\(engine)",
                "model.load_ms": "\(Int((ContinuousClock.now - started).totalSeconds * 1000))",
            ])
        return Classifier(bundle: bundle, backend: backend, configuration: configuration, logger: logger)
    }

    /// Images waiting for a forward right now.
    public var queueDepth: Int { queue.depth }

    /// Calls `observer` with the size of every forward batch (for metrics).
    public func observeBatches(_ observer: @escaping @Sendable (Int) -> Void) {
        queue.observeBatches(observer)
    }

    /// Decodes and preprocesses an image; CPU-bound, runs on the caller's thread.
    public func prepare(bytes: [UInt8], source: String) throws(InferenceError) -> PreparedImage {
        let started = ContinuousClock.now
        var image = try decoder.decode(
            bytes, source: source, minShorterSide: bundle.metadata.input.resizeShorterSide)
        if configuration.mirrorsImages { image = image.oriented(2) }
        let decoded = ContinuousClock.now
        let tensor = preprocessor.tensor(for: image)
        let finished = ContinuousClock.now
        return PreparedImage(
            source: source, tensor: tensor, width: image.width, height: image.height,
            decodeMs: (decoded - started).totalSeconds * 1000, preprocessMs: (finished - decoded).totalSeconds * 1000)
    }

    /// Runs a prepared image through the model and ranks the result; an `.interactive` image
    /// goes ahead of the images waiting for a forward.
    public func predict(_ image: PreparedImage, topK: Int = 5, priority: ForwardPriority = .normal)
        async throws(InferenceError) -> Prediction
    {
        let output: ForwardQueue.Output
        do {
            output = try await queue.submit(image.tensor, priority: priority)
        } catch {
            throw error.with(source: image.source)
        }
        return builder.prediction(
            scores: output.scores, source: image.source, topK: topK, timings: timings(of: image, output: output))
    }

    /// The timings of a prepared image's forward: decode, preprocess, queue, inference and their sum.
    func timings(of image: PreparedImage, output: ForwardQueue.Output) -> PredictionTimings {
        var timings = PredictionTimings()
        timings.decodeMs = image.decodeMs
        timings.preprocessMs = image.preprocessMs
        timings.queueMs = output.queueSeconds * 1000
        timings.inferenceMs = output.forwardSeconds * 1000
        timings.batchSize = output.batchSize
        timings.totalMs = timings.decodeMs + timings.preprocessMs + timings.queueMs + timings.inferenceMs
        return timings
    }

    /// Classifies an image held in memory.
    public func classify(bytes: [UInt8], source: String, topK: Int = 5, priority: ForwardPriority = .normal)
        async throws(InferenceError) -> Prediction
    {
        try await predict(prepare(bytes: bytes, source: source), topK: topK, priority: priority)
    }

    /// Classifies an image file.
    public func classify(file path: String, topK: Int = 5, priority: ForwardPriority = .normal)
        async throws(InferenceError) -> Prediction
    {
        try await classify(bytes: ImageFile.read(path), source: path, topK: topK, priority: priority)
    }

    /// Downloads and classifies an image.
    public func classify(url: String, fetcher: URLFetcher, topK: Int = 5) async throws(InferenceError) -> Prediction {
        let started = ContinuousClock.now
        let resource = try await fetcher.fetch(url)
        let fetchMs = (ContinuousClock.now - started).totalSeconds * 1000
        var prediction = try await classify(bytes: resource.bytes, source: url, topK: topK)
        prediction.timings.fetchMs = fetchMs
        prediction.timings.totalMs += fetchMs
        return prediction
    }

    /// Classifies any source.
    public func classify(_ source: ImageSource, fetcher: URLFetcher, topK: Int = 5) async throws(InferenceError)
        -> Prediction
    {
        switch source {
        case .file(let path): try await classify(file: path, topK: topK)
        case .url(let url): try await classify(url: url, fetcher: fetcher, topK: topK)
        }
    }

    /// Stops the forward lanes once queued work is done.
    public func shutdown() {
        queue.stop()
    }

    /// Stops the forward lanes once queued work is done, waits for them, and frees the model
    /// on this thread; the classifier cannot classify after it. A command calls it before it
    /// returns, so that nothing of the model's runs while the process exits.
    public func finish() {
        queue.finish()
    }
}

/// A decoded and preprocessed image, ready for the model.
public struct PreparedImage: Sendable {
    public var source: String
    public var tensor: [Float]
    /// Size of the decoded image (after any JPEG DCT scaling).
    public var width: Int
    public var height: Int
    public var decodeMs: Double
    public var preprocessMs: Double
}
