import Foundation
import Logging
import TestSupport

@testable import Inference

/// Folders of photos for the training tests, made in a fresh temporary folder.
struct TrainingFolder {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "snakeid-train-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes `count` synthetic JPEGs of one colour (with a little noise, so no two are equal)
    /// into `folder` (relative to the root), named `prefix0.jpg`, ….
    func photos(_ folder: String, count: Int, colour: (UInt8, UInt8, UInt8), prefix: String = "photo") throws {
        let directory = root + "/" + folder
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for index in 0..<count {
            let (width, height) = (24, 16)
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            for pixel in 0..<(width * height) {
                let noise = UInt8((pixel * 7 + index * 13) % 23)
                pixels[pixel * 3] = colour.0 &+ noise
                pixels[pixel * 3 + 1] = colour.1 &+ noise
                pixels[pixel * 3 + 2] = colour.2 &+ noise
            }
            let bytes = try SyntheticImages.jpeg(pixels: pixels, width: width, height: height)
            FileManager.default.createFile(atPath: directory + "/\(prefix)\(index).jpg", contents: Data(bytes))
        }
    }

    /// Writes `text` to `path` (relative to the root).
    func file(_ path: String, _ text: String) {
        let full = root + "/" + path
        try? FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
    }
}

/// A fake backbone whose "pooled features" are the input's mean red, green and blue: enough to
/// tell colours apart, with no model file. Its bundle folder holds a stand-in weights file, so
/// that a trained bundle can link it.
enum FakeBackbone {
    static let featureCount = 3

    static func backend() -> FakeBackend {
        FakeBackend(classes: 4 + featureCount) { input in
            let plane = input.count / 3
            let means = (0..<3).map { channel in
                (0..<plane).reduce(Float(0)) { $0 + input[channel * plane + $1] } / Float(plane)
            }
            return [0, 0, 5, 0] + means
        }
    }

    /// A classifier over the fake backbone, its bundle in `directory`.
    static func classifier(in directory: String, metadata: ModelMetadata = .fake()) throws -> Classifier {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/none.pt", contents: Data("stand-in".utf8))
        var logger = Logger(label: "fake-backbone")
        logger.logLevel = .critical
        return Classifier(
            bundle: ModelBundle(directory: directory, metadata: metadata), backend: backend(),
            configuration: InferenceConfiguration(lanes: 1), logger: logger)
    }

    /// A classifier over the fake backbone running the bundle at `directory` (with its head).
    static func classifier(bundle directory: String) throws -> Classifier {
        var logger = Logger(label: "fake-trained")
        logger.logLevel = .critical
        return Classifier(
            bundle: try ModelBundle.load(from: directory), backend: backend(),
            configuration: InferenceConfiguration(lanes: 1), logger: logger)
    }
}
