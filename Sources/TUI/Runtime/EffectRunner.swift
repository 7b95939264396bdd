import Dispatch
import FoundationEssentials
import Inference
import Logging
import NIOConcurrencyHelpers
import Server

/// Runs the reducer's `Effect`s in the background — listing folders, decoding previews,
/// downloading, classifying, serving the API, exporting — and posts what comes of them to the
/// `Inbox`. Nothing here blocks the UI thread, and nothing here touches the terminal.
final class EffectRunner: Sendable {
    private struct Tasks {
        var batch: Task<Void, Never>?
        var fetch: Task<Void, Never>?
        var server: APIServer?
        /// The model the API serves: always the UI's (a switch reloads it).
        var served: ServedModel?
        var serverPoll: Task<Void, Never>?
        /// Watches the folder shown for changes.
        var watch: Task<Void, Never>?
        var training: Task<Void, Never>?
    }

    private let inbox: Inbox
    /// The model classifying now; `M` replaces it.
    private let model: NIOLockedValueBox<ModelLoader>
    /// How a model switched to is loaded (the threads and engine the UI started with).
    private let configuration: InferenceConfiguration
    private let fetcher: URLFetcher
    /// The API's configuration but for its host and port (`TerminalUI.Options.server`).
    private let apiConfiguration: ServerConfiguration
    private let previews: PreviewLoader
    private let renderer = PreviewRenderer()
    private let metrics: Metrics
    private let logger: Logger
    private let tasks = NIOLockedValueBox(Tasks())
    /// Label files are written one after the other, in the order the changes were made.
    private let labelWrites = DispatchQueue(label: "snakeid.labels")

    init(
        inbox: Inbox, model: ModelLoader, configuration: InferenceConfiguration = InferenceConfiguration(),
        fetcher: URLFetcher, previews: PreviewLoader = PreviewLoader(),
        server: ServerConfiguration = ServerConfiguration(),
        metrics: Metrics, logger: Logger
    ) {
        self.apiConfiguration = server
        self.inbox = inbox
        self.model = NIOLockedValueBox(model)
        self.configuration = configuration
        self.fetcher = fetcher
        self.previews = previews
        self.metrics = metrics
        self.logger = logger
    }

    /// Starts `effect`; its outcome arrives later as events.
    func run(_ effect: Effect) {
        switch effect {
        case .listDirectory(let path):
            watch(path)
            DispatchQueue.global(qos: .userInitiated).async { [inbox] in
                do throws(DirectoryLister.ListingError) {
                    inbox.post(.directoryListed(try DirectoryLister.list(path)))
                } catch {
                    inbox.post(.directoryFailed(path: path, reason: error.reason))
                }
            }
        case .findImages(let root):
            DispatchQueue.global(qos: .userInitiated).async { [inbox] in
                inbox.post(.imagesFound(root: root, DirectoryLister.images(under: root)))
            }
        case .loadPreview(let key):
            loadPreview(key, bytes: nil)
        case .loadPreviewBytes(let key, let bytes):
            loadPreview(key, bytes: bytes)
        case .renderPreview(let request):
            renderer.render(request) { [inbox, metrics] key, art, milliseconds in
                metrics.record("render", milliseconds: milliseconds)
                inbox.post(.previewRendered(key, art))
            }
        case .classify(let key):
            classify(key) { classifier throws(InferenceError) in
                try await classifier.classify(file: key.source, priority: .interactive)
            }
        case .classifyBytes(let key, let bytes):
            classify(key) { classifier throws(InferenceError) in
                try await classifier.classify(bytes: bytes, source: key.source, priority: .interactive)
            }
        case .classifyBatch(let keys):
            startBatch(keys)
        case .explain(let key):
            explain(key)
        case .cancelBatch:
            tasks.withLockedValue { $0.batch }?.cancel()
        case .fetch(let url):
            startFetch(url)
        case .cancelFetch:
            tasks.withLockedValue { tasks in
                defer { tasks.fetch = nil }
                return tasks.fetch
            }?.cancel()
        case .startServer(let host, let port):
            startServer(host: host, port: port)
        case .stopServer:
            Task { await stopServer(announce: true) }
        case .export(let items, let base):
            DispatchQueue.global(qos: .utility).async { [inbox] in
                do throws(ReviewExporter.ExportError) {
                    let paths = try ReviewExporter.export(items, toBase: base)
                    inbox.post(.exported(csv: paths.csv, json: paths.json, count: items.count))
                } catch {
                    inbox.post(.exportFailed(path: error.path, reason: error.reason))
                }
            }
        case .repaint:
            break  // the screen handles it
        case .train(let job):
            train(job)
        case .cancelTraining:
            tasks.withLockedValue { $0.training }?.cancel()
        case .listModels(let folder):
            DispatchQueue.global(qos: .userInitiated).async { [inbox] in
                inbox.post(.modelsListed(ModelCatalog.saved(in: folder)))
            }
        case .switchModel(let choice):
            switchModel(to: choice)
        case .loadLabels(let directory, let folder):
            DispatchQueue.global(qos: .userInitiated).async { [inbox] in
                do throws(LabelStore.StoreError) {
                    let set = try LabelStore.load(covering: directory, in: folder)
                    inbox.post(.labelsLoaded(.success(set), missing: set.missingPhotos()))
                } catch {
                    inbox.post(.labelsLoaded(.failure(error), missing: []))
                }
            }
        case .saveLabels(let set, let folder):
            labelWrites.async { [inbox] in
                do throws(LabelStore.StoreError) {
                    inbox.post(.labelsSaved(path: try LabelStore.save(set, in: folder)))
                } catch {
                    inbox.post(.labelsSaveFailed(error))
                }
            }
        }
    }

