import ArgumentParser
import Foundation
import Inference
import Logging
import Server

/// `snakeid-bench bench-server`: the HTTP API under load on 127.0.0.1, against the bare-model floor
/// measured in the same run.
struct BenchServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-server",
        abstract: "Measure the HTTP API under load (uploads of the shared photos) against the model floor.",
        discussion: """
            Starts the server in-process on 127.0.0.1 (a free port) and drives POST /upload with \
            keep-alive connections, one closed-loop client thread each, every level bounded by \
            --seconds and --max-requests. Works in rounds: the bare-model floor, then every case \
            once; figures are medians over --repeats rounds, and each ratio is to the floor of its \
            own round, so that background load on a shared machine skews little. --variants \
            compares serving configurations (LANESxTHREADS[/bBATCH/wWAIT_MS]) at \
            --compare-concurrency. Use a release build for figures; exits 1 if any request failed.
            """)

    @Option(name: .long, help: "Folders of photos to upload (comma-separated).")
    var images = "../shared/images/snakes,../shared/images/other"

    @Option(name: .long, help: "Concurrency levels (comma-separated).")
    var concurrency = "1,8,16,32"

    @Option(name: .long, help: "Longest a level runs, in seconds.")
    var seconds = 6

    @Option(name: .long, help: "Runs per level; the figures are their medians.")
    var repeats = 3

    @Option(name: .long, help: "Most requests a level sends.")
    var maxRequests = 1500

    @Option(name: .long, help: "Serving configurations to compare, e.g. \"2x1,1x2,1x2/b4/w5\" (empty: none).")
    var variants = "2x1,3x1,1x2,1x1,2x1/b2/w0,2x1/b4/w5,1x2/b4/w5"

    @Option(name: .long, help: "Concurrency levels the variants are compared at (comma-separated).")
    var compareConcurrency = "16"

    @Option(name: .long, help: "Serving configuration for the main run (default: the server's default).")
    var serving: String?

    @OptionGroup var modelOptions: BenchModelOptions

    func validate() throws {
        for levels in [concurrencyLevels, compareLevels]
        where levels.isEmpty || levels.contains(where: { !(1...256).contains($0) }) {
            throw ValidationError("concurrency levels are numbers from 1 to 256, e.g. 1,8,16,32")
        }
        if seconds < 1 || maxRequests < 1 || repeats < 1 {
            throw ValidationError("--seconds, --max-requests and --repeats must be positive")
        }
        for text in variantList + [serving].compactMap({ $0 }) where ServingVariant(text) == nil {
            throw ValidationError("cannot read the serving configuration \"\(text)\" (expected e.g. 2x1 or 1x2/b4/w5)")
        }
        if modelOptions.engine == .openvino {
            throw ValidationError(
                "bench-server measures libtorch only; `snakeid-bench bench --engine openvino` measures OpenVINO")
        }
    }

    private var concurrencyLevels: [Int] { concurrency.split(separator: ",").compactMap { Int($0) } }
    private var variantList: [String] { variants.split(separator: ",").map(String.init) }
    private var compareLevels: [Int] { compareConcurrency.split(separator: ",").compactMap { Int($0) } }

    func run() async throws {
        let bundle = try ModelBundle.load(from: modelOptions.bundleDirectory)
        let cores = AvailableCores.count
        let threads = modelOptions.threads ?? cores
        let photos = try loadPhotos()
        let requests = photos.map { ServerLoad.uploadRequest($0.bytes, filename: $0.name) }
        #if DEBUG
            print("warning: debug build; use `swift build -c release` for figures")
        #endif
        print("SnakeID server benchmark: \(bundle.name), \(cores) cores, POST /upload of \(photos.count) photos")
        print(
            "medians of \(repeats) run(s) per line, each at most \(seconds) s and \(maxRequests) requests; \(loadAverage)"
        )

        let backend = try TorchBackend(path: Engine.resolve(.torch, for: bundle).path, optimize: true)
        let input = bundle.metadata.input
        let floor = ModelFloor(shape: (3, input.height, input.width), repetitions: 32)
        let main =
            serving.flatMap(ServingVariant.init)
            ?? ServingVariant(configuration: .serving(threads: threads))
        let levels = concurrencyLevels.map { (main, $0) }
        let compared = compareLevels.flatMap { level in
            variantList.compactMap(ServingVariant.init).map { ($0, level) }
        }

        // Rounds: the floor, then every case once; so a busy moment falls on all alike and each
        // ratio compares with the floor of its own round.
        var floors: [FloorSample] = []
        var runs = [[ServerLoad.Result]](repeating: [], count: levels.count + compared.count)
        for _ in 0..<repeats {
            floors.append(try FloorSample(floor: floor, backend: backend, threads: threads))
            for (index, (variant, level)) in (levels + compared).enumerated() {
                runs[index].append(
                    try await measureOnce(
                        variant, concurrency: level, bundle: bundle, backend: backend, requests: requests))
            }
        }
        let summaries = runs.map { LoadSummary($0, floors: floors.map(\.imagesPerSecond)) }

        BenchReport.heading("bare-model floor (libtorch forward on a fixed tensor, batch 1)")
        for threadCount in floors[0].msByThreads.keys.sorted() {
            let ms = Stopwatch.median(floors.compactMap { $0.msByThreads[threadCount] })
            BenchReport.line("\(threadCount) thread(s)", BenchReport.ms(ms) + format(1000 / ms, "  %6.1f images/s"))
        }
        if floors[0].sideBySideMs != nil {
            let ms = Stopwatch.median(floors.compactMap(\.sideBySideMs))
            BenchReport.line(
                "\(threads) forwards side by side x 1 thread",
                BenchReport.ms(ms) + format(1000 / ms, "  %6.1f images/s"))
        }
        let floorRate = Stopwatch.median(floors.map(\.imagesPerSecond))
        BenchReport.line("floor (batch 1, best of the above)", format(floorRate, "%7.1f images/s"))

        BenchReport.heading("server, \(main): requests/s and latency by concurrency")
        print("  concurrency  requests  errors     req/s   p50 ms   p99 ms   vs floor")
        for (level, summary) in zip(concurrencyLevels, summaries) {
            printRow("\(level)", summary)
        }
        let comparedSummaries = Array(summaries.dropFirst(levels.count))
        for level in compareLevels where !compared.isEmpty {
            BenchReport.heading("serving configurations at concurrency \(level)")
            print("  configuration           requests  errors     req/s   p50 ms   p99 ms   vs floor")
            for ((variant, caseLevel), summary) in zip(compared, comparedSummaries) where caseLevel == level {
                printRow(variant.description, summary, width: 22)
            }
        }
        print("\n  vs floor: requests/s over the floor measured in the same round (median of \(repeats)).")
        if summaries.contains(where: { $0.errors > 0 }) { throw ExitCode.failure }
    }

    private func measureOnce(
        _ variant: ServingVariant, concurrency: Int, bundle: ModelBundle, backend: TorchBackend, requests: [[UInt8]]
    ) async throws -> ServerLoad.Result {
        var logger = Logger(label: "snakeid.bench-server")
        logger.logLevel = .warning
        var configuration = variant.configuration
        configuration.queueCapacity = max(configuration.queueCapacity, concurrency * 2)
        let classifier = Classifier(bundle: bundle, backend: backend, configuration: configuration, logger: logger)
        let server = APIServer(classifier: classifier, configuration: ServerConfiguration(port: 0), logger: logger)
        let (_, port) = try await server.start()
        let load = ServerLoad(port: port, requests: requests)
        let (seconds, maxRequests) = (Duration.seconds(self.seconds), self.maxRequests)
        let result = await Task.detached {
            load.run(concurrency: concurrency, duration: seconds, maxRequests: maxRequests)
        }.value
        await server.stop()
        classifier.shutdown()
        return result
    }

    private func printRow(_ label: String, _ result: LoadSummary, width: Int = 11) {
        let ratio = result.floorRatio * 100
        print(
            "  " + label.padding(toLength: width, withPad: " ", startingAt: 0)
                + format(Double(result.requests), "%10.0f") + format(Double(result.errors), "%8.0f")
                + format(result.requestsPerSecond, "%10.1f") + format(result.p50, "%9.1f")
                + format(result.p99, "%9.1f") + format(ratio, "%9.0f%%"))
        if let error = result.firstError { print("    first error: \(error)") }
    }

    /// The 1-minute load average, so that a busy machine shows in the output.
    private var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map { "load average \($0) at start" } ?? "load average unknown"
    }

    private func format(_ value: Double, _ pattern: String) -> String {
        String(format: pattern, value)
    }

    private func loadPhotos() throws -> [(name: String, bytes: [UInt8])] {
        var photos: [(String, [UInt8])] = []
        for folder in images.split(separator: ",").map(String.init) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
                let bytes = [UInt8](data)
                if ImageFormat.sniff(bytes)?.isDecodable == true { photos.append((name, bytes)) }
            }
        }
        guard !photos.isEmpty else { throw ValidationError("no JPEG or PNG photos in \(images)") }
        return photos
    }
}
