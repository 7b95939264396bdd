import Inference

extension InferenceConfiguration {
    /// The configuration the server uses for `threads` CPU threads, unless told otherwise.
    ///
    /// Measured with `snakeid bench-server` on 2 cores (see the README): PLACEHOLDER.
    /// - Parameters:
    ///   - threads: CPU threads for the model in all.
    ///   - lanes: forwards side by side (default: one per thread); each gets `threads / lanes` threads.
    public static func serving(threads: Int, lanes: Int? = nil) -> InferenceConfiguration {
        let threads = max(threads, 1)
        let lanes = max(lanes ?? threads, 1)
        return InferenceConfiguration(
            lanes: lanes, threadsPerForward: max(threads / lanes, 1), maxBatch: 1, maxWait: .zero, queueCapacity: 64)
    }
}
