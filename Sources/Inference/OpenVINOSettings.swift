import FoundationEssentials

/// How OpenVINO's CPU plugin compiles and runs a model: its threads, streams (inferences that
/// run side by side), precision and batch shape, given as OpenVINO properties.
public struct OpenVINOSettings: Sendable, Equatable {
    /// OpenVINO's high-level performance hints.
    public enum PerformanceHint: String, Sendable {
        case latency = "LATENCY"
        case throughput = "THROUGHPUT"
    }

    /// CPU threads for all streams together (`INFERENCE_NUM_THREADS`; 0: OpenVINO's choice).
    public var threads: Int
    /// Inferences that run side by side (`NUM_STREAMS`; 0: OpenVINO's choice).
    public var streams: Int
    /// `PERFORMANCE_HINT` (nil: OpenVINO's default, latency).
    public var performanceHint: PerformanceHint?
    /// `INFERENCE_PRECISION_HINT`, e.g. "f32" or "bf16" (nil: OpenVINO's default, which is bf16
    /// on CPUs with AVX-512 BF16 or AMX).
    public var precision: String?
    /// `ENABLE_CPU_PINNING` (nil: OpenVINO's default, which pins each stream's threads to cores).
    public var cpuPinning: Bool?
    /// > 0: the model is compiled with a static input shape for each batch size from 1 to this
    /// (batch 1 at load, larger ones on first use); 0: once, with its dynamic batch axis.
    public var staticBatch: Int
    /// More properties, "KEY=VALUE" words separated by spaces; they win over the fields above.
    public var extraProperties: String

    public init(
        threads: Int = 0, streams: Int = 0, performanceHint: PerformanceHint? = nil, precision: String? = "f32",
        cpuPinning: Bool? = nil, staticBatch: Int = 0, extraProperties: String = ""
    ) {
        self.threads = max(threads, 0)
        self.streams = max(streams, 0)
        self.performanceHint = performanceHint
        self.precision = precision
        self.cpuPinning = cpuPinning
        self.staticBatch = max(staticBatch, 0)
        self.extraProperties = extraProperties
    }

    /// The settings for a classifier's configuration: one stream per forward lane, each with
    /// the lane's threads; float32, so that results match libtorch's; threads pinned to cores
    /// only when they take all `cores` the process may use. `$SNAKEID_OPENVINO_PROPERTIES` adds
    /// or overrides properties.
    ///
    /// Measured with `snakeid-bench bench --engine openvino` on the 2-core machine (AVX-512 with BF16,
    /// shared with other builds): two single-thread streams side by side, the default, match the
    /// THROUGHPUT hint (which picks the same 2 x 1 here) and a single-thread stream's
    /// 10 ms/image, while one two-thread stream stalls when another process takes a core
    /// (19 ms/image median); batches of 2-8 and a static batch shape were no faster. bf16 is
    /// about 1.5x faster but moves snake probabilities by up to 0.044 from libtorch's (float32:
    /// under 1e-5), so it is opt-in (`INFERENCE_PRECISION_HINT=bf16`). Each batch size the queue
    /// can form (1 to `maxBatch`) gets a static shape, as OpenVINO's own tools compile it: a
    /// dynamic batch axis makes the CPU plugin re-check shapes on every inference (see the
    /// README's per-stage profile).
    ///
    /// Pinning: OpenVINO pins stream threads to the first cores of the process's CPU set, and
    /// knows nothing of other processes. Two `--threads 1` processes (two shards of a folder, two
    /// replicas on one node) both land on core 0: 8.6-9.4 s for 500 photos each, 6.0-6.4 s
    /// unpinned (Zen 4, 2 cores). A process whose threads take every core pins them, as before
    /// (whole-process folder run, 6 pairs: pinned 0.96x the unpinned wall time, median).
    public init(
        configuration: InferenceConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment,
        cores: Int = AvailableCores.count
    ) {
        let threads = configuration.lanes * configuration.threadsPerForward
        self.init(
            threads: threads, streams: configuration.lanes, cpuPinning: threads >= cores,
            staticBatch: configuration.maxBatch, extraProperties: environment["SNAKEID_OPENVINO_PROPERTIES"] ?? "")
    }

    /// The properties as the bridge takes them: "KEY=VALUE" words.
    var properties: String {
        var words: [String] = []
        if threads > 0 { words.append("INFERENCE_NUM_THREADS=\(threads)") }
        if streams > 0 { words.append("NUM_STREAMS=\(streams)") }
        if let performanceHint { words.append("PERFORMANCE_HINT=\(performanceHint.rawValue)") }
        if let precision { words.append("INFERENCE_PRECISION_HINT=\(precision)") }
        if let cpuPinning { words.append("ENABLE_CPU_PINNING=\(cpuPinning ? "YES" : "NO")") }
        if !extraProperties.isEmpty { words.append(extraProperties) }
        return words.joined(separator: " ")
    }
}
