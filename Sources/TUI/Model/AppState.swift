import Inference
import Server

/// Everything the UI shows, as plain values: the views draw it, the `Reducer` changes it, and
/// nothing in it touches the terminal, the file system or the model.
struct AppState: Sendable {
    /// A debounced classification: the selection must rest on an image this long first.
    struct PendingClassification: Sendable, Equatable {
        var key: ItemKey
        var due: Double
    }

    var layout: Layout
    var browser: BrowserState
    /// What the preview and the prediction panel show.
    var subject: Subject?
    var previews = PreviewCache()
    /// Previews drawn for the terminal, by photo, box and style.
    var renders = PreviewRenders()
    /// Whether the preview fills the screen (`z`).
    var previewZoomed = false
    var results = ResultStore()
    var pending: PendingClassification?
    /// Items being classified (one by one or in the batch).
    var classifying: Set<ItemKey> = []
    /// Previews being decoded.
    var decoding: Set<ItemKey> = []
    /// Whether the preview shows where the model looked (`x`).
    var showsMap = false
    /// Occlusion-map overlays by item, preview-sized.
    var maps: [ItemKey: Result<RGBImage, InferenceError>] = [:]
    /// Items whose map is being computed.
    var explaining: Set<ItemKey> = []
    var prompt: Prompt?
    var review: ReviewState?
    var showsHelp = false
    var model: ModelStatus
    var threads: Int
    var server: ServerStatus = .stopped
    /// What the API prompt offers (the last address used).
    var serverAddress = ServerConfiguration.defaultAddress
    var batch: BatchProgress?
    /// Keys of the batch not answered yet.
    var batchRemaining: Set<ItemKey> = []
    /// Keys of the batch the user asked for meanwhile: classified at once, ahead of the batch.
    var prioritized: Set<ItemKey> = []
    var fetch: FetchProgress?
    var notice: Notice?
    /// The last error, on the status line until the next success or `errorExpiry`.
    var lastError: String?
    /// When `lastError` leaves the status line.
    var errorExpiry: Double?
    var shouldQuit = false
    /// `q` was pressed once while quitting would lose something; the next `q` quits.
    var quitArmed = false
    /// Folder-run results since the last export (what quitting would lose; photos looked at one
    /// by one are classified again in a moment).
    var unexported = 0
    /// What the export prompt offers: a path without extension (`.csv` and `.json` are added).
    var exportBase: String
    /// The first row of the help overlay shown.
    var helpScroll = 0
    /// Whether the welcome panel shows instead of the browser.
    var showsWelcome = false
    /// Whether the first listing, if it has no images, opens the welcome panel.
    var offersWelcome: Bool
    /// The sample photos the welcome panel offers (`e`), when there are some.
    var samplesDirectory: String?
    /// The folder `~` goes to.
    var homeDirectory: String
    /// How long the selection must rest before it is classified, in seconds.
    var debounce: Double
    /// The folder to go back to when entering one fails.
    var returnDirectory: (path: String, name: String)?
    /// The browser entry the subject was last taken from.
    var selectionShown: DirectoryEntry?
    /// The labels of the tree shown.
    var labelling: Labelling
    /// Photos marked with `m` (paths): what `t` labels.
    var marked: Set<String> = []
    /// The `t` being answered.
    var tagging: Tagging?
    /// The `L` view of the labelled set, when open.
    var labelsView: LabelsViewState?
    /// The model in use and the others `M` offers.
    var models: ModelSwitching
    /// The training run in the background (`T`), if any.
    var training: TrainingStatus?
    /// The last training report, while its view is open.
    var report: ReportState?
    /// The bundle name the last `T` used (a retrain keeps it).
    var lastTrainedName: String?

    init(
        directory: String, homeDirectory: String, modelName: String, threads: Int, columns: Int, rows: Int,
        debounce: Double = 0.12, exportBase: String? = nil, offersWelcome: Bool = false,
        labelsFolder: String? = nil, bundleSpecies: [LabelSet.Species] = [], modelDirectory: String = "",
        bundlesFolder: String? = nil
    ) {
        let initial = ModelChoice(name: modelName, directory: modelDirectory)
        self.models = ModelSwitching(
            initial: initial, current: initial,
            bundlesFolder: bundlesFolder ?? homeDirectory + "/.local/share/snakeid/bundles")
        self.labelling = Labelling(
            folder: labelsFolder ?? homeDirectory + "/.local/share/snakeid/labels", bundleSpecies: bundleSpecies)
        self.layout = Layout(columns: columns, rows: rows)
        self.browser = BrowserState(directory: directory)
        self.model = .loading(name: modelName)
        self.threads = threads
        self.homeDirectory = homeDirectory
        self.debounce = debounce
        self.exportBase = exportBase ?? homeDirectory + "/snakeid-review"
        self.offersWelcome = offersWelcome
    }

    /// How long an error stays on the status line, in seconds.
    static let errorLifetime = 15.0

    /// Where keys go now.
    var inputContext: InputContext {
        if layout.isTooSmall { return .tooSmall }
        if showsHelp { return .help }
        if prompt != nil { return .prompt }
        if report != nil { return .report }
        if labelsView != nil { return .labels }
        if review != nil { return .review }
        return .browse
    }

    /// The classification shown for the subject, if there is one yet.
    var subjectResult: Result<Prediction, InferenceError>? {
        subject?.key.flatMap { results.result(for: $0) }
    }

    /// Whether the subject is waiting for (or in) the model.
    var subjectIsClassifying: Bool {
        guard let key = subject?.key, subjectResult == nil else { return false }
        return classifying.contains(key) || pending?.key == key || fetch?.url == key.source
    }

    /// Whether `key` still needs asking the model for: no result yet, and not in flight — or
    /// only waiting in the batch, where the user's request goes ahead of it.
    func needsClassifying(_ key: ItemKey) -> Bool {
        guard results.result(for: key) == nil || isStale(key) else { return false }
        if !classifying.contains(key) { return true }
        return batchRemaining.contains(key) && !prioritized.contains(key)
    }

    /// Whether `key`'s result came from a model used before the one in use now.
    func isStale(_ key: ItemKey) -> Bool {
        results.generation(for: key).map { $0 < models.generation } ?? false
    }

    /// Results that are successes and failures (cancellations are not stored).
    var classifiedCounts: (succeeded: Int, failed: Int) {
        let failed = results.failureCount
        return (results.count - failed, failed)
    }

    /// The rows of the review table in its current order.
    var reviewRows: [ReviewRow] {
        ReviewRow.rows(of: results, sortedBy: review?.sort ?? ReviewSort(column: .order, ascending: true))
    }

    /// When the loop must wake up even without input (the debounce deadline, the error's
    /// expiry), if ever.
    var nextDeadline: Double? {
        [pending?.due, errorExpiry].compactMap { $0 }.min()
    }
}
