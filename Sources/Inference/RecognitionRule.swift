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
    /// Species (common names) held to a threshold of their own instead of
    /// ``recognisedAtLeast``: the ones unknown dangerous snakes are often taken for, with some
    /// confidence. The default bundle calls boomslangs and black mambas "vine snake" at up to
    /// 0.77 of the image; its ImageNet vine snake reads 0.84.
    public var recognisedAtLeastFor: [String: Double]

    public init(
        signal: Signal, recognisedAtLeast: Double, lookAlikes: [String] = [],
        recognisedAtLeastFor: [String: Double] = [:]
    ) {
        self.signal = signal
        self.recognisedAtLeast = recognisedAtLeast
        self.lookAlikes = lookAlikes
        self.recognisedAtLeastFor = recognisedAtLeastFor
    }

    enum CodingKeys: String, CodingKey {
        case signal
        case recognisedAtLeast = "recognised_at_least"
        case lookAlikes = "look_alikes"
        case recognisedAtLeastFor = "recognised_at_least_for"
    }

    /// Decodes `model.json`'s `recognition`; `look_alikes` and `recognised_at_least_for` may be
    /// absent (none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        signal = try container.decode(Signal.self, forKey: .signal)
        recognisedAtLeast = try container.decode(Double.self, forKey: .recognisedAtLeast)
        lookAlikes = try container.decodeIfPresent([String].self, forKey: .lookAlikes) ?? []
        recognisedAtLeastFor =
            try container.decodeIfPresent([String: Double].self, forKey: .recognisedAtLeastFor) ?? [:]
    }

    /// Writes the rule as `model.json` has it; the per-species thresholds only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(signal, forKey: .signal)
        try container.encode(recognisedAtLeast, forKey: .recognisedAtLeast)
        try container.encode(lookAlikes, forKey: .lookAlikes)
        if !recognisedAtLeastFor.isEmpty {
            try container.encode(recognisedAtLeastFor, forKey: .recognisedAtLeastFor)
        }
    }

    /// The threshold the species named `label` must reach: its own, else ``recognisedAtLeast``.
    public func threshold(for label: String) -> Double {
        recognisedAtLeastFor[label] ?? recognisedAtLeast
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

    /// Whether the prediction's top species is one dangerous snakes are taken for: one of
    /// ``lookAlikes``, or a species held to a stricter threshold of its own
    /// (``recognisedAtLeastFor``). When such a species is not recognised, the warning says why.
    public func isTakenForDangerous(_ prediction: Prediction) -> Bool {
        guard let top = prediction.species.first?.label else { return false }
        return lookAlikes.contains(top) || recognisedAtLeastFor[top].map { $0 > recognisedAtLeast } == true
    }

    /// Whether the prediction's top species is one of ``lookAlikes``.
    public func isLookAlike(_ prediction: Prediction) -> Bool {
        prediction.species.first.map { lookAlikes.contains($0.label) } ?? false
    }

    /// Whether the bundle recognises the prediction's top species: it is not a look-alike and
    /// its score reaches the species' threshold (``threshold(for:)``).
    public func recognises(_ prediction: Prediction) -> Bool {
        guard let top = prediction.species.first, !isLookAlike(prediction) else { return false }
        return score(prediction) >= threshold(for: top.label)
    }
}