    /// Stops everything: the batch, the download, the API server, the model's threads.
    func shutdown() async {
        let (batch, fetch, watch, training) = tasks.withLockedValue { ($0.batch, $0.fetch, $0.watch, $0.training) }
        training?.cancel()
        await training?.value  // a cancelled run writes nothing; let it say so before the model stops
        batch?.cancel()
        fetch?.cancel()
        watch?.cancel()
        await stopServer(announce: false)
        model.withLockedValue { $0 }.shutdown()
    }

    /// Trains `job` on the model in use (its backbone), below the photo the user looks at.
    private func train(_ job: TrainingJob) {
        let task = Task(priority: .utility) { [inbox] in
            do throws(TrainingError) {
                let backbone: Classifier
                do throws(InferenceError) {
                    backbone = try await self.classifier()
                } catch {
                    throw TrainingError(.model, path: error.source, reason: error.reason)
                }
                let outcome = try await LabelledTraining.run(job, backbone: backbone) { progress in
                    inbox.post(.trainingProgress(progress))
                }
                inbox.post(.trained(outcome))
            } catch {
                inbox.post(.trainingFailed(error))
            }
        }
        tasks.withLockedValue { $0.training = task }
    }

    /// The classifier in use, once loaded.
    private func classifier() async throws(InferenceError) -> Classifier {
        try await model.withLockedValue { $0 }.classifier()
    }

    /// Loads `choice` while the current model keeps answering, then makes it the UI's model
    /// and the API's; the previous one stops once the work holding it is done.
    private func switchModel(to choice: ModelChoice) {
        Task { [inbox, configuration, logger] in
            do {
                let bundle = try ModelBundle.load(from: choice.directory)
                let classifier = try await Classifier.load(bundle: bundle, configuration: configuration, logger: logger)
                model.withLockedValue { $0 = ModelLoader(loaded: classifier) }
                if let served = tasks.withLockedValue({ $0.served }) {
                    // Its loader hands over the UI's classifier: the same model, loaded once.
                    _ = try? await served.reload(from: choice.directory)
                }
                let engine = classifier.configuration.engine.flatMap { $0 == .torch ? nil : " (\($0))" } ?? ""
                inbox.post(
                    .modelSwitched(
                        choice, label: choice.name + engine, species: bundle.metadata.snakes.map(LabelSet.Species.init))
                )
            } catch {
                inbox.post(.modelSwitchFailed(choice, reason: "\(error)"))
            }
        }
    }

    private func loadPreview(_ key: ItemKey, bytes: [UInt8]?) {
        previews.load(key, bytes: bytes) { [inbox, metrics] result, milliseconds in
            if case .success = result { metrics.record("preview", milliseconds: milliseconds) }
            inbox.post(.previewReady(key, result))
        }
    }

    /// Classifies what the user is looking at: ahead of a batch's decoding (task priority) and
    /// of its images waiting for the model (the work passes `.interactive`).
    private func classify(
        _ key: ItemKey, _ work: @escaping @Sendable (Classifier) async throws(InferenceError) -> Prediction
    ) {
        Task(priority: .userInitiated) { [inbox] in
            let result = await Result { () async throws(InferenceError) -> Prediction in
                try await work(try await self.classifier())
            }
            inbox.post(.classified(key, result))
        }
    }

