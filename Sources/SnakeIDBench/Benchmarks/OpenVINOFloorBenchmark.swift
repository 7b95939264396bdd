import Inference

/// The bare-model floor on OpenVINO: forwards on a fixed tensor for each way of compiling the
/// model (threads, streams, performance hint, batch, precision), no decoding, no queue.
struct OpenVINOFloorBenchmark {
    let path: String
    let floor: ModelFloor

    func run(cores: Int) throws -> FloorResult {
        BenchReport.heading("bare-model floor (OpenVINO forward, ms/image; [streams, threads, precision] as compiled)")
        var results: [FloorResult] = []
        func measure(_ label: String, _ settings: OpenVINOSettings, batch: Int = 1, sideBySide: Int = 1) throws {
            let backend = try OpenVINOBackend(path: path, settings: settings, shape: floor.shape)
            let value =
                sideBySide > 1
                ? try floor.msPerImageSideBySide(backend: backend, lanes: sideBySide, threadsEach: 0)
                : try floor.msPerImage(backend: backend, batch: batch, threads: 0)
            if results.isEmpty { BenchReport.line("runtime", "OpenVINO \(backend.runtimeVersion)") }
            results.append(FloorResult(label: label, batch: batch, ms: value))
            BenchReport.line(label, BenchReport.ms(value) + "  [\(Self.compiled(backend))]")
        }
        try measure("f32, batch 1, 1 thread", OpenVINOSettings(threads: 1, streams: 1))
        try measure("f32, static batch 1, 1 thread", OpenVINOSettings(threads: 1, streams: 1, staticBatch: 1))
        if cores > 1 {
            try measure("f32, batch 1, \(cores) threads, 1 stream", OpenVINOSettings(threads: cores, streams: 1))
            try measure(
                "f32, batch 1, \(cores) streams x 1 thread, \(cores) side by side",
                OpenVINOSettings(threads: cores, streams: cores), sideBySide: cores)
            try measure(
                "f32, batch 1, THROUGHPUT hint, \(cores) side by side",
                OpenVINOSettings(performanceHint: .throughput), sideBySide: cores)
        }
        for batch in [2, 4, 8] {
            try measure(
                "f32, batch \(batch), \(cores) thread(s), 1 stream", OpenVINOSettings(threads: cores, streams: 1),
                batch: batch)
        }
        // bf16 is faster on CPUs with AVX-512 BF16 or AMX, but moves the probabilities away from
        // the PyTorch reference: for comparison only, never the floor.
        let bf16 = OpenVINOSettings(threads: 1, streams: 1, precision: "bf16")
        let backend = try OpenVINOBackend(path: path, settings: bf16, shape: floor.shape)
        BenchReport.line(
            "bf16 (not the default), batch 1, 1 thread",
            BenchReport.ms(try floor.msPerImage(backend: backend, batch: 1, threads: 0))
                + "  [\(Self.compiled(backend))]")
        return BenchReport.floorSummary(results)
    }

    /// "streams, threads in all, precision" as OpenVINO compiled the model.
    static func compiled(_ backend: OpenVINOBackend) -> String {
        ["NUM_STREAMS", "INFERENCE_NUM_THREADS", "INFERENCE_PRECISION_HINT"]
            .map { backend.property($0) ?? "?" }.joined(separator: ", ")
    }
}
