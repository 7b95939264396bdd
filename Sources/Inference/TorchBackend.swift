import Synchronization

/// A TorchScript model run by libtorch (through `libTorchBridge.so`).
///
/// The native module is owned by this object and freed when it is released. Forwards may run
/// from several threads at once.
public final class TorchBackend: InferenceBackend, @unchecked Sendable {
    private let bridge: TorchBridgeLibrary
    private let module: OpaquePointer
    /// Set once by `release()`; forwards and `deinit` then leave the module alone.
    private let released = Atomic(false)
    /// The file the module was loaded from.
    public let path: String

    /// Loads a TorchScript file.
    /// - Parameters:
    ///   - path: the `model.pt` file.
    ///   - optimize: apply `torch::jit::optimize_for_inference` (several times faster on CPU).
    /// - Throws: `InferenceError` of kind `.model` when libtorch or the file cannot be loaded.
    public init(path: String, optimize: Bool = true) throws(InferenceError) {
        let bridge = try TorchBridgeLibrary.shared.get()
        var module: OpaquePointer?
        guard bridge.load(path, optimize ? 1 : 0, &module) == 0, let module else {
            throw InferenceError(.model, source: path, reason: bridge.lastErrorMessage())
        }
        self.bridge = bridge
        self.module = module
        self.path = path
    }

    deinit {
        if !released.load(ordering: .acquiring) { bridge.free(module) }
    }

    /// Frees the TorchScript module now.
    public func release() {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        bridge.free(module)
    }

    public func forward(
        _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
        threads: Int
    ) throws(InferenceError) -> [Float] {
        guard !released.load(ordering: .acquiring) else {
            throw InferenceError(.model, source: path, reason: "the model was released")
        }
        return try collectScores(batch: batch, source: path, lastError: bridge.lastErrorMessage) {
            output, capacity, classes in
            bridge.forward(
                module, input.baseAddress, Int64(batch), Int64(channels), Int64(height), Int64(width),
                Int32(threads), output, capacity, &classes)
        }
    }
}