    private func explain(_ key: ItemKey) {
        Task { [inbox] in
            let result = await Result { () async throws(InferenceError) -> RGBImage in
                let classifier = try await self.classifier()
                let explained = try await classifier.explain(bytes: try ImageFile.read(key.source), source: key.source)
                let overlay = explained.overlay
                let (width, height) = Resample.fit(
                    width: overlay.width, height: overlay.height, maxWidth: PreviewLoader.thumbnailSide,
                    maxHeight: PreviewLoader.thumbnailSide, allowEnlarging: false)
                return Resample.box(overlay, width: width, height: height)
            }
            inbox.post(.explained(key, result))
        }
    }

    private func startBatch(_ keys: [ItemKey]) {
        // Below the photo the user looks at (see `classify`).
        let task = Task(priority: .utility) { [inbox, fetcher] in
            do throws(InferenceError) {
                let classifier = try await self.classifier()
                let stream = classifier.classifyAll(keys.map { .file($0.source) }, fetcher: fetcher)
                for await item in stream {
                    inbox.post(.batchItem(keys[item.position], item.result))
                }
            } catch {
                for key in keys { inbox.post(.batchItem(key, .failure(error))) }
            }
            inbox.post(.batchFinished(cancelled: Task.isCancelled))
        }
        tasks.withLockedValue { $0.batch = task }
    }

    /// Watches `path` (instead of the folder watched before): when its modification time
    /// changes, posts `directoryChanged` once; listing it again starts a new watch.
    private func watch(_ path: String) {
        let initial = DirectoryLister.modificationTime(path)
        let task = Task { [inbox] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if Task.isCancelled { return }
                if DirectoryLister.modificationTime(path) != initial {
                    inbox.post(.directoryChanged(path: path))
                    return
                }
            }
        }
        tasks.withLockedValue { tasks in
            tasks.watch?.cancel()
            tasks.watch = task
        }
    }

    private func startFetch(_ url: String) {
        let lastReport = NIOLockedValueBox<UInt64>(0)
        let task = Task { [inbox, fetcher] in
            let result = await Result { () async throws(InferenceError) -> [UInt8] in
                try await fetcher.fetch(url) { received, expected in
                    let now = DispatchTime.now().uptimeNanoseconds
                    let due = lastReport.withLockedValue { last in
                        guard now - last > 50_000_000 else { return false }
                        last = now
                        return true
                    }
                    if due { inbox.post(.fetchProgress(url: url, received: received, expected: expected)) }
                }.bytes
            }
            if !Task.isCancelled { inbox.post(.fetched(url: url, result)) }
        }
        tasks.withLockedValue { $0.fetch = task }
    }

    private func startServer(host: String, port: Int) {
        Task { [inbox, logger] in
            do {
                let classifier = try await self.classifier()
                var configuration = self.apiConfiguration
                configuration.host = host
                configuration.port = port
                // Reloads hand over the UI's model in use (`M`), so the API always serves it.
                let served = ServedModel(name: classifier.bundle.name, classifier: classifier) { _ in
                    try await self.classifier()
                }
                let server = APIServer(models: ModelRegistry([served]), configuration: configuration, logger: logger)
                let address = try await server.start()
                let poll = Task {
                    var reported = -1
                    while !Task.isCancelled {
                        let count = server.requestCount
                        if count != reported {
                            inbox.post(.serverRequests(count))
                            reported = count
                        }
                        try? await Task.sleep(for: .milliseconds(250))
                    }
                }
                tasks.withLockedValue {
                    $0.server = server
                    $0.served = served
                    $0.serverPoll = poll
                }
                inbox.post(.serverStarted(host: address.host, port: address.port))
            } catch let error as InferenceError {
                inbox.post(.serverFailed(error.description))
            } catch {
                let failure = ServerStartError(error, host: host, port: port)
                inbox.post(.serverFailed(failure.message(portOption: "s, then another host:port")))
            }
        }
    }

    private func stopServer(announce: Bool) async {
        let (server, poll) = tasks.withLockedValue { tasks in
            defer {
                tasks.server = nil
                tasks.served = nil
                tasks.serverPoll = nil
            }
            return (tasks.server, tasks.serverPoll)
        }
        poll?.cancel()
        await server?.stop()
        if announce { inbox.post(.serverStopped) }
    }
}
