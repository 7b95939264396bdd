/// Could the snake in a photo be dangerous? Read from the whole species ranking, not the top
/// species alone: a photo whose best guess is a harmless species but that puts 14% on two
/// vipers is a `possible`, not a `low`. And `low` is earned: only a species the bundle
/// recognises (``RecognitionRule``) can make a snake harmless.
public enum Risk: String, Sendable, Codable, CaseIterable {
    /// A dangerous species is likely: `dangerous_probability` reaches the bundle's
    /// `risk.dangerous_at_least`.
    case dangerous
    /// A dangerous species cannot be ruled out: `dangerous_probability` reaches
    /// `risk.possible_at_least`.
    case possible
    /// No dangerous species it knows is plausible, but the bundle does not recognise the
    /// snake's species (``RecognitionRule``): one of the thousands it was never taught, to be
    /// treated as venomous.
    case unknown
    /// A harmless (or mildly venomous) species the bundle recognises; always the risk of a
    /// "not a snake" verdict.
    case low
}

/// The sentence every human-readable face shows about danger, built once here so that the CLI,
/// the terminal UI and the HTML page say the same thing.
public struct RiskWarning: Sendable, Equatable {
    public enum Level: Sendable, Equatable {
        /// A dangerous species is likely or cannot be ruled out.
        case dangerous
        /// The species is not recognised: to be treated as venomous.
        case unrecognised
        /// No dangerous species is plausible, but mildly venomous ones are.
        case mildlyVenomous
    }

    public var level: Level

    /// Whether the faces show it as a danger (⚠, the danger colour): every level but the mildly
    /// venomous note.
    public var isDanger: Bool { level != .mildlyVenomous }

    /// What every face says for ``Risk/unknown``.
    public static let unrecognisedText =
        "SnakeID does not recognise this snake's species: treat it as venomous."

    /// The sentence without a marker, e.g. "A dangerous species cannot be ruled out (horned
    /// viper, sidewinder: 14%)"; each face adds its own marker (⚠ or [!]).
    public var text: String
}

/// Where the dangerous probability turns into a risk (`model.json` → `risk`).
public struct RiskThresholds: Sendable, Codable, Equatable {
    /// At or above this dangerous probability (a fraction of the whole image) the risk is
    /// `dangerous`.
    public var dangerousAtLeast: Double
    /// At or above this, `possible`; below, `low`.
    public var possibleAtLeast: Double
    /// A "mildly venomous" note is shown when the risk is low but the mildly venomous species
    /// hold at least this fraction of the image.
    public var mildNoteAtLeast: Double

    public init(dangerousAtLeast: Double, possibleAtLeast: Double, mildNoteAtLeast: Double) {
        self.dangerousAtLeast = dangerousAtLeast
        self.possibleAtLeast = possibleAtLeast
        self.mildNoteAtLeast = mildNoteAtLeast
    }

    enum CodingKeys: String, CodingKey {
        case dangerousAtLeast = "dangerous_at_least"
        case possibleAtLeast = "possible_at_least"
        case mildNoteAtLeast = "mild_note_at_least"
    }

    /// The risk for a prediction's dangerous probability and verdict, and whether the bundle
    /// recognises the species (``RecognitionRule/recognises(_:)``).
    public func risk(dangerousProbability: Double, verdict: Verdict, recognised: Bool) -> Risk {
        guard verdict != .notSnake else { return .low }
        if dangerousProbability >= dangerousAtLeast { return .dangerous }
        if dangerousProbability >= possibleAtLeast { return .possible }
        return recognised ? .low : .unknown
    }
}

extension Prediction {
    /// The danger sentence for people, or nil when there is nothing to warn about.
    ///
    /// Names the dangerous (or, for the mild note, mildly venomous) species that carry the
    /// probability, up to three, and their share of the whole image.
    public var riskWarning: RiskWarning? {
        let percent = { (value: Double) in Self.percentText(value) }
        switch risk {
        case .dangerous:
            let names = Self.names(species.filter { $0.danger == .dangerous })
            return RiskWarning(
                level: .dangerous,
                text: "Likely a dangerous venomous snake (\(names): \(percent(dangerousProbability))). Keep well away.")
        case .possible:
            let names = Self.names(species.filter { $0.danger == .dangerous })
            return RiskWarning(
                level: .dangerous,
                text: "A dangerous species cannot be ruled out (\(names): \(percent(dangerousProbability))).")
        case .unknown:
            guard isTakenForDangerous, let name = species.first?.label else {
                return RiskWarning(level: .unrecognised, text: RiskWarning.unrecognisedText)
            }
            return RiskWarning(
                level: .unrecognised,
                text: "SnakeID cannot tell a \(name) from the dangerous snakes that look like it: treat it as venomous."
            )
        case .low:
            let mild = venomousProbability - dangerousProbability
            guard verdict != .notSnake, mild >= mildNoteAtLeast else { return nil }
            let names = Self.names(species.filter { $0.danger == .mildlyVenomous })
            return RiskWarning(
                level: .mildlyVenomous, text: "Possibly mildly venomous (\(names): \(percent(mild))).")
        }
    }

    /// "horned viper, sidewinder": the first three, best first, that carry any probability.
    private static func names(_ species: [SpeciesProbability]) -> String {
        let named = species.filter { $0.probability >= 0.005 }.prefix(3).map(\.label)
        return named.isEmpty ? (species.first?.label ?? "") : named.joined(separator: ", ")
    }

    /// A percentage for sentences: "14%", "0.4%".
    static func percentText(_ value: Double) -> String {
        let tenths = (value * 1000).rounded()
        if tenths >= 100 { return "\(Int((value * 100).rounded()))%" }
        return "\(tenths / 10)%"
    }
}
