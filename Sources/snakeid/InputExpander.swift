import FoundationEssentials
import Inference

/// Turns command-line inputs into image sources: URLs as they are, folders into the images they
/// hold (recursively), files as they are.
enum InputExpander {
    /// An input with its shard key (see ``Shard``): the path relative to the folder it was found
    /// in, or the argument itself.
    struct Keyed {
        var source: ImageSource
        var key: String
    }

    static func expand(_ inputs: [String]) -> (sources: [ImageSource], missing: [InferenceError]) {
        let (keyed, missing) = expandKeyed(inputs)
        return (keyed.map(\.source), missing)
    }

    /// The inputs with their shard keys; the missing ones carry their argument as `source`.
    static func expandKeyed(_ inputs: [String]) -> (sources: [Keyed], missing: [InferenceError]) {
        var sources: [Keyed] = []
        var missing: [InferenceError] = []
        for input in inputs {
            if URLFetcher.isRemoteURL(input) {
                sources.append(Keyed(source: .url(input), key: input))
            } else if input.contains("://") {
                missing.append(
                    InferenceError(.invalidURL, source: input, reason: "only http and https URLs are supported"))
            } else if ImageFinder.isDirectory(input) {
                let prefix = input.hasSuffix("/") ? input : input + "/"
                sources += ImageFinder.images(in: input).map { path in
                    Keyed(
                        source: .file(path), key: path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
                }
            } else if FileManager.default.fileExists(atPath: input) {
                sources.append(Keyed(source: .file(input), key: input))
            } else {
                missing.append(InferenceError(.unreadable, source: input, reason: "no such file or folder"))
            }
        }
        return (sources, missing)
    }
}
