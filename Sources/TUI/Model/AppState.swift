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
    var fetch: FetchProgress?
    var notice: Notice?
    /// The last error, kept on the status line until the next one.
    var lastError: String?
    var shouldQuit = false
    /// The folder `~` goes to.
    var homeDirectory: String
    /// How long the selection must rest before it is classified, in seconds.
    var debounce: Double
    /// The folder to go back to when entering one fails.
    var returnDirectory: (path: String, name: String)?
    /// The browser entry the subject was last taken from.
    var selectionShown: DirectoryEntry?

    init(
        directory: String, homeDirectory: String, modelName: String, threads: Int, columns: Int, rows: Int,
        debounce: Double = 0.12
    ) {
        self.layout = Layout(columns: columns, rows: rows)
        self.browser = BrowserState(directory: directory)
        self.model = .loading(name: modelName)
        self.threads = threads
        self.homeDirectory = homeDirectory
        self.debounce = debounce
    }

    /// Where keys go now.
    var inputContext: InputContext {
        if layout.isTooSmall { return .tooSmall }
        if showsHelp { return .help }
        if prompt != nil { return .prompt }
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

    /// The rows of the review table in its current order.
    var reviewRows: [ReviewRow] {
        ReviewRow.rows(of: results, sortedBy: review?.sort ?? ReviewSort(column: .order, ascending: true))
    }

    /// When the loop must wake up even without input (the debounce deadline), if ever.
    var nextDeadline: Double? { pending?.due }
}
