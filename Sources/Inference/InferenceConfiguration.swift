import FoundationEssentials

/// How a `Classifier` runs its model.
///
/// The default is one single-thread lane per core, batch 1: on the 2-core machine this was tuned
/// on, that beat two-thread forwards and batches per image (see `tuned(threads:)` and the README).
public struct InferenceConfiguration: Sendable, Equatable {
    /// The engine that runs the model (nil: libtorch when the bundle has a TorchScript file, else
    /// OpenVINO; see `Engine.resolve`). A loaded `Classifier`'s configuration names the one in use.
    public var engine: Engine?
    /// Forwards that run side by side, each on its own thread (0 in `init`: one per core).
    public var lanes: Int
    /// Threads per forward (0 in `init`: all cores): libtorch's intra-op threads; OpenVINO's
    /// threads per stream, with one stream per lane.
    public var threadsPerForward: Int
    /// Largest batch one forward takes.
    public var maxBatch: Int
    /// How long a lane waits for a batch to fill before running what it has.
    public var maxWait: Duration
    /// Images that may wait for a forward; beyond this, requests are refused.
    public var queueCapacity: Int
    /// Apply `torch::jit::optimize_for_inference` when loading (libtorch only).
    public var optimize: Bool
    /// Largest image (declared width x height) the decoders accept.
    public var maxPixels: UInt64
    /// Mirror every image left-right before the model: only for measuring how stable an answer
    /// is under a flip (`make eval`, `snakeid classify --mirror`).
    public var mirrorsImages = false

    public init(
        lanes: Int = 0, threadsPerForward: Int = 1, maxBatch: Int = 1, maxWait: Duration = .zero,
        queueCapacity: Int = 256, optimize: Bool = true, maxPixels: UInt64 = 100_000_000, engine: Engine? = nil
    ) {
        self.engine = engine
        let cores = AvailableCores.count
        self.lanes = lanes > 0 ? lanes : cores
        self.threadsPerForward = threadsPerForward > 0 ? threadsPerForward : cores
        self.maxBatch = max(maxBatch, 1)
        self.maxWait = maxWait
        self.queueCapacity = max(queueCapacity, 1)
        self.optimize = optimize
        self.maxPixels = maxPixels
    }

    /// The default for `threads` CPU threads in all: one single-thread forward lane per thread,
    /// batch 1.
    ///
    /// Measured with `snakeid-bench bench` on the 2-core machine (optimised module): two single-thread
    /// forwards side by side beat one two-thread forward per image, and keep doing so when
    /// decoding or another process takes a core — a two-thread forward then stalls in libtorch's
    /// OpenMP barrier (17 ms/image side by side vs 1,620 ms with 2 threads under load). Batching
    /// was no faster per image.
    public static func tuned(threads: Int) -> InferenceConfiguration {
        InferenceConfiguration(lanes: max(threads, 1), threadsPerForward: 1)
    }
}
