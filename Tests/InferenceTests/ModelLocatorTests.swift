import Foundation
import Testing

@testable import Inference

/// The default bundle is the first complete one: beside the executable before the current folder.
struct ModelLocatorTests {
    /// A temporary tree: `bin/snakeid`, `bin/models/efficientnet-lite0` and `work/models/efficientnet-lite0`.
    func tree(besideComplete: Bool, localComplete: Bool) throws -> (root: String, executable: String, work: String) {
        let root = NSTemporaryDirectory() + "snakeid-locator-\(UUID().uuidString)"
        let metadata = try String(
            contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("models/efficientnet-lite0/model.json").path,
            encoding: .utf8)
        for (folder, complete) in [("bin", besideComplete), ("work", localComplete)] {
            let bundle = root + "/\(folder)/models/efficientnet-lite0"
            try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
            try metadata.write(toFile: bundle + "/model.json", atomically: true, encoding: .utf8)
            if complete { FileManager.default.createFile(atPath: bundle + "/model.pt", contents: Data([0])) }
        }
        return (root, root + "/bin/snakeid", root + "/work")
    }

    @Test func aCompleteBundleBesideTheExecutableWinsOverAnIncompleteLocalOne() throws {
        let (root, executable, work) = try tree(besideComplete: true, localComplete: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = ModelLocator.bundleDirectory(environment: [:], executable: executable, currentDirectory: work)
        #expect(found == root + "/bin/models/efficientnet-lite0")
    }

    @Test func theCurrentFolderIsTheLastResort() throws {
        let (root, executable, work) = try tree(besideComplete: false, localComplete: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = ModelLocator.bundleDirectory(environment: [:], executable: executable, currentDirectory: work)
        #expect(found == work + "/models/efficientnet-lite0")
    }

    @Test func theEnvironmentDecides() {
        let found = ModelLocator.bundleDirectory(
            environment: ["SNAKEID_MODEL": "/elsewhere"], executable: "/bin/snakeid", currentDirectory: "/")
        #expect(found == "/elsewhere")
    }
}
