import FoundationEssentials

/// The library that runs a bundle's model.
///
/// libtorch is the default; OpenVINO runs bundles that have only an ONNX file, or any bundle
/// with an ONNX file when asked (`--engine openvino`, `$SNAKEID_ENGINE`).
public enum Engine: String, Sendable, CaseIterable, CustomStringConvertible {
    /// libtorch on the bundle's TorchScript file (`weights`, usually `model.pt`).
    case torch
    /// OpenVINO's CPU plugin on the bundle's ONNX file (`onnx`, usually `model.onnx`).
    case openvino

    public var description: String { rawValue }

    /// The engine that runs `bundle` and the model file it reads: `requested` when given, else
    /// libtorch when the bundle has a TorchScript file, else OpenVINO. A bundle whose
    /// `model.json` names a TorchScript file that is not there but whose ONNX file is (a bundle
    /// copied with its ONNX file only, as into the slim image) runs on OpenVINO.
    /// - Throws: `InferenceError` `.model` when the bundle has no file for the requested engine,
    ///   or the file it names for it is missing.
    public static func resolve(_ requested: Engine?, for bundle: ModelBundle) throws(InferenceError) -> (
        engine: Engine, path: String
    ) {
        let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
        switch (requested, bundle.weightsPath, bundle.onnxPath) {
        case (nil, let weights?, let onnx?) where !exists(weights) && exists(onnx):
            return (.openvino, onnx)
        case (.torch, let path?, let onnx?) where !exists(path) && exists(onnx):
            throw InferenceError(
                .model, source: path,
                reason: "the bundle's TorchScript file is missing; its ONNX file runs with --engine openvino")
        case (.torch, let path?, _), (nil, let path?, _): return (.torch, path)
        case (.openvino, _, let path?), (nil, nil, let path?): return (.openvino, path)
        case (.torch, nil, _):
            throw InferenceError(
                .model, source: bundle.directory,
                reason: "the bundle has no TorchScript file (\"weights\" in model.json); use --engine openvino")
        case (.openvino, _, nil):
            throw InferenceError(
                .model, source: bundle.directory,
                reason: "the bundle has no ONNX file (\"onnx\" in model.json); use --engine torch")
        case (nil, nil, nil):
            throw InferenceError(.model, source: bundle.directory, reason: "the bundle names no model file")
        }
    }

    /// Loads the model at `path` with this engine, for images of `input`'s size, run as
    /// `configuration` says (lanes and threads; for OpenVINO, see `OpenVINOSettings`).
    /// - Throws: `InferenceError` `.model` when the engine or the file cannot be loaded.
    public func loadBackend(
        path: String, input: ModelMetadata.Input, configuration: InferenceConfiguration
    ) throws(InferenceError) -> any InferenceBackend {
        switch self {
        case .torch:
            return try TorchBackend(path: path, optimize: configuration.optimize)
        case .openvino:
            return try OpenVINOBackend(
                path: path, settings: OpenVINOSettings(configuration: configuration),
                shape: (3, input.height, input.width))
        }
    }
}
