import COpenVINOBridge
import Synchronization

/// An ONNX model compiled by OpenVINO's CPU plugin (through `COpenVINOBridge`).
///
/// The compiled model is owned by this object and freed when it is released. Forwards may run
/// from several threads at once, each on an inference request of its own; up to
/// `settings.streams` of them compute side by side.
public final class OpenVINOBackend: InferenceBackend, @unchecked Sendable {
    private let model: OpaquePointer
    /// Set once by `release()`; forwards and `deinit` then leave the model alone.
    private let released = Atomic(false)
    /// The file the model was read from.
    public let path: String
    /// How the model was compiled.
    public let settings: OpenVINOSettings
    /// The OpenVINO runtime's version, e.g. "2026.4.1-22982-…".
    public let runtimeVersion: String

    /// Loads OpenVINO (once per process), reads the model and compiles it for the CPU.
    /// - Parameters:
    ///   - path: the ONNX (or OpenVINO IR) file.
    ///   - settings: threads, streams, precision and batch for the CPU plugin.
    ///   - shape: the input's channels, height and width (used when `settings.staticBatch` > 0).
    /// - Throws: `InferenceError` of kind `.model` when OpenVINO or the file cannot be loaded.
    public init(
        path: String, settings: OpenVINOSettings, shape: (channels: Int, height: Int, width: Int)
    ) throws(InferenceError) {
        runtimeVersion = try OpenVINORuntime.shared.get()
        var model: OpaquePointer?
        let status = snk_ov_model_load(
            path, settings.properties, Int64(settings.staticBatch), Int64(shape.channels), Int64(shape.height),
            Int64(shape.width), &model)
        guard status == 0, let model else {
            throw InferenceError(.model, source: path, reason: Self.lastError())
        }
        self.model = model
        self.path = path
        self.settings = settings
    }

    deinit {
        if !released.load(ordering: .acquiring) { snk_ov_model_free(model) }
    }

    /// Frees the compiled model now (its stream threads and JIT code with it).
    public func release() {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        snk_ov_model_free(model)
    }

    /// Runs a batch. `threads` is ignored: OpenVINO fixes its threads when it compiles the
    /// model (`settings`).
    public func forward(
        _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
        threads: Int
    ) throws(InferenceError) -> [Float] {
        guard !released.load(ordering: .acquiring) else {
            throw InferenceError(.model, source: path, reason: "the model was released")
        }
        return try collectScores(batch: batch, source: path, lastError: Self.lastError) { output, capacity, classes in
            snk_ov_forward(
                model, input.baseAddress, Int64(batch), Int64(channels), Int64(height), Int64(width), output,
                capacity, &classes)
        }
    }

    /// The message of the shim's last failure on this thread.
    private static func lastError() -> String { String(cString: snk_ov_last_error()) }

    /// A property of the compiled model as OpenVINO reports it (e.g. "NUM_STREAMS",
    /// "INFERENCE_NUM_THREADS", "INFERENCE_PRECISION_HINT"); nil when it has no such property.
    public func property(_ key: String) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            guard let start = buffer.baseAddress, snk_ov_model_property(model, key, start, Int64(buffer.count)) == 0
            else { return nil }
            return String(cString: start)
        }
    }
}
