import Foundation

/// Locations the tests use: the package root, `../shared` beside it, the default model.
public enum TestPaths {
    /// The package root (found from this file's path).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// `../shared` beside the package root.
    public static let shared = URL(fileURLWithPath: packageRoot + "/../shared").standardizedFileURL.path

    /// Whether `../shared` is present; tests that need it are skipped when it is not.
    public static let hasShared = FileManager.default.fileExists(atPath: shared + "/images")

    /// The default model bundle folder.
    public static let defaultModel = packageRoot + "/models/efficientnet-lite0"

    /// Whether the default model has been exported (`make model`).
    public static let hasModel = FileManager.default.fileExists(atPath: defaultModel + "/model.pt")

    /// Whether the default model's ONNX file has been exported (`make model`) and the OpenVINO
    /// runtime unpacked where a build of this checkout finds it (`make openvino-runtime`), and no
    /// sanitizer runs: OpenVINO's TBB dlopens its topology helper with RTLD_DEEPBIND, which the
    /// sanitizer runtimes refuse, ending the whole run (google/sanitizers#611).
    public static let hasOpenVINO =
        Sanitizer.active == nil && FileManager.default.fileExists(atPath: defaultModel + "/model.onnx")
        && FileManager.default.fileExists(atPath: packageRoot + "/.cache/openvino/libs")

    /// Files in a folder of `../shared`, sorted, as full paths.
    public static func sharedFiles(_ folder: String) -> [String] {
        let directory = shared + "/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().map { directory + "/" + $0 }
    }
}
