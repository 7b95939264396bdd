/// How dangerous a snake species is to people.
public enum Danger: String, Sendable, Codable, CaseIterable {
    case harmless
    case mildlyVenomous = "mildly_venomous"
    case constrictor
    case dangerous

    /// Words for people, e.g. "venomous, dangerous".
    public var description: String {
        switch self {
        case .harmless: "harmless"
        case .mildlyVenomous: "mildly venomous"
        case .constrictor: "non-venomous constrictor"
        case .dangerous: "venomous, dangerous"
        }
    }

    /// Whether the species is venomous at all.
    public var isVenomous: Bool { self == .mildlyVenomous || self == .dangerous }
}

/// A snake class of the model, with what people need to know about it.
public struct SnakeSpecies: Sendable, Codable, Equatable {
    /// The class index in the model's output.
    public var index: Int
    /// The common name, e.g. "Indian cobra".
    public var commonName: String
    /// The scientific name, e.g. "Naja naja".
    public var scientificName: String
    /// Danger to people.
    public var danger: Danger

    public init(index: Int, commonName: String, scientificName: String, danger: Danger) {
        self.index = index
        self.commonName = commonName
        self.scientificName = scientificName
        self.danger = danger
    }

    enum CodingKeys: String, CodingKey {
        case index
        case commonName = "common_name"
        case scientificName = "scientific_name"
        case danger
    }
}
