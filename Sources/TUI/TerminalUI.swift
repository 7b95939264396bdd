import Dispatch
import FoundationEssentials
import Glibc
import Inference
import Logging
import Server

/// SnakeID's terminal UI: a file browser with a libchafa preview and the prediction panel,
/// URL classification, whole-folder runs, a review table, and the HTTP API on the same model.
///
/// ```swift
/// let options = TerminalUI.Options(directory: ".", bundleDirectory: ModelLocator.defaultBundleDirectory(),
///                                  configuration: .tuned(threads: 2), logger: logger)
/// let status = TerminalUI.run(options)  // blocks until the user quits
/// ```
///
/// Call `run` from a thread of its own (not the Swift concurrency pool): it blocks, while the
/// model and the rest of the work run on other threads.
public enum TerminalUI {
    /// What the UI starts with.
    public struct Options: Sendable {
        /// The folder shown first.
        public var directory: String
        /// The model bundle folder.
        public var bundleDirectory: String
        public var configuration: InferenceConfiguration
        public var logger: Logger
        /// Looked up for `NO_COLOR`, `COLORTERM`, `HOME`, `XDG_DATA_HOME`, `SNAKEID_TUI_METRICS`,
        /// `SNAKEID_PREVIEW` and the terminal's identity (`TERM`, `TERM_PROGRAM`, `TMUX`…).
        public var environment: [String: String]
        /// Open the welcome panel when `directory` has no images (the user named no folder).
        public var welcomesWhenEmpty: Bool
        /// The repository's sample photos (`samples/`), which the welcome panel offers; nil:
        /// none found.
        public var samplesDirectory: String?
        /// How the preview is drawn: one of ``TerminalUI/previewChoices``; nil: `SNAKEID_PREVIEW`,
        /// else `auto` (a bitmap where the terminal is known to show one, symbols otherwise).
        public var preview: String?
        /// How the API started from the UI answers (limits, API keys, CORS, probes), as
        /// `snakeid serve` builds it; its host and port are the ones the UI asks for.
        public var server: ServerConfiguration

        public init(
            directory: String, bundleDirectory: String, configuration: InferenceConfiguration, logger: Logger,
            environment: [String: String] = ProcessInfo.processInfo.environment, welcomesWhenEmpty: Bool = false,
            preview: String? = nil, samplesDirectory: String? = nil, server: ServerConfiguration = ServerConfiguration()
        ) {
            self.server = server
            self.samplesDirectory = samplesDirectory
            self.directory = directory
            self.bundleDirectory = bundleDirectory
            self.configuration = configuration
            self.logger = logger
            self.environment = environment
            self.welcomesWhenEmpty = welcomesWhenEmpty
            self.preview = preview
        }
    }

    /// The values `--preview` and `SNAKEID_PREVIEW` take.
    public static let previewChoices = PreviewChoice.allCases.map(\.rawValue)

    /// Shows the UI until the user quits, then restores the terminal and prints what was
    /// written to standard error meanwhile.
    /// - Returns: the exit status: 0, or 1 when the terminal could not be used or the model
    ///   failed to load (the reason then goes to standard error).
    public static func run(_ options: Options) -> Int32 {
        let bundle = Result { () throws(InferenceError) in try ModelBundle.load(from: options.bundleDirectory) }
        let capture = StderrCapture()
        let terminal: Terminal
        do {
            terminal = try Terminal(
                environment: options.environment,
                preview: PreviewStyle.choice(option: options.preview, environment: options.environment))
        } catch {
            capture?.restore()
            FileStream.standardError.write("snakeid: cannot start the terminal UI: \(error)\n")
            return 1
        }
        let inbox = Inbox()
        terminal.installSignalHandlers(capture: capture, resizeDescriptor: inbox.writeDescriptor)
        let metrics = Metrics(path: options.environment["SNAKEID_TUI_METRICS"])
        let model = ModelLoader(
            bundle: bundle, configuration: options.configuration, logger: options.logger, inbox: inbox)
        var fetchLimits = URLFetcher.Limits()
        fetchLimits.allowPrivateAddresses = true  // the user's own request, as with `snakeid classify URL`
        let runner = EffectRunner(
            inbox: inbox, model: model, configuration: options.configuration, fetcher: URLFetcher(limits: fetchLimits),
            server: options.server, metrics: metrics, logger: options.logger)

        let directory = URL(fileURLWithPath: options.directory).standardizedFileURL.path
        let size = terminal.size
        let home = options.environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        var state = AppState(
            directory: directory, homeDirectory: home,
            modelName: (try? bundle.get().name) ?? PathName.lastComponent(of: options.bundleDirectory),
            threads: options.configuration.lanes * options.configuration.threadsPerForward,
            columns: size.columns, rows: size.rows,
            exportBase: ReviewExporter.defaultBase(environment: options.environment, home: home),
            offersWelcome: options.welcomesWhenEmpty,
            labelsFolder: LabelStore.folder(environment: options.environment, home: home),
            bundleSpecies: ((try? bundle.get().metadata.snakes) ?? []).map(LabelSet.Species.init),
            modelDirectory: URL(fileURLWithPath: options.bundleDirectory).standardizedFileURL.path,
            bundlesFolder: ModelCatalog.folder(environment: options.environment, home: home))
        state.samplesDirectory = options.samplesDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if case .failure(let error) = bundle {
            _ = Reducer.reduce(&state, event: .modelFailed(error.description), now: 0)
        }
        runner.run(.listDirectory(directory))
        runner.run(.loadLabels(covering: directory, folder: state.labelling.folder))
        runner.run(.listModels(folder: state.models.bundlesFolder))

        let screen = Screen(terminal: terminal, inbox: inbox, runner: runner, metrics: metrics, state: state)
        screen.run()

        terminal.end()
        let stopped = DispatchSemaphore(value: 0)
        Task {
            await runner.shutdown()
            stopped.signal()
        }
        _ = stopped.wait(timeout: .now() + 5)
        capture?.restore()
        metrics.write()
        if case .failed(let reason) = screen.state.model {
            FileStream.standardError.write("snakeid: the model failed to load: \(reason)\n")
            return 1
        }
        return 0
    }
}
