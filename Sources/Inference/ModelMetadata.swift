/// The contents of a bundle's `model.json`.
public struct ModelMetadata: Sendable, Codable, Equatable {
    /// How images are turned into the model's input tensor.
    public struct Input: Sendable, Codable, Equatable {
        /// Width and height of the tensor the model takes.
        public var width: Int
        public var height: Int
        /// The shorter side is resized to this before the centre crop.
        public var resizeShorterSide: Int
        /// Per-channel mean and standard deviation in pixel units (0...255), RGB order.
        public var mean: [Float]
        public var std: [Float]

        public init(width: Int, height: Int, resizeShorterSide: Int, mean: [Float], std: [Float]) {
            self.width = width
            self.height = height
            self.resizeShorterSide = resizeShorterSide
            self.mean = mean
            self.std = std
        }

        enum CodingKeys: String, CodingKey {
            case width, height, mean, std
            case resizeShorterSide = "resize_shorter_side"
        }
    }

    /// Where the snake probability turns into a verdict.
    public struct VerdictThresholds: Sendable, Codable, Equatable {
        /// At or above this snake probability the verdict is "snake".
        public var snakeAtLeast: Double
        /// Below this the verdict is "not a snake"; in between, "unsure".
        public var notSnakeBelow: Double

        public init(snakeAtLeast: Double, notSnakeBelow: Double) {
            self.snakeAtLeast = snakeAtLeast
            self.notSnakeBelow = notSnakeBelow
        }

        enum CodingKeys: String, CodingKey {
            case snakeAtLeast = "snake_at_least"
            case notSnakeBelow = "not_snake_below"
        }
    }

    public var name: String
    public var description: String?
    /// The TorchScript file for libtorch, relative to the bundle folder (nil: none).
    public var weights: String?
    /// The ONNX file for OpenVINO, relative to the bundle folder (nil: none).
    public var onnx: String?
    public var input: Input
    public var verdict: VerdictThresholds
    /// Where the dangerous probability turns into a risk.
    public var risk: RiskThresholds
    /// When the bundle recognises a snake's species (else its risk is ``Risk/unknown``).
    public var recognition: RecognitionRule
    /// The snake classes; their probabilities add up to the snake probability.
    public var snakes: [SnakeSpecies]
    /// Class labels in model output order.
    public var labels: [String]
    /// A trained head ranking the species on the backbone's pooled features (`snakeid train`);
    /// nil for a bundle whose species are ImageNet classes (`snakes`). With one, `snakes` still
    /// decides the verdict and the head ranks the species.
    public var speciesHead: SpeciesHeadMetadata?

    /// The risk thresholds of a bundle whose `model.json` has none (written before risks existed).
    public static let defaultRisk = RiskThresholds(dangerousAtLeast: 0.5, possibleAtLeast: 0.05, mildNoteAtLeast: 0.2)

    /// The recognition rule of a bundle whose `model.json` has none: the default bundle's,
    /// measured with `make eval` (README, "Could it be dangerous?").
    public static let defaultRecognition = RecognitionRule(
        signal: .topSpeciesProbability, recognisedAtLeast: 0.45, lookAlikes: ["hognose snake"],
        recognisedAtLeastFor: ["vine snake": 0.81])

    public init(
        name: String, description: String?, weights: String?, onnx: String? = nil, input: Input,
        verdict: VerdictThresholds, risk: RiskThresholds = ModelMetadata.defaultRisk,
        recognition: RecognitionRule = ModelMetadata.defaultRecognition, snakes: [SnakeSpecies], labels: [String],
        speciesHead: SpeciesHeadMetadata? = nil
    ) {
        self.name = name
        self.description = description
        self.weights = weights
        self.onnx = onnx
        self.input = input
        self.verdict = verdict
        self.risk = risk
        self.recognition = recognition
        self.snakes = snakes
        self.labels = labels
        self.speciesHead = speciesHead
    }

    enum CodingKeys: String, CodingKey {
        case name, description, weights, onnx, input, verdict, risk, recognition, snakes, labels
        case speciesHead = "species_head"
    }

    /// Decodes `model.json`; `risk` and `recognition` may be absent (``defaultRisk``,
    /// ``defaultRecognition``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        weights = try container.decodeIfPresent(String.self, forKey: .weights)
        onnx = try container.decodeIfPresent(String.self, forKey: .onnx)
        input = try container.decode(Input.self, forKey: .input)
        verdict = try container.decode(VerdictThresholds.self, forKey: .verdict)
        risk = try container.decodeIfPresent(RiskThresholds.self, forKey: .risk) ?? Self.defaultRisk
        recognition =
            try container.decodeIfPresent(RecognitionRule.self, forKey: .recognition) ?? Self.defaultRecognition
        snakes = try container.decode([SnakeSpecies].self, forKey: .snakes)
        labels = try container.decode([String].self, forKey: .labels)
        speciesHead = try container.decodeIfPresent(SpeciesHeadMetadata.self, forKey: .speciesHead)
    }

    /// A species the recognition rule names (a look-alike or an own threshold) that the bundle
    /// does not have, or nil. The default rule, which a bundle without `recognition` gets, is
    /// not checked: its names simply never match another bundle's species.
    private var unknownRecognitionName: String? {
        guard recognition != Self.defaultRecognition else { return nil }
        let known = Set(snakes.map(\.commonName) + (speciesHead?.classes.map(\.commonName) ?? []))
        let named = recognition.lookAlikes + recognition.recognisedAtLeastFor.keys.sorted()
        return named.first { !known.contains($0) }
    }

    /// Why this metadata cannot be used, or nil when it is valid.
    var validationProblem: String? {
        if labels.isEmpty { return "model metadata lists no labels" }
        if weights == nil && onnx == nil {
            return "model metadata names no model file (\"weights\": TorchScript, \"onnx\": ONNX)"
        }
        if input.width <= 0 || input.height <= 0 || input.resizeShorterSide < min(input.width, input.height) {
            return "invalid input size in model metadata"
        }
        if input.mean.count != 3 || input.std.count != 3 || input.std.contains(where: { $0 == 0 }) {
            return "mean and std must have three non-zero values"
        }
        if let bad = snakes.first(where: { !labels.indices.contains($0.index) }) {
            return "snake class \(bad.index) is outside the \(labels.count) labels"
        }
        if !(0...1).contains(verdict.notSnakeBelow) || verdict.notSnakeBelow > verdict.snakeAtLeast {
            return "verdict thresholds must satisfy 0 <= not_snake_below <= snake_at_least <= 1"
        }
        if !(0...1).contains(risk.possibleAtLeast) || risk.possibleAtLeast > risk.dangerousAtLeast
            || risk.dangerousAtLeast > 1
        {
            return "risk thresholds must satisfy 0 <= possible_at_least <= dangerous_at_least <= 1"
        }
        if !recognition.recognisedAtLeast.isFinite {
            return "recognition.recognised_at_least must be a number"
        }
        if let (name, value) = recognition.recognisedAtLeastFor.first(where: { !$0.value.isFinite }) {
            return "recognition.recognised_at_least_for[\"\(name)\"] must be a number, not \(value)"
        }
        if let unknown = unknownRecognitionName {
            return "recognition names \"\(unknown)\", which is none of the bundle's species (a typo would never match)"
        }
        return nil
    }
}
