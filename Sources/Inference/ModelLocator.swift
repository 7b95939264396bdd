import FoundationEssentials

/// Finds the default model bundle.
public enum ModelLocator {
    /// The folder name of the default bundle.
    public static let defaultBundleName = "efficientnet-lite0"

    /// `$SNAKEID_MODEL`, else the first *complete* bundle (its `model.json` and a model file it
    /// names) among `models/efficientnet-lite0` and `share/snakeid/efficientnet-lite0` beside the
    /// executable or in its parent folders, and, as the last resort, `models/efficientnet-lite0`
    /// under the current folder. With no complete bundle anywhere, the first folder that has a
    /// `model.json` (so that the error names it), else the current folder's.
    public static func defaultBundleDirectory() -> String {
        bundleDirectory(
            environment: ProcessInfo.processInfo.environment,
            executable: try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// ``defaultBundleDirectory()`` for a given environment, executable and current folder.
    static func bundleDirectory(environment: [String: String], executable: String?, currentDirectory: String)
        -> String
    {
        if let explicit = environment["SNAKEID_MODEL"], !explicit.isEmpty { return explicit }
        var candidates: [String] = []
        if let executable {
            var directory = PathName.parent(of: executable)
            for _ in 0..<5 {
                candidates.append(directory + "/models/" + defaultBundleName)
                candidates.append(directory + "/share/snakeid/" + defaultBundleName)
                directory = PathName.parent(of: directory)
            }
        }
        let local = currentDirectory + "/models/" + defaultBundleName
        candidates.append(local)
        return candidates.first(where: isComplete)
            ?? candidates.first { FileManager.default.fileExists(atPath: $0 + "/model.json") } ?? local
    }

    /// Whether `directory` holds a valid `model.json` and a model file it names.
    static func isComplete(_ directory: String) -> Bool {
        guard let bundle = try? ModelBundle.load(from: directory) else { return false }
        return [bundle.metadata.weights, bundle.metadata.onnx].compactMap { $0 }.contains {
            FileManager.default.fileExists(atPath: directory + "/" + $0)
        }
    }
}
