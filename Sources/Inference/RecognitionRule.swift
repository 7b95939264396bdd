/// When a bundle recognises the species of a snake photo (`model.json` → `recognition`): a
/// score read from the prediction, compared with a threshold the bundle was calibrated for.
///
/// A snake of a species the bundle was never taught spreads its probability over look-alikes,
/// so "no dangerous class is likely" says nothing about it; only a recognised harmless species
/// earns ``Risk/low``, anything else is ``Risk/unknown``. `make eval` measures every signal
/// on the shared photos (`scripts/eval.py`, the README's "Could it be dangerous?").
public struct RecognitionRule: Sendable, Codable, Equatable {
    /// What the score is; every one is higher for a more confidently recognised species.
    public enum Signal: String, Sendable, Codable, CaseIterable {
        /// The top species' probability among the snake classes (the first of `species`).
        case topSpeciesShare = "top_species_share"
        /// The top species' probability as a fraction of the whole image (its share times the
        /// snake probability).
        case topSpeciesProbability = "top_species_probability"
        /// The model's largest raw score (`max_logit`).
        case maxLogit = "max_logit"
        /// log Σ exp(logit), the negative of `energy`.
        case negativeEnergy = "negative_energy"
    }

    public var signal: Signal
    /// The species is recognised when the signal's score reaches this.
    public var recognisedAtLeast: Double
    /// Species (common names, as in `snakes`) that the bundle cannot tell from the dangerous
    /// snakes they look like, so never recognised however confident: hognose snakes mimic
    /// vipers, and the default bundle calls puff adders "hognose snake" at 95%.
    public var lookAlikes: [String]

    public init(signal: Signal, recognisedAtLeast: Double, lookAlikes: [String] = []) {
        self.signal = signal
        self.recognisedAtLeast = recognisedAtLeast
        self.lookAlikes = lookAlikes
    }

    enum CodingKeys: String, CodingKey {
        case signal
        case recognisedAtLeast = "recognised_at_least"
        case lookAlikes = "look_alikes"
    }

    /// Decodes `model.json`'s `recognition`; `look_alikes` may be absent (none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        signal = try container.decode(Signal.self, forKey: .signal)
        recognisedAtLeast = try container.decode(Double.self, forKey: .recognisedAtLeast)
        lookAlikes = try container.decodeIfPresent([String].self, forKey: .lookAlikes) ?? []
    }

    /// The signal's score for a prediction (0 when it names no species).
    public func score(_ prediction: Prediction) -> Double {
        switch signal {
        case .topSpeciesShare: prediction.species.first?.probability ?? 0
        case .topSpeciesProbability: (prediction.species.first?.probability ?? 0) * prediction.snakeProbability
        case .maxLogit: prediction.maxLogit
        case .negativeEnergy: -prediction.energy
        }
    }

    /// Whether the prediction's top species is one of ``lookAlikes``.
    public func isLookAlike(_ prediction: Prediction) -> Bool {
        prediction.species.first.map { lookAlikes.contains($0.label) } ?? false
    }

    /// Whether the bundle recognises the prediction's top species: its score reaches the
    /// threshold and it is not a look-alike.
    public func recognises(_ prediction: Prediction) -> Bool {
        !prediction.species.isEmpty && !isLookAlike(prediction) && score(prediction) >= recognisedAtLeast
    }
}
