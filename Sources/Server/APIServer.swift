import Hummingbird
import Inference
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The HTTP API over a shared ``Inference/Classifier``, startable and stoppable in-process (the
/// `snakeid serve` command and the terminal UI both do).
///
/// ```swift
/// let server = APIServer(classifier: classifier, configuration: ServerConfiguration(port: 0), logger: logger)
/// let (host, port) = try await server.start()
/// print("listening on http://\(host):\(port)")
/// // …
/// await server.stop()  // stops accepting, lets requests in flight finish
/// ```
///
/// Requests are handled in Swift tasks: image decoding runs there, model forwards on the
/// classifier's own lanes; nothing blocks the event loops.
public final class APIServer: Sendable {
    /// The models served, the default first.
    public let models: ModelRegistry
    public let configuration: ServerConfiguration
    let logger: Logger
    let metrics = ServerMetrics()
    let counter = RequestCounter()
    let readiness: ReadinessProbe
    let draining = Draining()
    let reloader: ModelReloader
    private let state = NIOLockedValueBox(State.idle)

    private enum State {
        case idle
        case starting
        case running(ServiceGroup, Task<Void, any Error>, port: Int?)
        case stopping
    }

    /// A server for `models`; nothing listens before ``start()``.
    public init(models: ModelRegistry, configuration: ServerConfiguration, logger: Logger) {
        self.models = models
        self.configuration = configuration
        self.logger = logger
        self.readiness = ReadinessProbe(model: models.defaultModel, draining: draining)
        self.reloader = ModelReloader(metrics: metrics, logger: logger)
        for model in models.models {
            model.observeBatches { [metrics] size in metrics.recordBatch(size: size) }
        }
    }

    /// A server for one model, `classifier`, served under its bundle's name and reloaded from
    /// its bundle's folder with its configuration; nothing listens before ``start()``.
    public convenience init(classifier: Classifier, configuration: ServerConfiguration, logger: Logger) {
        let loader = ServedModel.bundleLoader(configuration: classifier.configuration, logger: logger)
        let model = ServedModel(name: classifier.bundle.name, classifier: classifier, loader: loader)
        self.init(models: ModelRegistry([model]), configuration: configuration, logger: logger)
    }

    /// The default model's classifier now (a reload replaces it).
    public var classifier: Classifier { models.defaultModel.classifier }

    /// Reloads every model from its folder, one after the other (what `SIGHUP` does); a model
    /// that fails to load keeps serving its previous version.
    public func reloadAllModels() async -> [Result<ModelIdentity, ReloadError>] {
        var outcomes: [Result<ModelIdentity, ReloadError>] = []
        for model in models.models {
            do {
                outcomes.append(.success(try await reloader.reload(model)))
            } catch {
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    /// Starts listening and returns the bound address (port 0 picks a free port).
    /// - Throws: ``APIServerError`` when the server is already running, or the error that kept
    ///   it from listening (e.g. the port is in use).
    public func start() async throws -> (host: String, port: Int) {
        try state.withLockedValue { state in
            guard case .idle = state else { throw APIServerError.alreadyStarted }
            state = .starting
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let maxBodyBytes = configuration.maxBodyBytes
        let application = Application(
            router: makeRouter(),
            server: HTTP10AwareChannel.builder(
                configuration: .init(
                    additionalChannelHandlers: [ExpectContinueHandler(maxBodyBytes: maxBodyBytes)],
                    idleTimeout: .seconds(Self.idleTimeoutSeconds))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "snakeid"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        state.withLockedValue { $0 = .running(group, task, port: nil) }
        for await port in ports {
            state.withLockedValue { $0 = .running(group, task, port: port) }
            return (configuration.host, port)
        }
        // The service group ended before the server listened.
        state.withLockedValue { $0 = .idle }
        try await task.value
        throw APIServerError.notListening
    }

    /// Starts draining before a ``stop()``: readiness (`/readyz`, `/v2/health/ready`) answers 503
    /// and responses carry `Connection: close`, while requests are still served.
    public func beginDraining() {
        draining.begin()
    }

    /// Stops accepting connections and returns once in-flight requests have finished.
    /// The server can be started again afterwards.
    public func stop() async {
        let running: (ServiceGroup, Task<Void, any Error>)? = state.withLockedValue { state in
            guard case .running(let group, let task, _) = state else { return nil }
            state = .stopping
            return (group, task)
        }
        guard let (group, task) = running else { return }
        await group.triggerGracefulShutdown()
        do {
            try await task.value
        } catch {
            logger.warning("server stopped with an error", metadata: ["error": "\(error)"])
        }
        state.withLockedValue { $0 = .idle }
    }

    /// How long a keep-alive connection may sit idle between requests before it is closed.
    static let idleTimeoutSeconds: Int64 = 75

    /// Requests answered so far.
    public var requestCount: Int { counter.count }

    /// The address the server listens on, or nil when it is not running.
    public var address: (host: String, port: Int)? {
        state.withLockedValue { state in
            guard case .running(_, _, let port?) = state else { return nil }
            return (configuration.host, port)
        }
    }

    /// The router with every route and middleware: one log line and metrics per request, then
    /// CORS headers (when origins are configured), then error rendering, then the API key check
    /// (when keys are configured), then the routes.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: RequestObserverMiddleware(metrics: metrics, counter: counter, logger: logger))
        router.add(middleware: DrainingMiddleware(draining: draining))
        if !configuration.corsOrigins.isEmpty {
            router.add(middleware: CORSOriginMiddleware(origins: configuration.corsOrigins))
        }
        router.add(middleware: ErrorMiddleware(maxBodyBytes: configuration.maxBodyBytes, routes: routes))
        if let keys = configuration.apiKeys {
            router.add(
                middleware: APIKeyMiddleware(keys: keys, protectProbes: configuration.protectProbes, metrics: metrics))
        }
        PageController(model: models.defaultModel.name).register(on: router)
        ClassifyController(
            models: models, configuration: configuration, fetcher: URLFetcher(limits: configuration.fetchLimits)
        ).register(on: router)
        ExplainController(models: models, configuration: configuration).register(on: router)
        ModelController(models: models, reloader: reloader, configuration: configuration).register(on: router)
        InferenceProtocolController(models: models, configuration: configuration, readiness: readiness).register(
            on: router)
        let document = OpenAPIDocument.json(
            labels: models.defaultModel.classifier.bundle.labels.count,
            options: .init(
                modelNames: models.models.map(\.name), maxImages: configuration.maxImagesPerRequest,
                keysRequired: configuration.apiKeys != nil, probesProtected: configuration.protectProbes))
        StatusController(models: models, metrics: metrics, readiness: readiness, document: document).register(
            on: router)
        routes.record(router.routes.map { (path: $0.path.description, method: $0.method) })
        return router
    }
}

/// Why ``APIServer/start()`` failed.
public enum APIServerError: Error, Sendable, CustomStringConvertible {
    /// `start()` was called on a running server.
    case alreadyStarted
    /// The server stopped before it listened.
    case notListening

    public var description: String {
        switch self {
        case .alreadyStarted: "the server is already running"
        case .notListening: "the server stopped before it could listen"
        }
    }
}
