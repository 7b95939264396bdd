import ArgumentParser
import FoundationEssentials
import Inference
import Logging

/// Options shared by every command that runs the model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model bundle folder (model.json + model.pt and/or model.onnx).")
    var model: String?

    @OptionGroup var runtime: RuntimeOptions

    /// `--threads`.
    var threads: Int? { runtime.threads }

    /// `--engine`, else `$SNAKEID_ENGINE`, else nil (the bundle decides).
    func resolvedEngine(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ValidationError) -> Engine? {
        try runtime.resolvedEngine(environment: environment)
    }

    var bundleDirectory: String { model ?? ModelLocator.defaultBundleDirectory() }

    /// The inference configuration for these options.
    var configuration: InferenceConfiguration {
        var configuration = InferenceConfiguration.tuned(
            threads: threads ?? AvailableCores.count)
        configuration.engine = try? resolvedEngine()
        return configuration
    }

    /// Loads the bundle and the model; a failure is one clear line and exit code 1.
    /// `mirrorsImages`: `classify --mirror`, for measuring (``InferenceConfiguration/mirrorsImages``).
    func loadClassifier(logger: Logger, mirrorsImages: Bool = false) async throws -> Classifier {
        do {
            let bundle = try ModelBundle.load(from: bundleDirectory)
            var configuration = configuration
            configuration.mirrorsImages = mirrorsImages
            return try await Classifier.load(bundle: bundle, configuration: configuration, logger: logger)
        } catch {
            throw CommandFailure.exitCode(reporting: error)
        }
    }
}

/// How the model runs: threads and engine (`serve` takes its models its own way).
struct RuntimeOptions: ParsableArguments {
    @Option(name: .long, help: "CPU threads for the model (default: all cores).")
    var threads: Int?

    @Option(
        name: .long,
        help: """
            torch (libtorch on model.pt) or openvino (OpenVINO on model.onnx). Default: $SNAKEID_ENGINE, \
            else torch when the bundle has model.pt.
            """)
    var engine: Engine?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        _ = try resolvedEngine()
    }

    /// `--engine`, else `$SNAKEID_ENGINE`, else nil (the bundle decides).
    func resolvedEngine(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ValidationError) -> Engine? {
        if let engine { return engine }
        guard let value = environment["SNAKEID_ENGINE"], !value.isEmpty else { return nil }
        guard let engine = Engine(rawValue: value) else {
            throw ValidationError(
                "$SNAKEID_ENGINE must be one of: \(Engine.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return engine
    }
}

extension Logger {
    /// The one logger factory of the commands: stderr, at `defaultLevel` (warnings for the CLI,
    /// info for the server's line per request) unless `SNAKEID_LOG_LEVEL` says otherwise.
    static func snakeid(_ label: String, defaultLevel: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: label)
        let level = ProcessInfo.processInfo.environment["SNAKEID_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? defaultLevel
        return logger
    }
}

extension Engine: ExpressibleByArgument {}
