import ArgumentParser
import Foundation
import Inference
import Logging

/// `snakeid-bench bench`: the model floor, the pipeline against it, 12 MP decoding and cold start,
/// measured in one run on this machine.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the bare-model floor, end-to-end throughput, 12 MP decoding and cold start.")

    @Option(name: .long, help: "Folder of photos for the end-to-end run.")
    var images: String = "../shared/images"

    @Option(name: .long, help: "Repetitions per measurement (more is steadier, slower).")
    var repetitions: Int = 24

    @Flag(name: .long, help: "Also time the plain (unoptimised) TorchScript module; slow.")
    var plain = false

    @Flag(
        name: .customLong("whole-process"), inversion: .prefixedNo,
        help: "Also time whole snakeid processes: a folder classified, serve under load.")
    var wholeProcess = true

    @OptionGroup var modelOptions: BenchModelOptions

    func run() async throws {
        let snakeid = try SnakeIDExecutable.locate()  // before the measurements: fail at once
        let bundle = try ModelBundle.load(from: modelOptions.bundleDirectory)
        let (engine, path) = try Engine.resolve(modelOptions.engine, for: bundle)
        let cores = AvailableCores.count
        print("SnakeID benchmark: \(bundle.name) on \(engine), \(cores) cores; medians of repeated runs")
        let input = bundle.metadata.input
        let floor = ModelFloor(shape: (3, input.height, input.width), repetitions: repetitions)
        let best =
            switch engine {
            case .torch: try measureTorchFloor(path: path, floor: floor, cores: cores)
            case .openvino: try OpenVINOFloorBenchmark(path: path, floor: floor).run(cores: cores)
            }
        try DecodeBenchmark(input: bundle.metadata.input).run()
        try await PipelineBenchmark(bundle: bundle, engine: engine, images: images, floorMsPerImage: best.ms)
            .run(cores: cores)
        try ColdStartBenchmark(
            executable: snakeid, image: images + "/snakes/n01748264_Indian_cobra.JPEG", engine: engine
        ).run()
        if wholeProcess {
            // Both engines when the bundle has both files and OpenVINO's runtime is here.
            let engines = Engine.allCases.filter { (try? Engine.resolve($0, for: bundle)) != nil }
            try await WholeProcessBenchmark(executable: snakeid, images: images, model: bundle.directory)
                .run(engines: engines)
        }
    }

    private func measureTorchFloor(path: String, floor: ModelFloor, cores: Int) throws -> FloorResult {
        BenchReport.heading("bare-model floor (libtorch forward, ms/image)")
        if plain {
            let module = try TorchBackend(path: path, optimize: false)
            for threads in Set([1, cores]).sorted() {
                BenchReport.line(
                    "plain TorchScript, batch 1, \(threads) thread(s)",
                    BenchReport.ms(try floor.msPerImage(backend: module, batch: 1, threads: threads)))
            }
            BenchReport.line(
                "plain TorchScript, batch 8, \(cores) thread(s)",
                BenchReport.ms(try floor.msPerImage(backend: module, batch: 8, threads: cores)))
        }
        let optimised = try TorchBackend(path: path, optimize: true)
        var results: [FloorResult] = []
        for threads in Set([1, cores]).sorted() {
            for batch in [1, 2, 4, 8] {
                let value = try floor.msPerImage(backend: optimised, batch: batch, threads: threads)
                results.append(
                    FloorResult(label: "optimised, batch \(batch), \(threads) thread(s)", batch: batch, ms: value))
                BenchReport.line(results.last!.label, BenchReport.ms(value))
            }
        }
        if cores > 1 {
            let value = try floor.msPerImageSideBySide(backend: optimised, lanes: cores, threadsEach: 1)
            results.append(
                FloorResult(label: "optimised, batch 1, \(cores) forwards side by side x 1 thread", batch: 1, ms: value)
            )
            BenchReport.line(results.last!.label, BenchReport.ms(value))
        }
        return BenchReport.floorSummary(results)
    }
}
