import FoundationEssentials

extension Classifier {
    /// One outcome of `classifyAll`: the input's position, its source, and the prediction or error.
    public struct BatchItem: Sendable {
        public var position: Int
        public var source: ImageSource
        public var result: Result<Prediction, InferenceError>
    }

    /// Classifies many sources, decoding `decoders` images at a time in parallel while the model
    /// runs; results come in input order. A failure is reported for its item and the rest go on.
    public func classifyAll(
        _ sources: [ImageSource], fetcher: URLFetcher, topK: Int = 5, decoders: Int? = nil
    ) -> AsyncStream<BatchItem> {
        let width = max(decoders ?? AvailableCores.count + 1, 1)
        return AsyncStream { continuation in
            let task = Task {
                var pending: [Int: BatchItem] = [:]
                var next = 0
                await BoundedConcurrency.forEach(count: sources.count, width: width) { position in
                    let source = sources[position]
                    let result = await Result { () async throws(InferenceError) -> Prediction in
                        try Task.checkCancellation(source: source)
                        return try await self.classify(source, fetcher: fetcher, topK: topK)
                    }
                    return BatchItem(position: position, source: source, result: result)
                } handle: { _, item in
                    pending[item.position] = item
                    while let ready = pending.removeValue(forKey: next) {
                        continuation.yield(ready)
                        next += 1
                    }
                    return true
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension Task where Success == Never, Failure == Never {
    fileprivate static func checkCancellation(source: ImageSource) throws(InferenceError) {
        if Task.isCancelled {
            throw InferenceError(.cancelled, source: source.description, reason: "cancelled")
        }
    }
}
