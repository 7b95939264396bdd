import Foundation

/// Finds the default model bundle.
public enum ModelLocator {
    /// The folder name of the default bundle.
    public static let defaultBundleName = "efficientnet-lite0"

    /// `$SNAKEID_MODEL`, else the first `models/efficientnet-lite0` (or
    /// `share/snakeid/efficientnet-lite0`) found beside the executable or in its parent folders,
    /// else `models/efficientnet-lite0` under the current folder.
    public static func defaultBundleDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["SNAKEID_MODEL"], !explicit.isEmpty { return explicit }
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = (executable as NSString).deletingLastPathComponent
            for _ in 0..<5 {
                candidates.append(directory + "/models/" + defaultBundleName)
                candidates.append(directory + "/share/snakeid/" + defaultBundleName)
                directory = (directory as NSString).deletingLastPathComponent
            }
        }
        let local = FileManager.default.currentDirectoryPath + "/models/" + defaultBundleName
        candidates.insert(local, at: 0)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/model.json") } ?? local
    }
}
