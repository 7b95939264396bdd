import Inference

/// Answers "is the model loaded and answering?" for `/readyz` by classifying a tiny built-in
/// image, at most once per `maxAge`; concurrent checks share one forward.
actor ReadinessProbe {
    /// What the last check found.
    enum Outcome: Sendable {
        case ready(milliseconds: Double)
        case notReady(String)
    }

    private let model: ServedModel
    private let draining: Draining?
    private let maxAge: Duration
    private var last: (at: ContinuousClock.Instant, outcome: Outcome)?
    private var running: Task<Outcome, Never>?

    /// A probe of the model serving as `model` (whichever is loaded when it runs), not ready
    /// once `draining` has begun.
    init(model: ServedModel, draining: Draining? = nil, maxAge: Duration = .seconds(5)) {
        self.model = model
        self.draining = draining
        self.maxAge = maxAge
    }

    /// The outcome of a check no older than `maxAge`.
    func check() async -> Outcome {
        if draining?.isDraining == true { return .notReady("the server is shutting down") }
        if let last, ContinuousClock.now - last.at < maxAge { return last.outcome }
        if let running { return await running.value }
        let classifier = model.classifier
        let task = Task { await Self.probe(classifier) }
        running = task
        let outcome = await task.value
        running = nil
        last = (ContinuousClock.now, outcome)
        return outcome
    }

    private static func probe(_ classifier: Classifier) async -> Outcome {
        let started = ContinuousClock.now
        do {
            _ = try await classifier.classify(bytes: probeImage, source: "readiness probe", topK: 1)
            return .ready(milliseconds: (ContinuousClock.now - started).totalSeconds * 1000)
        } catch {
            return .notReady("the model is not answering: \(error.reason)")
        }
    }

    /// An 8x8 mid-grey PNG.
    static let probeImage: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4B, 0x6D, 0x29, 0xDC, 0x00, 0x00, 0x00,
        0x0F, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x68, 0xC0, 0x01, 0x18, 0x86, 0x96, 0x04, 0x00, 0x82, 0xF3,
        0x60, 0x01, 0x25, 0x95, 0xB3, 0x63, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}
