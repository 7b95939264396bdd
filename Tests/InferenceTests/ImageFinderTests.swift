import Foundation
import TestSupport
import Testing

@testable import Inference

/// `snakeid classify DIR` finds what a folder holds, through symbolic links too.
@Suite("Image finder")
struct ImageFinderTests {
    @Test("links to files and folders are followed, a link loop is read once, dangling links are reported")
    func followsSymbolicLinks() throws {
        let fileManager = FileManager.default
        let root = NSTemporaryDirectory() + "snakeid-finder-\(UUID().uuidString)"
        let photos = root + "/photos"
        let elsewhere = root + "/elsewhere"
        try fileManager.createDirectory(atPath: photos + "/nested", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(atPath: root) }
        let png = try SyntheticImages.png(
            pixels: [UInt8](repeating: 90, count: 4 * 4 * 3), width: 4, height: 4, channels: 3)
        _ = fileManager.createFile(atPath: elsewhere + "/real.png", contents: Data(png))
        _ = fileManager.createFile(atPath: photos + "/nested/inside.png", contents: Data(png))
        try fileManager.createSymbolicLink(atPath: photos + "/linked.png", withDestinationPath: elsewhere + "/real.png")
        try fileManager.createSymbolicLink(
            atPath: photos + "/relative.png", withDestinationPath: "../elsewhere/real.png")
        try fileManager.createSymbolicLink(
            atPath: photos + "/gone.jpg", withDestinationPath: elsewhere + "/missing.jpg")
        try fileManager.createSymbolicLink(atPath: photos + "/folder-link", withDestinationPath: elsewhere)
        try fileManager.createSymbolicLink(atPath: photos + "/nested/loop", withDestinationPath: photos)

        let found = ImageFinder.images(in: photos)
        #expect(
            found == [
                photos + "/folder-link/real.png", photos + "/gone.jpg", photos + "/linked.png",
                photos + "/nested/inside.png", photos + "/relative.png",
            ])
    }
}
