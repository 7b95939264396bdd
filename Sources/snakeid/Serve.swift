import ArgumentParser
import Dispatch
import FoundationEssentials
import Glibc
import Inference
import Logging
import Server

/// `snakeid serve`: the HTTP API until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API.",
        discussion: """
            Routes: GET / (upload page), POST /upload, GET /classify-url?url=…, POST /v1/classify \
            (several `file` parts: an array), POST /v1/classify-url ({"url"} or {"urls": […]}), \
            POST /v1/explain, GET /v1/model, GET /v1/models, POST /v1/models/NAME/classify, \
            POST /v1/models/NAME/explain, POST /v1/model/reload, /healthz, /readyz, /metrics, /openapi.json; the Open Inference \
            Protocol (KServe v2): GET /v2, /v2/health/live, /v2/health/ready, /v2/models/NAME[/ready], \
            POST /v2/models/NAME/infer. \
            SIGINT or SIGTERM stops accepting connections, finishes the requests in flight and exits 0 \
            (a second one exits at once). SIGHUP reloads every model from its folder without dropping \
            a request (a model that fails to load keeps serving its previous version). \
            API keys (--api-keys-file, or $SNAKEID_API_KEYS separated by commas or spaces) make every \
            route but /openapi.json and the probes ask for `Authorization: Bearer KEY`: turn them on \
            for anything reachable from other machines. \
            One log line per request on stderr (SNAKEID_LOG_LEVEL=warning silences them).
            """
    )

    @Option(name: .long, help: "Address to listen on (0.0.0.0 for every interface).")
    var host = ServerConfiguration.defaultHost

    @Option(name: .long, help: "TCP port (default: $PORT when set, else 8008; 0 picks a free one).")
    var port: Int?

    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            """
            Model bundle folder, or NAME=DIR to serve it as NAME; repeat to serve several (the first \
            is the default). Default: the bundled model.
            """, valueName: "[NAME=]DIR"))
    var models: [ServedModelSpec] = []

    @Option(
        name: .customLong("drain-seconds"),
        help: ArgumentHelp(
            """
            On SIGTERM or SIGINT, first drain for S seconds: readiness answers 503 and responses say \
            Connection: close while requests are still served; then stop accepting (default 0).
            """, valueName: "S"))
    var drainSeconds: Double = 0

    @OptionGroup var runtime: RuntimeOptions

    @Option(name: .long, help: "Model forwards that run side by side (default: tuned for the CPU).")
    var lanes: Int?

    @Option(name: .long, help: "Largest batch one forward takes.")
    var maxBatch: Int?

    @Option(name: .customLong("max-wait-ms"), help: "How long a forward waits for its batch to fill, in ms.")
    var maxWaitMs: Int?

    @Option(name: .long, help: "Images that may wait for a forward; beyond this requests get 503.")
    var queueCapacity = 64

    @OptionGroup var api: APIOptions

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if resolvedPort == nil { throw ValidationError("$PORT must be a port number between 0 and 65535") }
        if let lanes, lanes < 1 { throw ValidationError("--lanes must be at least 1") }
        if !(0...600).contains(drainSeconds) { throw ValidationError("--drain-seconds must be between 0 and 600") }
        if let maxBatch, maxBatch < 1 { throw ValidationError("--max-batch must be at least 1") }
        if let maxWaitMs, maxWaitMs < 0 { throw ValidationError("--max-wait-ms must not be negative") }
        if queueCapacity < 1 { throw ValidationError("--queue-capacity must be at least 1") }
        let names = models.compactMap(\.name)
        if Set(names).count != names.count { throw ValidationError("two --model options have the same NAME") }
    }

    /// `--port`, else `$PORT`, else 8008; nil when `$PORT` is not a port.
    private var resolvedPort: Int? {
        if let port { return port }
        guard let value = ProcessInfo.processInfo.environment["PORT"], !value.isEmpty else {
            return ServerConfiguration.defaultPort
        }
        return Int(value).flatMap { (0...65535).contains($0) ? $0 : nil }
    }

    /// The forward lanes, threads and batching of each model: the threads (and `--lanes`) are
    /// shared out between the models, so that all of them together stay within the cores.
    var inferenceConfiguration: InferenceConfiguration {
        let count = max(models.count, 1)
        let threads = runtime.threads ?? AvailableCores.count
        var configuration = InferenceConfiguration.serving(
            threads: max(threads / count, 1), lanes: lanes.map { max($0 / count, 1) })
        if let maxBatch { configuration.maxBatch = maxBatch }
        if let maxWaitMs { configuration.maxWait = .milliseconds(maxWaitMs) }
        configuration.queueCapacity = queueCapacity
        configuration.engine = try? runtime.resolvedEngine()
        return configuration
    }

    /// The `--model` options, or the default bundle.
    private var modelSpecs: [ServedModelSpec] {
        models.isEmpty ? [ServedModelSpec(name: nil, directory: ModelLocator.defaultBundleDirectory())] : models
    }

    /// Loads every model; a failure is one clear line and exit code 1 (2 for two models served
    /// under one name, a usage error).
    private func loadModels(logger: Logger) async throws -> ModelRegistry {
        let loader = ServedModel.bundleLoader(configuration: inferenceConfiguration, logger: logger)
        var served: [ServedModel] = []
        do {
            for spec in modelSpecs {
                let classifier = try await loader(spec.directory)
                let name = spec.name ?? classifier.bundle.name
                guard !served.contains(where: { $0.name == name }) else {
                    throw ValidationError("two models are served as \(name): name them with --model NAME=DIR")
                }
                served.append(ServedModel(name: name, classifier: classifier, loader: loader))
            }
        } catch {
            throw CommandFailure.exitCode(reporting: error)
        }
        return ModelRegistry(served)
    }

    func run() async throws {
        let logger = Logger.snakeid("snakeid.server", defaultLevel: .info)
        let configuration = try api.configuration(host: host, port: resolvedPort ?? ServerConfiguration.defaultPort)
        let registry = try await loadModels(logger: logger)
        let server = APIServer(models: registry, configuration: configuration, logger: logger)
        let signals = ShutdownSignals()
        let reloads = ReloadSignal {
            Task {
                logger.info("received SIGHUP, reloading the models")
                _ = await server.reloadAllModels()
            }
        }
        let address: (host: String, port: Int)
        do {
            address = try await server.start()
        } catch {
            let failure = ServerStartError(error, host: host, port: configuration.port)
            CommandFailure.report(failure.message(portOption: "--port"))
            throw ExitCode.failure
        }
        let runtime = registry.defaultModel.classifier.configuration
        let names = registry.models.map(\.name).joined(separator: ", ")
        let banner =
            "snakeid: serving \(names) on http://\(address.host):\(address.port) "
            + "(\(runtime.engine.map { "\($0), " } ?? "")\(runtime.lanes) lane(s) x \(runtime.threadsPerForward) thread(s)"
            + "\(registry.models.count > 1 ? " per model" : ""), max batch \(runtime.maxBatch)"
            + "\(configuration.apiKeys == nil ? "" : ", API keys on")\(configuration.corsOrigins.isEmpty ? "" : ", CORS on"))\n"
        FileStream.standardOutput.write(banner)
        let signal = await signals.wait()
        if drainSeconds > 0 {
            logger.info("received \(signal), draining for \(drainSeconds) s (not ready, Connection: close)")
            server.beginDraining()
            // The drain period itself, then the stop; a second signal ends the process at once.
            try? await Task.sleep(for: .milliseconds(Int64(drainSeconds * 1000)))
        }
        logger.info("received \(signal), finishing requests in flight")
        await server.stop()
        withExtendedLifetime(reloads) {}
        for model in registry.models { model.classifier.finish() }
        logger.info("stopped after \(server.requestCount) requests")
    }
}

/// SIGINT and SIGTERM, delivered once to an async waiter instead of killing the process; a
/// second one exits at once.
private final class ShutdownSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let lock = ConditionLock()
    private var continuation: CheckedContinuation<String, Never>?
    private var received: String?

    init() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.deliver(name) }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits for the first signal and returns its name.
    func wait() async -> String {
        await withCheckedContinuation { continuation in
            lock.withLock {
                if let received {
                    continuation.resume(returning: received)
                } else {
                    self.continuation = continuation
                }
            }
        }
    }

    private func deliver(_ name: String) {
        lock.withLock {
            guard received == nil else {
                // A second signal while requests finish: stop waiting for them.
                CommandFailure.report("\(name) again, exiting now")
                exit(1)
            }
            received = name
            continuation?.resume(returning: name)
            continuation = nil
        }
    }
}
