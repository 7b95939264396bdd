/// Runs batches of preprocessed images through a model. Implementations must allow `forward`
/// from several threads at once.
public protocol InferenceBackend: Sendable {
    /// Runs `batch` images (NCHW float32, `channels x height x width` each) and returns
    /// `batch x classes` scores (logits or probabilities; the classifier applies softmax).
    /// - Parameter threads: intra-op threads for this forward (0 keeps the backend's default).
    func forward(
        _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
        threads: Int
    ) throws(InferenceError) -> [Float]
}
