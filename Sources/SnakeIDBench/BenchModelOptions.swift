import ArgumentParser
import Inference

/// The model the benchmarks measure.
struct BenchModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model bundle folder (model.json + model.pt and/or model.onnx).")
    var model: String?

    @Option(name: .long, help: "CPU threads for the model (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "torch or openvino (default: torch when the bundle has model.pt).")
    var engine: Engine?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    var bundleDirectory: String { model ?? ModelLocator.defaultBundleDirectory() }
}

extension Engine: ExpressibleByArgument {}
