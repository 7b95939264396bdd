import FoundationEssentials
import Inference

/// `{"predictions": [[label, probability], …]}`, best first: the Cougar-or-Not answer of
/// `/upload` and `/classify-url`.
struct CompatiblePredictions: Encodable {
    var predictions: [RankedLabel]

    enum CodingKeys: String, CodingKey {
        case predictions
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var list = container.nestedUnkeyedContainer(forKey: .predictions)
        for prediction in predictions {
            var pair = list.nestedUnkeyedContainer()
            try pair.encode(prediction.label)
            try pair.encode(prediction.probability)
        }
    }
}

/// The `/v1/classify` and `/v1/classify-url` answer: the full prediction (source, snake,
/// venomous and dangerous probabilities, verdict, risk, species, raw top-k, timings) plus the
/// model name, the venomous candidates and the safety reminder.
struct ClassifyResponse: Encodable {
    var model: String
    var prediction: Prediction

    enum CodingKeys: String, CodingKey {
        case model, source, verdict, risk, species, top, timings
        case snakeProbability = "snake_probability"
        case venomousProbability = "venomous_probability"
        case dangerousProbability = "dangerous_probability"
        case venomousCandidates = "venomous_candidates"
        case safety
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(prediction.source, forKey: .source)
        try container.encode(prediction.snakeProbability, forKey: .snakeProbability)
        try container.encode(prediction.venomousProbability, forKey: .venomousProbability)
        try container.encode(prediction.dangerousProbability, forKey: .dangerousProbability)
        try container.encode(prediction.verdict, forKey: .verdict)
        try container.encode(prediction.risk, forKey: .risk)
        try container.encode(prediction.species, forKey: .species)
        try container.encode(prediction.top, forKey: .top)
        try container.encode(prediction.timings, forKey: .timings)
        try container.encode(prediction.venomousCandidates.map(\.label), forKey: .venomousCandidates)
        try container.encode(Prediction.safetyReminder, forKey: .safety)
    }
}

extension Prediction {
    /// Venomous species that are plausible for this image: when the verdict is not "not a
    /// snake", the venomous species with at least 20% of the snake probability. Empty otherwise.
    var venomousCandidates: [SpeciesProbability] {
        guard verdict != .notSnake else { return [] }
        return species.filter { $0.danger.isVenomous && $0.probability >= 0.2 }
    }
}

/// The `/v1/classify-url` request body: one `url`, or several `urls`.
struct ClassifyURLRequest: Decodable {
    var url: String?
    var urls: [String]?
    var top: Int?

    enum CodingKeys: String, CodingKey {
        case url, urls, top
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decodeUnlessAbsent(String.self, forKey: .url)
        urls = try container.decodeUnlessAbsent([String].self, forKey: .urls)
        top = try container.decodeUnlessAbsent(Int.self, forKey: .top)
    }
}

/// The `/v1/model` answer: what the loaded bundle is and how it runs.
struct ModelDescription: Encodable {
    struct Input: Encodable {
        var width: Int
        var height: Int
        var resizeShorterSide: Int

        enum CodingKeys: String, CodingKey {
            case width, height
            case resizeShorterSide = "resize_shorter_side"
        }
    }

    struct Runtime: Encodable {
        /// "torch" or "openvino" (absent for a classifier built over a backend directly).
        var engine: String?
        var lanes: Int
        var threadsPerForward: Int
        var maxBatch: Int
        var maxWaitMs: Double
        var queueCapacity: Int

        enum CodingKeys: String, CodingKey {
            case engine, lanes
            case threadsPerForward = "threads_per_forward"
            case maxBatch = "max_batch"
            case maxWaitMs = "max_wait_ms"
            case queueCapacity = "queue_capacity"
        }
    }

    /// The name the server serves it as (the bundle's name unless `--model NAME=DIR` gave one).
    var name: String
    /// The bundle's own name.
    var bundle: String
    var weightsSHA256: String?
    var generation: Int
    var loadedAt: String
    var description: String?
    var input: Input
    var labels: Int
    var snakeClasses: [SnakeSpecies]
    var verdict: ModelMetadata.VerdictThresholds
    var runtime: Runtime

    enum CodingKeys: String, CodingKey {
        case name, bundle, generation, description, input, labels, verdict, runtime
        case weightsSHA256 = "weights_sha256"
        case loadedAt = "loaded_at"
        case snakeClasses = "snake_classes"
    }

    /// The model serving as `model` now.
    init(_ model: ServedModel) {
        let (classifier, identity) = model.current
        self.init(bundle: classifier.bundle, configuration: classifier.configuration, identity: identity)
        name = model.name
    }

    init(bundle: ModelBundle, configuration: InferenceConfiguration, identity: ModelIdentity) {
        let metadata = bundle.metadata
        name = bundle.name
        self.bundle = bundle.name
        weightsSHA256 = identity.weightsSHA256
        generation = identity.generation
        loadedAt = identity.loadedAt.formatted(.iso8601)
        description = metadata.description
        input = Input(
            width: metadata.input.width, height: metadata.input.height,
            resizeShorterSide: metadata.input.resizeShorterSide)
        labels = metadata.labels.count
        snakeClasses = metadata.snakes
        verdict = metadata.verdict
        runtime = Runtime(
            engine: configuration.engine?.rawValue, lanes: configuration.lanes,
            threadsPerForward: configuration.threadsPerForward,
            maxBatch: configuration.maxBatch, maxWaitMs: configuration.maxWait.totalSeconds * 1000,
            queueCapacity: configuration.queueCapacity)
    }
}
