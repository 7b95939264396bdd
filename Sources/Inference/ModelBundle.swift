import FoundationEssentials

/// A model bundle: a folder holding `model.json` (labels, preprocessing, snake classes, verdict
/// thresholds) and the model as `model.pt` (TorchScript, for libtorch), `model.onnx` (ONNX, for
/// OpenVINO) or both.
///
/// ```swift
/// let bundle = try ModelBundle.load(from: "models/efficientnet-lite0")
/// print(bundle.name, bundle.labels.count)
/// ```
public struct ModelBundle: Sendable {
    /// The folder the bundle was loaded from.
    public var directory: String
    /// The metadata from `model.json`.
    public var metadata: ModelMetadata
    /// The trained species head `metadata.speciesHead` names, read from its file.
    public var speciesHead: SpeciesHead?

    /// The model's name, e.g. "efficientnet-lite0-imagenet".
    public var name: String { metadata.name }
    /// Class labels in model output order.
    public var labels: [String] { metadata.labels }
    /// The path of the TorchScript file, when the bundle has one.
    public var weightsPath: String? { metadata.weights.map { directory + "/" + $0 } }
    /// The path of the ONNX file, when the bundle has one.
    public var onnxPath: String? { metadata.onnx.map { directory + "/" + $0 } }

    public init(directory: String, metadata: ModelMetadata, speciesHead: SpeciesHead? = nil) {
        self.directory = directory
        self.metadata = metadata
        self.speciesHead = speciesHead
    }

    /// Loads and validates `model.json` in `directory`.
    /// - Throws: `InferenceError` of kind `.model` when the file is missing or invalid.
    public static func load(from directory: String) throws(InferenceError) -> ModelBundle {
        let path = directory + "/model.json"
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InferenceError(.model, source: path, reason: "cannot read model metadata")
        }
        let metadata: ModelMetadata
        do {
            metadata = try JSONDecoder().decode(ModelMetadata.self, from: data)
        } catch {
            throw InferenceError(.model, source: path, reason: "invalid model metadata: \(error)")
        }
        if let problem = metadata.validationProblem {
            throw InferenceError(.model, source: path, reason: problem)
        }
        let head = try metadata.speciesHead.map { (head) throws(InferenceError) in
            try SpeciesHead.load(head, directory: directory)
        }
        return ModelBundle(directory: directory, metadata: metadata, speciesHead: head)
    }
}
