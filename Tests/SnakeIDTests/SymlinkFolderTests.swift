import Foundation
import TestSupport
import Testing

/// `snakeid classify DIR` on a folder of symbolic links classifies what they point to.
@Suite("snakeid classify on symbolic links (real process, real model)")
struct SymlinkFolderTests {
    static let ready = FileManager.default.isExecutableFile(atPath: ProcessRunner.snakeid) && TestPaths.hasModel

    @Test(.enabled(if: ready && TestPaths.hasShared, "needs ../shared and the model"))
    func aFolderOfLinksIsClassified() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-links-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let photos = TestPaths.sharedFiles("images/snakes")
        try #require(!photos.isEmpty)
        for photo in photos {
            try FileManager.default.createSymbolicLink(
                atPath: folder + "/" + (photo as NSString).lastPathComponent, withDestinationPath: photo)
        }
        // A link back up must not loop.
        try FileManager.default.createSymbolicLink(atPath: folder + "/again", withDestinationPath: folder)

        let result = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", "--format", "jsonl", folder])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == photos.count, "\(result.standardOutput)")
        #expect(lines.allSatisfy { $0.contains("\"verdict\"") })
    }
}
