import Inference

/// Something that happened outside the key handler: the terminal was resized, or background
/// work finished. Background tasks post events to the `Inbox`; the UI loop feeds them to the
/// reducer.
enum Event: Sendable {
    case resized(columns: Int, rows: Int)
    case directoryListed(DirectoryListing)
    case directoryFailed(path: String, reason: String)
    /// The folder shown changed on disk.
    case directoryChanged(path: String)
    /// The images under `root`, for a recursive run.
    case imagesFound(root: String, [ItemKey])
    case previewReady(ItemKey, Result<RGBImage, InferenceError>)
    /// A preview drawn for one box and style (nil: libchafa produced nothing).
    case previewRendered(RenderKey, PreviewArt?)
    case modelReady(name: String, threads: Int)
    case modelFailed(String)
    case classified(ItemKey, Result<Prediction, InferenceError>)
    /// The photo with its occlusion map, as a preview-sized image.
    case explained(ItemKey, Result<RGBImage, InferenceError>)
    case fetchProgress(url: String, received: Int64, expected: Int64)
    case fetched(url: String, Result<[UInt8], InferenceError>)
    case batchItem(ItemKey, Result<Prediction, InferenceError>)
    case batchFinished(cancelled: Bool)
    case serverStarted(host: String, port: Int)
    case serverFailed(String)
    case serverStopped
    case serverRequests(Int)
    case exported(csv: String, json: String, count: Int)
    case exportFailed(path: String, reason: String)
    case trainingProgress(TrainingProgress)
    case trained(TrainingOutcome)
    /// Training failed or was cancelled (`kind == .cancelled`): nothing was written.
    case trainingFailed(TrainingError)
    /// The bundles saved under `$XDG_DATA_HOME/snakeid/bundles`.
    case modelsListed([ModelChoice])
    /// The UI (and its API) classify with `choice` now; `label` names it on the status line.
    case modelSwitched(ModelChoice, label: String, species: [LabelSet.Species])
    /// The model could not be loaded: the previous one stays.
    case modelSwitchFailed(ModelChoice, reason: String)
    /// The label set of the tree, with its photos no longer on disk; or why its file was refused.
    case labelsLoaded(Result<LabelSet, LabelStore.StoreError>, missing: [String])
    case labelsSaved(path: String)
    case labelsSaveFailed(LabelStore.StoreError)
}
