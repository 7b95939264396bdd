import Foundation
import Inference

/// Turns command-line inputs into image sources: URLs as they are, folders into the images they
/// hold (recursively), files as they are.
enum InputExpander {
    static func expand(_ inputs: [String]) -> (sources: [ImageSource], missing: [InferenceError]) {
        var sources: [ImageSource] = []
        var missing: [InferenceError] = []
        for input in inputs {
            if URLFetcher.isRemoteURL(input) {
                sources.append(.url(input))
            } else if input.contains("://") {
                missing.append(
                    InferenceError(.invalidURL, source: input, reason: "only http and https URLs are supported"))
            } else if ImageFinder.isDirectory(input) {
                sources += ImageFinder.images(in: input).map(ImageSource.file)
            } else if FileManager.default.fileExists(atPath: input) {
                sources.append(.file(input))
            } else {
                missing.append(InferenceError(.unreadable, source: input, reason: "no such file or folder"))
            }
        }
        return (sources, missing)
    }
}
