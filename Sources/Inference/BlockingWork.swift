import Dispatch

/// Runs blocking or long CPU work on a Dispatch thread instead of Swift's cooperative pool.
enum BlockingWork {
    static func run<Value: Sendable>(
        _ work: @escaping @Sendable () throws(InferenceError) -> Value
    ) async throws(InferenceError) -> Value {
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(InferenceError) -> Value in try work() })
            }
        }
        return try result.get()
    }
}
