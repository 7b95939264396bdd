import ArgumentParser
import Foundation
import Inference
import Logging

/// Options shared by every command that runs the model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model bundle folder (model.pt + model.json).")
    var model: String?

    @Option(name: .long, help: "CPU threads for the model (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    var bundleDirectory: String { model ?? ModelLocator.defaultBundleDirectory() }

    /// The inference configuration for these options.
    var configuration: InferenceConfiguration {
        InferenceConfiguration.tuned(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Loads the bundle and the model; a failure is one clear line and exit code 1.
    func loadClassifier(logger: Logger) async throws -> Classifier {
        do {
            let bundle = try ModelBundle.load(from: bundleDirectory)
            return try await Classifier.load(bundle: bundle, configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("snakeid: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension Logger {
    /// The CLI's logger: warnings and above on stderr unless SNAKEID_LOG_LEVEL says otherwise.
    static func cli(_ label: String) -> Logger {
        var logger = Logger(label: label)
        let level = ProcessInfo.processInfo.environment["SNAKEID_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .warning
        return logger
    }
}
