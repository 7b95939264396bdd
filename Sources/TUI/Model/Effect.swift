import Inference

/// Work the reducer asks for; the `EffectRunner` does it in the background and answers with
/// `Event`s. Effects are plain values, so reducer tests can check them without running them.
enum Effect: Equatable, Sendable {
    /// List a folder (and watch it: a change on disk answers `Event.directoryChanged`).
    case listDirectory(String)
    /// Find the images under a folder, subfolders too, for a recursive run.
    case findImages(under: String)
    case loadPreview(ItemKey)
    case loadPreviewBytes(ItemKey, [UInt8])
    /// Draw a decoded preview for its box with libchafa.
    case renderPreview(RenderRequest)
    case classify(ItemKey)
    case classifyBytes(ItemKey, [UInt8])
    case classifyBatch([ItemKey])
    /// Compute the occlusion map of a file (``Inference/Classifier/explain(bytes:source:grid:topK:)``).
    case explain(ItemKey)
    case cancelBatch
    case fetch(String)
    case cancelFetch
    case startServer(host: String, port: Int)
    case stopServer
    /// Write the items to `<base>.csv` and `<base>.json`, numbering the name when taken.
    case export([ExportItem], base: String)
    /// Repaint the whole terminal (Ctrl-L).
    case repaint
    /// Train a bundle in the background (`Event.trainingProgress`, then `.trained` or `.trainingFailed`).
    case train(TrainingJob)
    /// Stop the training run; nothing is written.
    case cancelTraining
    /// List the bundles saved in a folder (`Event.modelsListed`).
    case listModels(folder: String)
    /// Load a bundle and classify with it from then on (`Event.modelSwitched`).
    case switchModel(ModelChoice)
    /// Read the label set covering a folder from the label files in `folder`.
    case loadLabels(covering: String, folder: String)
    /// Write a label set to its file in `folder`.
    case saveLabels(LabelSet, folder: String)
}

/// What a review export writes for one item.
struct ExportItem: Equatable, Sendable {
    var source: String
    var result: Result<Prediction, InferenceError>
}
