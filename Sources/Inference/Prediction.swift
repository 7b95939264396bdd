/// Whether a photo shows a snake, as decided from the snake probability and the bundle's
/// calibrated thresholds.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    case snake
    case unsure
    case notSnake = "not_snake"

    /// The verdict in capitals for headings: "SNAKE", "NOT A SNAKE", "UNSURE".
    public var headline: String {
        switch self {
        case .snake: "SNAKE"
        case .unsure: "UNSURE"
        case .notSnake: "NOT A SNAKE"
        }
    }
}

/// A class of the model with its probability.
public struct RankedLabel: Sendable, Codable, Equatable {
    public var index: Int
    public var label: String
    public var probability: Double

    public init(index: Int, label: String, probability: Double) {
        self.index = index
        self.label = label
        self.probability = probability
    }
}

/// A snake species with its probability renormalised among the snake classes.
public struct SpeciesProbability: Sendable, Codable, Equatable {
    public var label: String
    public var scientificName: String
    public var danger: Danger
    public var probability: Double

    public init(label: String, scientificName: String, danger: Danger, probability: Double) {
        self.label = label
        self.scientificName = scientificName
        self.danger = danger
        self.probability = probability
    }

    enum CodingKeys: String, CodingKey {
        case label
        case scientificName = "scientific_name"
        case danger, probability
    }
}

/// Where the time of one prediction went, in milliseconds.
public struct PredictionTimings: Sendable, Codable, Equatable {
    public var fetchMs: Double = 0
    public var decodeMs: Double = 0
    public var preprocessMs: Double = 0
    public var queueMs: Double = 0
    public var inferenceMs: Double = 0
    public var totalMs: Double = 0
    /// The number of images in the forward this one ran in.
    public var batchSize: Int = 1

    public init() {}

    enum CodingKeys: String, CodingKey {
        case fetchMs = "fetch_ms"
        case decodeMs = "decode_ms"
        case preprocessMs = "preprocess_ms"
        case queueMs = "queue_ms"
        case inferenceMs = "inference_ms"
        case totalMs = "total_ms"
        case batchSize = "batch_size"
    }
}

/// What SnakeID says about one image.
public struct Prediction: Sendable, Codable, Equatable {
    /// The file path or URL classified.
    public var source: String
    /// The sum of the probabilities of the snake classes.
    public var snakeProbability: Double
    public var verdict: Verdict
    /// The most probable classes, best first.
    public var top: [RankedLabel]
    /// The snake probability that lies on venomous species (mildly venomous or dangerous), as a
    /// fraction of the whole image (already multiplied by the snake probability).
    public var venomousProbability: Double
    /// The snake probability that lies on dangerous species, as a fraction of the whole image.
    public var dangerousProbability: Double
    /// Could it be dangerous? From `dangerousProbability` and the bundle's risk thresholds.
    public var risk: Risk
    /// The snake species, best first, probabilities renormalised within the snakes; empty for a
    /// "not a snake" verdict.
    public var species: [SpeciesProbability]
    public var timings: PredictionTimings
    /// The model's largest raw score (logit) before the softmax: how strongly it recognises its
    /// best class, on the model's own scale.
    public var maxLogit: Double = 0
    /// The energy score, -log Σ exp(logit): lower means more familiar to the model.
    public var energy: Double = 0
    /// The low-risk mildly venomous note's threshold (from the bundle), for ``riskWarning``.
    var mildNoteAtLeast: Double = 0.2
    /// Whether the top species is one the bundle cannot tell from dangerous look-alikes
    /// (``RecognitionRule/isTakenForDangerous(_:)``), for ``riskWarning``.
    var isTakenForDangerous = false

    public init(
        source: String, snakeProbability: Double, verdict: Verdict, top: [RankedLabel],
        species: [SpeciesProbability], timings: PredictionTimings, venomousProbability: Double = 0,
        dangerousProbability: Double = 0, risk: Risk = .low
    ) {
        self.source = source
        self.snakeProbability = snakeProbability
        self.verdict = verdict
        self.top = top
        self.species = species
        self.timings = timings
        self.venomousProbability = venomousProbability
        self.dangerousProbability = dangerousProbability
        self.risk = risk
    }

    /// The one-line reminder every human-readable answer carries.
    public static let safetyReminder =
        "Never handle a snake on the strength of this answer: keep your distance and ask a local expert."

    enum CodingKeys: String, CodingKey {
        case source
        case snakeProbability = "snake_probability"
        case venomousProbability = "venomous_probability"
        case dangerousProbability = "dangerous_probability"
        case verdict, risk, top, species, timings
        case maxLogit = "max_logit"
        case energy
    }
}
