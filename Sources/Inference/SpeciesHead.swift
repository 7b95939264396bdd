import FoundationEssentials

/// A species a trained head ranks (`model.json` → `species_head.classes`).
public struct HeadClass: Sendable, Codable, Equatable {
    /// The class folder's name, e.g. "puff_adder_Bitis_arietans".
    public var label: String
    /// The name people use, e.g. "puff adder".
    public var commonName: String
    /// The scientific name, e.g. "Bitis arietans" ("" when the classes file gave none).
    public var scientificName: String
    /// Danger to people (`dangerous` when the classes file gave none).
    public var danger: Danger

    public init(label: String, commonName: String, scientificName: String, danger: Danger) {
        self.label = label
        self.commonName = commonName
        self.scientificName = scientificName
        self.danger = danger
    }

    enum CodingKeys: String, CodingKey {
        case label, danger
        case commonName = "common_name"
        case scientificName = "scientific_name"
    }
}

/// What `model.json` says of a trained species head (`species_head`): the file of its weights,
/// the length of the feature vector it reads and its classes in output order.
public struct SpeciesHeadMetadata: Sendable, Codable, Equatable {
    /// The weights file, relative to the bundle folder (`head.json`, see ``SpeciesHead``).
    public var weights: String
    /// The length of the pooled feature vector (the backbone's second output).
    public var featureCount: Int
    public var classes: [HeadClass]

    public init(weights: String, featureCount: Int, classes: [HeadClass]) {
        self.weights = weights
        self.featureCount = featureCount
        self.classes = classes
    }

    enum CodingKeys: String, CodingKey {
        case weights, classes
        case featureCount = "feature_count"
    }
}

/// A softmax head over the backbone's pooled features: `logits = weights · features + bias`.
///
/// Its file (`head.json`) is `{"weights": [...], "bias": [...]}`: `weights` holds
/// `classes x featureCount` floats row by row (class 0's row first), `bias` one per class.
public struct SpeciesHead: Sendable, Equatable {
    public var classes: [HeadClass]
    public var featureCount: Int
    /// `classes.count x featureCount`, row-major.
    public var weights: [Float]
    public var bias: [Float]

    public init(classes: [HeadClass], featureCount: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == classes.count * featureCount && bias.count == classes.count)
        self.classes = classes
        self.featureCount = featureCount
        self.weights = weights
        self.bias = bias
    }

    /// The class probabilities for one feature vector (softmax of the logits).
    public func probabilities<Features: Collection<Float>>(_ features: Features) -> [Double] {
        let input = Array(features)
        precondition(input.count == featureCount)
        let logits = weights.withUnsafeBufferPointer { weights in
            (0..<classes.count).map { row in
                var sum = bias[row]
                let base = row * featureCount
                for column in 0..<featureCount { sum += weights[base + column] * input[column] }
                return sum
            }
        }
        return PredictionBuilder.softmax(logits)
    }

    private struct File: Codable {
        var weights: [Float]
        var bias: [Float]
    }

    /// Writes the weights file.
    func write(to path: String) throws {
        let data = try JSONEncoder().encode(File(weights: weights, bias: bias))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads the head `metadata` describes from `directory`.
    /// - Throws: `InferenceError` `.model` when the file is missing or its sizes do not match.
    static func load(_ metadata: SpeciesHeadMetadata, directory: String) throws(InferenceError) -> SpeciesHead {
        let path = directory + "/" + metadata.weights
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw InferenceError(.model, source: path, reason: "cannot read the species head: \(error)")
        }
        guard !metadata.classes.isEmpty, metadata.featureCount > 0,
            file.weights.count == metadata.classes.count * metadata.featureCount,
            file.bias.count == metadata.classes.count
        else {
            throw InferenceError(
                .model, source: path,
                reason: "the species head has \(file.weights.count) weights and \(file.bias.count) biases; "
                    + "model.json wants \(metadata.classes.count) classes x \(metadata.featureCount) features")
        }
        return SpeciesHead(
            classes: metadata.classes, featureCount: metadata.featureCount, weights: file.weights, bias: file.bias)
    }
}
