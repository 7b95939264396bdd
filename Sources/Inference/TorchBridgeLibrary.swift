import CTorchBridgeAPI
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The C functions of `libTorchBridge.so`, resolved with `dlopen`/`dlsym`.
///
/// Loading libtorch costs about 0.55 s and 160 MB, so it is loaded on first use rather than
/// linked into the executable: `--help` and the terminal UI start at once. The function types
/// come from the bridge's own header (CTorchBridgeAPI.h), so a changed signature fails to compile.
struct TorchBridgeLibrary: @unchecked Sendable {
    let load: snk_torch_module_load_fn
    let free: snk_torch_module_free_fn
    let forward: snk_torch_forward_fn
    let lastError: snk_torch_last_error_fn

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
                load: unsafeBitCast(load, to: snk_torch_module_load_fn.self),
                free: unsafeBitCast(free, to: snk_torch_module_free_fn.self),
                forward: unsafeBitCast(forward, to: snk_torch_forward_fn.self),
                lastError: unsafeBitCast(lastError, to: snk_torch_last_error_fn.self))
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
            let directory = PathName.parent(of: executable)
            paths.append(directory + "/" + fileName)
            paths.append(directory + "/../lib/snakeid/" + fileName)
            paths.append(directory + "/../lib/" + fileName)
        }
        paths.append(fileName)
        return paths
    }
}
