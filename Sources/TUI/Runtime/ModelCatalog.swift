import FoundationEssentials
import Inference

/// Finds the bundles saved under `$XDG_DATA_HOME/snakeid/bundles/`: each folder with a
/// readable `model.json`, named after the folder, in natural order.
enum ModelCatalog {
    /// `$XDG_DATA_HOME/snakeid/bundles`, by default `~/.local/share/snakeid/bundles`.
    static func folder(environment: [String: String], home: String) -> String {
        DataFolder.path(environment: environment, home: home) + "/bundles"
    }

    /// The saved bundles in `folder` (none when it does not exist).
    static func saved(in folder: String) -> [ModelChoice] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted { $0.precedesNaturally($1) }.compactMap { name in
            let directory = folder + "/" + name
            guard !name.hasPrefix("."), (try? ModelBundle.load(from: directory)) != nil else { return nil }
            return ModelChoice(name: name, directory: directory)
        }
    }
}
