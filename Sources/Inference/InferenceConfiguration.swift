import Foundation

/// How a `Classifier` runs its model.
///
/// On the 2-core machine this was tuned on, single-image forwards of the optimised module beat
/// batches per image, so the default is batch 1 (see the README's benchmark figures).
public struct InferenceConfiguration: Sendable, Equatable {
    /// Forwards that run side by side, each on its own thread.
    public var lanes: Int
    /// libtorch intra-op threads per forward.
    public var threadsPerForward: Int
    /// Largest batch one forward takes.
    public var maxBatch: Int
    /// How long a lane waits for a batch to fill before running what it has.
    public var maxWait: Duration
    /// Images that may wait for a forward; beyond this, requests are refused.
    public var queueCapacity: Int
    /// Apply `torch::jit::optimize_for_inference` when loading.
    public var optimize: Bool
    /// Largest image (declared width x height) the decoders accept.
    public var maxPixels: UInt64

    public init(
        lanes: Int = 1, threadsPerForward: Int = 0, maxBatch: Int = 1, maxWait: Duration = .zero,
        queueCapacity: Int = 256, optimize: Bool = true, maxPixels: UInt64 = 100_000_000
    ) {
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        self.lanes = max(lanes, 1)
        self.threadsPerForward = threadsPerForward > 0 ? threadsPerForward : cores
        self.maxBatch = max(maxBatch, 1)
        self.maxWait = maxWait
        self.queueCapacity = max(queueCapacity, 1)
        self.optimize = optimize
        self.maxPixels = maxPixels
    }

    /// The default for `threads` total CPU threads.
    public static func tuned(threads: Int) -> InferenceConfiguration {
        InferenceConfiguration(lanes: 1, threadsPerForward: threads)
    }
}
