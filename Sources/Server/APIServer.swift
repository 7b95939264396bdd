import Hummingbird
import Inference
import Logging
import ServiceLifecycle
import Synchronization

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
    public let classifier: Classifier
    public let configuration: ServerConfiguration
    let logger: Logger
    let metrics = ServerMetrics()
    let counter = RequestCounter()
    let readiness: ReadinessProbe
    private let state = Mutex(State.idle)

    private enum State {
        case idle
        case starting
        case running(ServiceGroup, Task<Void, any Error>, port: Int?)
        case stopping
    }

    /// A server for `classifier`; nothing listens before ``start()``.
    public init(classifier: Classifier, configuration: ServerConfiguration, logger: Logger) {
        self.classifier = classifier
        self.configuration = configuration
        self.logger = logger
        self.readiness = ReadinessProbe(classifier: classifier)
        classifier.observeBatches { [metrics] size in metrics.recordBatch(size: size) }
    }

    /// Starts listening and returns the bound address (port 0 picks a free port).
    /// - Throws: ``APIServerError`` when the server is already running, or the error that kept
    ///   it from listening (e.g. the port is in use).
    public func start() async throws -> (host: String, port: Int) {
        try state.withLock { state throws(APIServerError) in
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
        state.withLock { $0 = .running(group, task, port: nil) }
        for await port in ports {
            state.withLock { $0 = .running(group, task, port: port) }
            return (configuration.host, port)
        }
        // The service group ended before the server listened.
        state.withLock { $0 = .idle }
        try await task.value
        throw APIServerError.notListening
    }

    /// Stops accepting connections and returns once in-flight requests have finished.
    /// The server can be started again afterwards.
    public func stop() async {
        let running: (ServiceGroup, Task<Void, any Error>)? = state.withLock { state in
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
        state.withLock { $0 = .idle }
    }

    /// How long a keep-alive connection may sit idle between requests before it is closed.
    static let idleTimeoutSeconds: Int64 = 75

    /// Requests answered so far.
    public var requestCount: Int { counter.count }

    /// The address the server listens on, or nil when it is not running.
    public var address: (host: String, port: Int)? {
        state.withLock { state in
            guard case .running(_, _, let port?) = state else { return nil }
            return (configuration.host, port)
        }
    }

    /// The router with every route and middleware: one log line and metrics per request, then
    /// error rendering, then the routes.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: RequestObserverMiddleware(metrics: metrics, counter: counter, logger: logger))
        router.add(middleware: ErrorMiddleware(maxBodyBytes: configuration.maxBodyBytes, routes: routes))
        PageController(model: classifier.bundle.name).register(on: router)
        ClassifyController(
            classifier: classifier, configuration: configuration,
            fetcher: URLFetcher(limits: configuration.fetchLimits)
        ).register(on: router)
        ExplainController(classifier: classifier, configuration: configuration).register(on: router)
        StatusController(classifier: classifier, metrics: metrics, readiness: readiness).register(on: router)
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
