import Inference

extension InferenceConfiguration {
    /// The configuration the server uses for `threads` CPU threads unless told otherwise: one
    /// single-thread forward lane per thread, batch 1, no batching wait.
    ///
    /// Measured with `snakeid-bench bench-server` on the 2-core machine (optimised module, uploads of
    /// the 45 shared photos, concurrency 16): 2 lanes x 1 thread answered about 77 requests/s
    /// with p99 about 260 ms; 1 lane x 2 threads only about 30 requests/s, because a two-thread
    /// forward stalls whenever decoding takes one of the cores; 3 lanes x 1 thread was within
    /// noise of 2 x 1, and batching (2 or 4 images, 0 or 5 ms wait) was no faster. Both knobs
    /// stay configurable (`snakeid serve --lanes --max-batch --max-wait-ms`).
    /// - Parameters:
    ///   - threads: CPU threads for the model in all.
    ///   - lanes: forwards side by side (default: one per thread); each gets `threads / lanes` threads.
    public static func serving(threads: Int, lanes: Int? = nil) -> InferenceConfiguration {
        // The CLI's measured rule (`tuned`), plus a bounded queue: beyond it, 503 + Retry-After.
        var configuration = tuned(threads: threads)
        if let lanes {
            configuration.lanes = max(lanes, 1)
            configuration.threadsPerForward = max(max(threads, 1) / configuration.lanes, 1)
        }
        configuration.queueCapacity = 64
        return configuration
    }
}
