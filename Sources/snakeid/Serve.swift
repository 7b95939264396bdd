import ArgumentParser
import Dispatch
import Foundation
import Inference
import Logging
import Server

/// `snakeid serve`: the HTTP API until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API.",
        discussion: """
            Routes: GET / (upload page), POST /upload, GET /classify-url?url=…, POST /v1/classify, \
            POST /v1/classify-url, GET /v1/model, /healthz, /readyz, /metrics, /openapi.json. \
            SIGINT or SIGTERM stops accepting connections, finishes the requests in flight and exits 0 \
            (a second one exits at once). \
            One log line per request on stderr (SNAKEID_LOG_LEVEL=warning silences them).
            """
    )

    @Option(name: .long, help: "Address to listen on (0.0.0.0 for every interface).")
    var host = ServerConfiguration.defaultHost

    @Option(name: .long, help: "TCP port (default: $PORT when set, else 8008; 0 picks a free one).")
    var port: Int?

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var privateURLs: PrivateURLOptions

    @Option(name: .long, help: "Model forwards that run side by side (default: tuned for the CPU).")
    var lanes: Int?

    @Option(name: .long, help: "Largest batch one forward takes.")
    var maxBatch: Int?

    @Option(name: .customLong("max-wait-ms"), help: "How long a forward waits for its batch to fill, in ms.")
    var maxWaitMs: Int?

    @Option(name: .long, help: "Images that may wait for a forward; beyond this requests get 503.")
    var queueCapacity = 64

    @Option(name: .customLong("max-body-mb"), help: "Largest request body in MB (413 beyond).")
    var maxBodyMB = ServerConfiguration.defaultMaxBodyBytes >> 20

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if resolvedPort == nil { throw ValidationError("$PORT must be a port number between 0 and 65535") }
        if let lanes, lanes < 1 { throw ValidationError("--lanes must be at least 1") }
        if let maxBatch, maxBatch < 1 { throw ValidationError("--max-batch must be at least 1") }
        if let maxWaitMs, maxWaitMs < 0 { throw ValidationError("--max-wait-ms must not be negative") }
        if queueCapacity < 1 { throw ValidationError("--queue-capacity must be at least 1") }
        if !(1...1024).contains(maxBodyMB) { throw ValidationError("--max-body-mb must be between 1 and 1024") }
    }

    /// `--port`, else `$PORT`, else 8008; nil when `$PORT` is not a port.
    private var resolvedPort: Int? {
        if let port { return port }
        guard let value = ProcessInfo.processInfo.environment["PORT"], !value.isEmpty else {
            return ServerConfiguration.defaultPort
        }
        return Int(value).flatMap { (0...65535).contains($0) ? $0 : nil }
    }

    /// The forward lanes, threads and batching for these options.
    var inferenceConfiguration: InferenceConfiguration {
        var configuration = InferenceConfiguration.serving(
            threads: modelOptions.threads ?? ProcessInfo.processInfo.activeProcessorCount, lanes: lanes)
        if let maxBatch { configuration.maxBatch = maxBatch }
        if let maxWaitMs { configuration.maxWait = .milliseconds(maxWaitMs) }
        configuration.queueCapacity = queueCapacity
        configuration.engine = try? modelOptions.resolvedEngine()
        return configuration
    }

    func run() async throws {
        let logger = Logger.snakeid("snakeid.server", defaultLevel: .info)
        let classifier: Classifier
        do {
            let bundle = try ModelBundle.load(from: modelOptions.bundleDirectory)
            classifier = try await Classifier.load(
                bundle: bundle, configuration: inferenceConfiguration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("snakeid: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let configuration = ServerConfiguration(
            host: host, port: resolvedPort ?? ServerConfiguration.defaultPort, maxBodyBytes: maxBodyMB << 20,
            allowPrivateURLs: privateURLs.allows(default: false))
        let server = APIServer(classifier: classifier, configuration: configuration, logger: logger)
        let signals = ShutdownSignals()
        let address: (host: String, port: Int)
        do {
            address = try await server.start()
        } catch {
            let failure = ServerStartError(error, host: host, port: configuration.port)
            FileHandle.standardError.write(Data("snakeid: \(failure.message(portOption: "--port"))\n".utf8))
            throw ExitCode.failure
        }
        let runtime = classifier.configuration
        let banner =
            "snakeid: serving \(classifier.bundle.name) on http://\(address.host):\(address.port) "
            + "(\(runtime.engine.map { "\($0), " } ?? "")\(runtime.lanes) lane(s) x \(runtime.threadsPerForward) thread(s), "
            + "max batch \(runtime.maxBatch))\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        let signal = await signals.wait()
        logger.info("received \(signal), finishing requests in flight")
        await server.stop()
        classifier.shutdown()
        logger.info("stopped after \(server.requestCount) requests")
    }
}

/// SIGINT and SIGTERM, delivered once to an async waiter instead of killing the process; a
/// second one exits at once.
private final class ShutdownSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
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
                FileHandle.standardError.write(Data("snakeid: \(name) again, exiting now\n".utf8))
                exit(1)
            }
            received = name
            continuation?.resume(returning: name)
            continuation = nil
        }
    }
}
