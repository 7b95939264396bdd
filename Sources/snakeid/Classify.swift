import ArgumentParser
import Foundation
import Inference
import Logging

/// `snakeid classify PATH|URL…`
struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify image files, folders (recursively) and http(s) URLs.",
        discussion: """
            Images are recognised by their bytes, not their extension. Each failure is reported on \
            its own line and the rest still run. Exit status: 0 all classified, 1 some failed, 2 usage error.
            """
    )

    @Argument(help: "Image files, folders or http(s) URLs.")
    var inputs: [String]

    @Option(name: .long, help: "How many labels to list per image.")
    var top: Int = 5

    @Option(name: .long, help: "Output format: text, json, jsonl or csv.")
    var format: ReportFormat = .text

    @Flag(name: .long, help: .hidden)
    var mirror = false

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var privateURLs: PrivateURLOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one file, folder or URL") }
        if !(1...1000).contains(top) { throw ValidationError("--top must be between 1 and 1000") }
    }

    func run() async throws {
        let logger = Logger.snakeid("snakeid.classify")
        let (sources, missing) = InputExpander.expand(inputs)
        let classifier = try await modelOptions.loadClassifier(logger: logger, mirrorsImages: mirror)
        var fetcherLimits = URLFetcher.Limits()
        fetcherLimits.allowPrivateAddresses = privateURLs.allows(default: true)
        let fetcher = URLFetcher(limits: fetcherLimits)

        var output = ReportPrinter(format: format)
        var failures = 0
        for error in missing {
            output.print(source: error.source, result: .failure(error))
            failures += 1
        }
        var progress = ProgressBar(total: sources.count)
        let started = ContinuousClock.now
        var snakes = 0
        for await item in classifier.classifyAll(sources, fetcher: fetcher, topK: top) {
            progress.clear()
            output.print(source: item.source.description, result: item.result)
            switch item.result {
            case .success(let prediction): if prediction.verdict == .snake { snakes += 1 }
            case .failure: failures += 1
            }
            progress.advance()
        }
        progress.finish()
        let seconds = (ContinuousClock.now - started).totalSeconds
        output.finish(
            summary: "\(sources.count + missing.count) inputs: \(snakes) snakes, \(failures) failed, "
                + String(format: "%.2f s (%.1f images/s)", seconds, Double(sources.count) / max(seconds, 1e-9)))
        classifier.shutdown()
        if failures > 0 { throw ExitCode.failure }
    }
}

/// `--format`: the one format enum, shared with the UI's export.
extension ReportFormat: ExpressibleByArgument {}
