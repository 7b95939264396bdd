/// Runs batches of preprocessed images through a model. Implementations must allow `forward`
/// from several threads at once.
public protocol InferenceBackend: Sendable {
    /// Frees the model now, on the calling thread, once no forward runs; later forwards fail.
    /// `Classifier.finish()` calls it, so that the model is not freed on a forward lane's
    /// thread while the process exits (docs/release-grade.md).
    func release()

    /// Runs `batch` images (NCHW float32, `channels x height x width` each) and returns one
    /// row per image: its class scores (logits or probabilities; the classifier applies
    /// softmax), followed by the pooled backbone features when the model exports them as a
    /// second output (`model.json`'s labels say where the scores end).
    /// - Parameter threads: intra-op threads for this forward (0 keeps the backend's default).
    func forward(
        _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
        threads: Int
    ) throws(InferenceError) -> [Float]
}

extension InferenceBackend {
    /// Frees the model now, on the calling thread; later forwards fail. The default does
    /// nothing (the model is freed with the backend).
    public func release() {}
}

/// The most floats a model may output per image (ImageNet-21k has 21,843 classes; the default
/// model 1,000 logits and 1,280 features).
let maxModelClasses = 32_768

/// The scores a native forward writes: `call` fills a buffer of `batch x maxModelClasses`
/// floats, sets the class count and returns 0, or returns non-zero and leaves its message for
/// `lastError`.
/// - Throws: ``InferenceError`` (`.model`, naming `source`) with `lastError()` when `call` fails.
func collectScores(
    batch: Int, source: String, lastError: () -> String,
    _ call: (_ output: UnsafeMutablePointer<Float>?, _ capacity: Int64, _ classes: inout Int64) -> Int32
) throws(InferenceError) -> [Float] {
    let capacity = batch * maxModelClasses
    var classes: Int64 = 0
    var status: Int32 = 0
    let output = [Float](unsafeUninitializedCapacity: capacity) { buffer, count in
        status = call(buffer.baseAddress, Int64(capacity), &classes)
        count = status == 0 ? batch * Int(classes) : 0
    }
    guard status == 0 else { throw InferenceError(.model, source: source, reason: lastError()) }
    return output
}
