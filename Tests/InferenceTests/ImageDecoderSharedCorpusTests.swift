import Foundation
import Testing

@testable import Inference

// The shared corpus of real and broken files (`../shared/images`), when it is present.
private let sharedImages = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/images").standardized
private let hasSharedImages = FileManager.default.fileExists(atPath: sharedImages.path)

extension ImageDecoderTests {
    private func sharedFiles(_ folder: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(
            at: sharedImages.appendingPathComponent(folder), includingPropertiesForKeys: nil
        ).sorted { $0.path < $1.path }
    }

    private func decodeShared(_ folder: String, _ name: String) throws -> RGBImage {
        let url = sharedImages.appendingPathComponent(folder).appendingPathComponent(name)
        return try decoder.decode([UInt8](try Data(contentsOf: url)), source: url.path)
    }

    @Test(.enabled(if: hasSharedImages, "../shared/images is absent: the shared corpus is not installed"))
    func corruptFilesFailWithTheExpectedKind() throws {
        let expected: [String: InferenceError.Kind] = [
            "bomb_100000x100000.png": .imageTooLarge, "huge_dims.jpg": .imageTooLarge, "empty.jpg": .corruptImage,
            "random_bytes.jpg": .unsupportedFormat, "text.png": .unsupportedFormat, "truncated.jpg": .corruptImage,
            "bad_crc.png": .corruptImage,
        ]
        let files = try sharedFiles("corrupt")
        #expect(Set(files.map(\.lastPathComponent)).isSuperset(of: expected.keys))
        for url in files {
            let error = decodeError([UInt8](try Data(contentsOf: url)), source: url.path)
            #expect(error != nil, "\(url.lastPathComponent) decoded")
            #expect(error?.source == url.path)
            if let kind = expected[url.lastPathComponent] {
                #expect(error?.kind == kind, "\(url.lastPathComponent): \(String(describing: error))")
            }
        }
    }

    @Test(.enabled(if: hasSharedImages, "../shared/images is absent: the shared corpus is not installed"))
    func formatFilesDecodeLikeTheRGBOriginal() throws {
        let reference = try decodeShared("formats", "cobra_rgb.png")
        let undecodable = ["cobra.gif": "GIF", "cobra.bmp": "BMP"]
        var compared: [String] = []
        for url in try sharedFiles("formats") {
            let name = url.lastPathComponent
            let bytes = [UInt8](try Data(contentsOf: url))
            if let format = undecodable[name] {
                #expect(decodeError(bytes)?.reason == "unsupported image format: \(format)")
                continue
            }
            let image = try decoder.decode(bytes, source: url.path)
            guard name.hasPrefix("cobra") else { continue }  // one_pixel.png: ImageDecoderTests
            // Every encoding of the photo decodes upright at the original's size.
            #expect(image.width == reference.width && image.height == reference.height, "\(name)")
            guard !name.contains("gray"), image.width == reference.width, image.height == reference.height else {
                continue
            }
            // JPEG loss and palette quantisation stay small; a wrong rotation or colour conversion does not.
            #expect(meanDifference(image, reference) < 6, "\(name): \(meanDifference(image, reference))")
            compared.append(name)
        }
        // The colour encodings in ../shared/README.md, each compared (none skipped by a guard).
        #expect(
            compared == [
                "cobra_cmyk.jpg", "cobra_exif_rotated.jpg", "cobra_palette.png", "cobra_progressive.jpg",
                "cobra_rgb.png", "cobra_rgba.png",
            ])
        #expect(try decodeShared("formats", "cobra_rgba.png") == reference)
    }

    @Test(.enabled(if: hasSharedImages, "../shared/images is absent: the shared corpus is not installed"))
    func gray16MatchesGray8WithinOneLevel() throws {
        let gray = try decodeShared("formats", "cobra_gray.png")
        let gray16 = try decodeShared("formats", "cobra_gray16.png")
        #expect(gray.width == gray16.width && gray.height == gray16.height)
        #expect(maxDifference(gray, gray16) <= 1)
    }
}
