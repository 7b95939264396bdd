import ArgumentParser
import Foundation
import Inference
import Logging

/// `snakeid-bench train`: `snakeid train`'s figures on a labelled set (train/ and test/): top-1,
/// features + fit against the same method in Python (scripts/train_probe.py, PyTorch on the
/// same backbone) measured in the same run, and a retrain from the feature cache.
struct BenchTrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract:
            "Time snakeid train against a PyTorch linear probe on the same features, and a retrain from the cache.")

    @Option(name: .long, help: "Folder with train/ and test/ class folders.")
    var images: String = "../shared/images/mozsnake"

    @Option(name: .long, help: "The Python reference (needs Debian's python3-torch and python3-pil).")
    var probe: String = "scripts/train_probe.py"

    @Flag(name: .long, inversion: .prefixedNo, help: "Also run the Python reference.")
    var python = true

    @OptionGroup var modelOptions: BenchModelOptions

    func run() async throws {
        let bundle = try ModelBundle.load(from: modelOptions.bundleDirectory)
        let cores = AvailableCores.count
        let threads = modelOptions.threads ?? cores
        var configuration = InferenceConfiguration.tuned(threads: threads)
        configuration.engine = modelOptions.engine
        var logger = Logger(label: "snakeid-bench.train")
        logger.logLevel = .warning
        let backbone = try await Classifier.load(bundle: bundle, configuration: configuration, logger: logger)
        let scratch = NSTemporaryDirectory() + "snakeid-bench-train-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        print(
            "snakeid train benchmark: \(images) on \(backbone.configuration.engine.map(\.description) ?? "?"), \(threads) threads"
        )

        let trainer = BundleTrainer(backbone: backbone)
        let options = TrainingOptions(output: scratch + "/bundle", force: true, cacheRoot: scratch + "/cache")
        var started = ContinuousClock.now
        let first = try await trainer.train(images, options: options)
        let firstSeconds = (ContinuousClock.now - started).totalSeconds
        started = ContinuousClock.now
        let again = try await trainer.train(images, options: options)
        let againSeconds = (ContinuousClock.now - started).totalSeconds
        backbone.shutdown()

        BenchReport.heading("snakeid train (Swift, in-process)")
        BenchReport.line(
            "top-1 on \(first.evaluation?.split.rawValue ?? "-")", String(format: "%.3f", first.evaluation?.top1 ?? 0))
        BenchReport.line(
            "features (\(first.timings.extracted) views)", String(format: "%7.2f s", first.timings.featuresSeconds))
        BenchReport.line(
            "fit (\(first.decaySearch.count) decays + final)", String(format: "%7.2f s", first.timings.fitSeconds))
        BenchReport.line("whole first run (scan, features, fit, write)", String(format: "%7.2f s", firstSeconds))
        BenchReport.line(
            "retrain from the cache (\(again.timings.cached) views cached)", String(format: "%7.2f s", againSeconds))
        BenchReport.line("retrain / first run", String(format: "%7.3f", againSeconds / firstSeconds))
        guard python else { return }

        BenchReport.heading("the same method in Python (PyTorch on the same model.pt)")
        let result = try runProbe(threads: threads)
        let pythonSeconds = result.featuresSeconds + result.fitSeconds
        BenchReport.line("top-1 on test", String(format: "%.3f", result.top1))
        BenchReport.line("features", String(format: "%7.2f s", result.featuresSeconds))
        BenchReport.line("fit", String(format: "%7.2f s", result.fitSeconds))
        let swiftSeconds = first.timings.featuresSeconds + first.timings.fitSeconds
        BenchReport.line("Swift / Python, features + fit", String(format: "%7.3f", swiftSeconds / pythonSeconds))
        BenchReport.line(
            "Swift / Python, features", String(format: "%7.3f", first.timings.featuresSeconds / result.featuresSeconds))
        BenchReport.line("Swift / Python, fit", String(format: "%7.3f", first.timings.fitSeconds / result.fitSeconds))
    }

    private struct ProbeResult: Decodable {
        var top1: Double
        var featuresSeconds: Double
        var fitSeconds: Double

        enum CodingKeys: String, CodingKey {
            case top1
            case featuresSeconds = "features_seconds"
            case fitSeconds = "fit_seconds"
        }
    }

    private func runProbe(threads: Int) throws -> ProbeResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [probe, modelOptions.bundleDirectory, images, String(threads)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last
        else { throw ValidationError("\(probe) failed (status \(process.terminationStatus))") }
        return try JSONDecoder().decode(ProbeResult.self, from: Data(line.utf8))
    }
}
