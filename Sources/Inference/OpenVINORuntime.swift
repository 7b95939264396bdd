import COpenVINOBridge
import FoundationEssentials

/// Finds OpenVINO's C library and loads it, once per process, on first use.
///
/// Loading OpenVINO costs tens of milliseconds and tens of MB, so it happens only when a model
/// is loaded with the OpenVINO engine: `--help`, the terminal UI and libtorch runs never pay.
enum OpenVINORuntime {
    /// The runtime's version once it is loaded.
    static let shared = Result { () throws(InferenceError) -> String in try open() }

    /// The file name every OpenVINO release gives its C library, before the version suffix.
    static let libraryPrefix = "libopenvino_c.so"

    private static func open() throws(InferenceError) -> String {
        let directories = candidateDirectories()
        for directory in directories {
            guard let library = library(in: directory) else { continue }
            guard snk_ov_runtime_open(library) == 0 else {
                throw InferenceError(.model, source: library, reason: String(cString: snk_ov_last_error()))
            }
            return String(cString: snk_ov_runtime_version())
        }
        throw InferenceError(
            .model, source: libraryPrefix,
            reason: "cannot find the OpenVINO runtime (run `make openvino-runtime`, or set SNAKEID_OPENVINO_LIBS "
                + "to the folder holding libopenvino_c.so.*); looked in " + directories.joined(separator: ", "))
    }

    /// `path` itself when it is the library, else the newest `libopenvino_c.so.N` in the folder.
    static func library(in path: String) -> String? {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory else { return path }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let versioned = names.filter { $0.hasPrefix(libraryPrefix + ".") }
        return versioned.max { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }.map { path + "/" + $0 }
    }

    /// `$SNAKEID_OPENVINO_LIBS` alone when it is set; else beside the executable (`openvino/`,
    /// `../lib/snakeid/openvino/`), then `.cache/openvino/libs` (where `make` unpacks it) in the
    /// executable's folder or a parent, which finds the checkout a development build was made in.
    static func candidateDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        if let explicit = environment["SNAKEID_OPENVINO_LIBS"], !explicit.isEmpty { return [explicit] }
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return []
        }
        var directory = PathName.parent(of: executable)
        var paths = [directory + "/openvino", directory + "/../lib/snakeid/openvino"]
        for _ in 0..<5 where directory != "/" {
            paths.append(directory + "/.cache/openvino/libs")
            directory = PathName.parent(of: directory)
        }
        return paths
    }
}
