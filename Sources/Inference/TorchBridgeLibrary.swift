import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The C functions of `libTorchBridge.so`, resolved with `dlopen`/`dlsym`.
///
/// Loading libtorch costs about 0.55 s and 160 MB, so it is loaded on first use rather than
/// linked into the executable: `--help` and the terminal UI start at once.
struct TorchBridgeLibrary: @unchecked Sendable {
    typealias Load =
        @convention(c) (
            UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<OpaquePointer?>?
        ) -> Int32
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias Forward =
        @convention(c) (
            OpaquePointer?, UnsafePointer<Float>?, Int64, Int64, Int64, Int64, Int32,
            UnsafeMutablePointer<Float>?, Int64, UnsafeMutablePointer<Int64>?
        ) -> Int32
    typealias LastError = @convention(c) () -> UnsafePointer<CChar>?

    let load: Load
    let free: Free
    let forward: Forward
    let lastError: LastError

    /// The file name of the bridge library.
    static let fileName = "libTorchBridge.so"

    /// The bridge, loaded once per process.
    static let shared = Result { () throws(InferenceError) -> TorchBridgeLibrary in try open() }

    /// The message of the bridge's last failure on this thread.
    func lastErrorMessage() -> String {
        lastError().map { String(cString: $0) } ?? "unknown libtorch error"
    }

    private static func open() throws(InferenceError) -> TorchBridgeLibrary {
        var failures: [String] = []
        for path in candidatePaths() {
            guard let handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL) else {
                if let message = dlerror() { failures.append(String(cString: message)) }
                continue
            }
            guard let load = dlsym(handle, "snk_torch_module_load"),
                let free = dlsym(handle, "snk_torch_module_free"),
                let forward = dlsym(handle, "snk_torch_forward"),
                let lastError = dlsym(handle, "snk_torch_last_error")
            else {
                failures.append("\(path): missing symbols")
                continue
            }
            return TorchBridgeLibrary(
                load: unsafeBitCast(load, to: Load.self), free: unsafeBitCast(free, to: Free.self),
                forward: unsafeBitCast(forward, to: Forward.self),
                lastError: unsafeBitCast(lastError, to: LastError.self))
        }
        let detail = failures.first(where: { !$0.contains("No such file") }) ?? failures.last ?? ""
        throw InferenceError(
            .model, source: fileName,
            reason: "cannot load the libtorch bridge (set SNAKEID_TORCH_BRIDGE or install libtorch)"
                + (detail.isEmpty ? "" : ": \(detail)"))
    }

    /// `$SNAKEID_TORCH_BRIDGE`, then beside the executable, then `../lib`, then the loader's path.
    private static func candidatePaths() -> [String] {
        var paths: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["SNAKEID_TORCH_BRIDGE"], !explicit.isEmpty {
            paths.append(explicit)
        }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let directory = (executable as NSString).deletingLastPathComponent
            paths.append(directory + "/" + fileName)
            paths.append(directory + "/../lib/snakeid/" + fileName)
            paths.append(directory + "/../lib/" + fileName)
        }
        paths.append(fileName)
        return paths
    }
}
