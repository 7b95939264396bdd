import ArgumentParser
import FoundationEssentials
import Inference
import Logging

/// `snakeid classify PATH|URL…`
struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify image files, folders (recursively) and http(s) URLs.",
        discussion: """
            Images are recognised by their bytes, not their extension. Each failure is reported on \
            its own line and the rest still run. Exit status: 0 all classified, 1 some failed, 2 usage error.

            Big folders across machines: --shard K/N keeps the inputs of shard K (from 0) of N. An \
            input's shard is the 64-bit FNV-1a hash of its key modulo N; the key of a file found in \
            a folder is its path relative to that folder (so machines agree wherever they mount \
            it), of a file or URL given directly the argument itself. --resume FILE appends JSONL \
            records to FILE, skipping the inputs already recorded there (by source); a truncated \
            last line, left by a killed run, is cut off. The summary then goes to stderr.
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

    @Option(name: .long, help: "Only shard K (from 0) of N: K/N, e.g. 0/4 (see below).")
    var shard: String?

    @Option(name: .long, help: "Append JSONL records to FILE, skipping inputs already in it.")
    var resume: String?

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var privateURLs: PrivateURLOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one file, folder or URL") }
        if !(1...1000).contains(top) { throw ValidationError("--top must be between 1 and 1000") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard must be K/N with 0 <= K < N, e.g. 0/4 (got '\(shard)')")
        }
        if resume != nil, format != .text, format != .jsonl {
            throw ValidationError("--resume writes JSONL: drop --format \(format.rawValue)")
        }
    }

    func run() async throws {
        let logger = Logger.snakeid("snakeid.classify")
        let selection = try InputSelection.make(
            inputs: inputs, shard: shard.flatMap(Shard.init(parsing:)) ?? .all, resume: resume)
        if selection.repairedBytes > 0, let resume {
            FileStream.standardError.write(
                "\(resume): cut off a truncated last line (\(selection.repairedBytes) bytes)\n")
        }
        let (sources, missing) = (selection.sources, selection.missing)
        let classifier = try await modelOptions.loadClassifier(logger: logger, mirrorsImages: mirror)
        var fetcherLimits = URLFetcher.Limits()
        fetcherLimits.allowPrivateAddresses = privateURLs.allows(default: true)
        let fetcher = URLFetcher(limits: fetcherLimits)

        var output = ReportPrinter(
            format: selection.output == nil ? format : .jsonl, output: selection.output ?? .standardOutput)
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
        let summary =
            "\(sources.count + missing.count) inputs: \(snakes) snakes, \(failures) failed, "
            + (selection.skipped > 0 ? "\(selection.skipped) already done, " : "")
            + String(cFormat: "%.2f s (%.1f images/s)", seconds, Double(sources.count) / max(seconds, 1e-9))
        if selection.output != nil {
            FileStream.standardError.write(summary + "\n")
        } else {
            output.finish(summary: summary)
        }
        classifier.finish()
        if failures > 0 { throw ExitCode.failure }
    }
}

/// `--format`: the one format enum, shared with the UI's export.
extension ReportFormat: ExpressibleByArgument {}
