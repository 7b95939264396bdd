import CImageCodecs
import Foundation
import TestSupport
import Testing

@testable import Inference

/// ImageDecoder and the CImageCodecs shim, on images made here with the shim's encoders, plus the
/// shared corpus of real and broken files when `../shared` is present.
@Suite struct ImageDecoderTests {
    let decoder = ImageDecoder()

    // MARK: JPEG

    @Test func jpegRoundTripKeepsSizeAndSolidColour() throws {
        let image = solid(width: 37, height: 23, rgb: (200, 100, 50))
        let decoded = try decoder.decode(try encodeJPEG(image), source: "solid.jpg")
        #expect(decoded.width == 37 && decoded.height == 23)
        #expect(maxDifference(decoded, image) <= 3)
    }

    @Test func jpegRoundTripKeepsGradientApproximately() throws {
        let image = gradient(width: 97, height: 61)
        let decoded = try decoder.decode(try encodeJPEG(image), source: "gradient.jpg")
        #expect(decoded.width == 97 && decoded.height == 61)
        #expect(meanDifference(decoded, image) < 2)
    }

    /// Only power-of-two reductions: 751 takes 1/2 (2000x1500), not 3/8 (1500x1125).
    @Test(arguments: [
        (0, 4000, 3000), (256, 500, 375), (375, 500, 375), (376, 1000, 750), (751, 2000, 1500), (1501, 4000, 3000),
        (9999, 4000, 3000),
    ])
    func dctScalingPicksStrongestPowerOfTwoKeepingShorterSide(minShorterSide: Int, width: Int, height: Int) throws {
        let bytes = Self.largeJPEG
        let decoded = try decoder.decode(bytes, source: "large.jpg", minShorterSide: minShorterSide)
        #expect(decoded.width == width && decoded.height == height)
    }

    /// A large non-interlaced PNG is averaged over blocks while it streams in (the PNG
    /// counterpart of JPEG's DCT scaling): each output pixel is the rounded mean of its block.
    @Test(arguments: [(8, 4, 10, 8), (30, 1, 40, 30), (7, 4, 10, 8), (4, 8, 5, 4), (0, 1, 40, 30)])
    func pngReducesByBlockAveraging(minShorterSide: Int, factor: Int, width: Int, height: Int) throws {
        let image = gradient(width: 40, height: 30)
        let bytes = try encodePNG(image.pixels, width: 40, height: 30, channels: 3)
        let decoded = try decoder.decode(bytes, source: "g.png", minShorterSide: minShorterSide)
        #expect(decoded.width == width && decoded.height == height)
        // Expected values computed independently here, from the source pixels.
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<3 {
                    var sum = 0
                    var count = 0
                    for sy in (y * factor)..<min((y + 1) * factor, 30) {
                        for sx in (x * factor)..<min((x + 1) * factor, 40) {
                            sum += Int(image.pixels[(sy * 40 + sx) * 3 + channel])
                            count += 1
                        }
                    }
                    let expected = (sum + count / 2) / count
                    #expect(Int(decoded.pixels[(y * width + x) * 3 + channel]) == expected, "(\(x), \(y))")
                }
            }
        }
    }

    @Test func interlacedPNGIsNotReduced() throws {
        let image = gradient(width: 40, height: 30)
        let bytes = try encodePNG(image.pixels, width: 40, height: 30, channels: 3, interlaced: true)
        #expect(try decoder.decode(bytes, source: "i.png", minShorterSide: 8) == image)
    }

    @Test(arguments: [(6, true), (6, false), (8, true), (3, false)])
    func jpegExifOrientationIsApplied(orientation: UInt16, bigEndian: Bool) throws {
        // Left half red, right half blue.
        var image = solid(width: 16, height: 8, rgb: (255, 0, 0))
        for y in 0..<8 { for x in 8..<16 { image.pixels.replaceSubrange(pixel(x, y, 16), with: [0, 0, 255]) } }
        var jpeg = try encodeJPEG(image)
        let upright = try decoder.decode(jpeg, source: "plain.jpg")
        let tiff = exifTIFF(orientation: orientation, bigEndian: bigEndian)
        let app1: [UInt8] = [0xFF, 0xE1] + be16(2 + 6 + tiff.count) + Array("Exif".utf8) + [0, 0] + tiff
        jpeg.insert(contentsOf: app1, at: 2)
        let decoded = try decoder.decode(jpeg, source: "exif.jpg")
        #expect(decoded == upright.oriented(Int(orientation)))
        // Red ends up where the orientation says (the left column, rotated).
        let red = image.oriented(Int(orientation))
        #expect(meanDifference(decoded, red) < 10)
    }

    @Test func truncatedJPEGIsCorrupt() throws {
        let jpeg = try encodeJPEG(gradient(width: 64, height: 64))
        let error = decodeError(Array(jpeg.prefix(jpeg.count / 2)))
        #expect(error?.kind == .corruptImage)
        #expect(error?.reason == "truncated JPEG data")
    }

    @Test func jpegWithTrailingJunkDecodes() throws {
        let jpeg = try encodeJPEG(gradient(width: 64, height: 64)) + [0x00, 0x12, 0x34]
        #expect(try decoder.decode(jpeg, source: "junk.jpg").width == 64)
    }

    // MARK: PNG

    @Test(arguments: [false, true])
    func pngRGBRoundTripIsExact(interlaced: Bool) throws {
        let image = gradient(width: 13, height: 11)
        let bytes = try encodePNG(image.pixels, width: 13, height: 11, channels: 3, interlaced: interlaced)
        #expect(try decoder.decode(bytes, source: "rgb.png") == image)
    }

    @Test func pngGrayBecomesEqualChannels() throws {
        let gray = (0..<(19 * 7)).map { UInt8(($0 * 37) % 256) }
        let bytes = try encodePNG(gray, width: 19, height: 7, channels: 1)
        let decoded = try decoder.decode(bytes, source: "gray.png")
        #expect(decoded.pixels == gray.flatMap { [$0, $0, $0] })
    }

    @Test func png16BitSamplesAreRoundedTo8Bits() throws {
        let samples: [UInt16] = [0, 1, 128, 129, 257, 0x7FFF, 0x8000, 0x80FF, 0xFF7F, 0xFF80, 0xFFFF, 12345]
        let bytes = try encodePNG(samples.flatMap(be16), width: samples.count, height: 1, channels: 1, bitDepth: 16)
        let decoded = try decoder.decode(bytes, source: "gray16.png")
        let expected = samples.map { UInt8((Double($0) / 257).rounded()) }
        #expect(decoded.pixels == expected.flatMap { [$0, $0, $0] })
        // A 16-bit copy of an 8-bit image (v * 257) decodes to the 8-bit image exactly.
        let image = gradient(width: 9, height: 5)
        let wide = image.pixels.flatMap { be16(Int($0) * 257) }
        #expect(
            try decoder.decode(try encodePNG(wide, width: 9, height: 5, channels: 3, bitDepth: 16), source: "rgb16.png")
                == image)
    }

    @Test(arguments: [false, true])
    func pngAlphaIsDroppedWithoutCompositing(interlaced: Bool) throws {
        let image = gradient(width: 10, height: 6)
        var rgba: [UInt8] = []
        for (i, p) in stride(from: 0, to: image.pixels.count, by: 3).enumerated() {
            rgba += image.pixels[p..<p + 3] + [UInt8(i * 4 % 256)]
        }
        let bytes = try encodePNG(rgba, width: 10, height: 6, channels: 4, interlaced: interlaced)
        #expect(try decoder.decode(bytes, source: "rgba.png") == image)
    }

    @Test func pngPaletteWithTransparencyDecodesToPaletteColours() throws {
        // 4-bit palette of three colours, colour 1 fully transparent (tRNS), 5x2 pixels.
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let indices: [[UInt8]] = [[0, 1, 2, 1, 0], [2, 2, 1, 0, 0]]
        let rows = indices.map { row in
            [0] + stride(from: 0, to: row.count, by: 2).map { row[$0] << 4 | (($0 + 1 < row.count) ? row[$0 + 1] : 0) }
        }
        let bytes = rawPNG(
            width: 5, height: 2, bitDepth: 4, colorType: 3, rows: rows,
            chunks: [("PLTE", palette), ("tRNS", [255, 0])])
        let decoded = try decoder.decode(bytes, source: "palette.png")
        let expected = indices.joined().flatMap { Array(palette[Int($0) * 3..<Int($0) * 3 + 3]) }
        #expect(decoded == RGBImage(width: 5, height: 2, pixels: expected))
    }

    @Test func pngExifChunkOrientationIsApplied() throws {
        let image = gradient(width: 4, height: 3)
        var png = try encodePNG(image.pixels, width: 4, height: 3, channels: 3)
        png.insert(contentsOf: chunk("eXIf", exifTIFF(orientation: 8, bigEndian: true)), at: 33)  // after IHDR
        #expect(try decoder.decode(png, source: "exif.png") == image.oriented(8))
    }

    @Test func truncatedPNGIsCorrupt() throws {
        let png = try encodePNG(gradient(width: 64, height: 64).pixels, width: 64, height: 64, channels: 3)
        let error = decodeError(Array(png.prefix(png.count / 2)))
        #expect(error?.kind == .corruptImage)
        #expect(error?.reason == "truncated PNG data")
    }

    @Test func pngWithBrokenIDATChecksumIsCorrupt() throws {
        var png = try encodePNG(gradient(width: 16, height: 16).pixels, width: 16, height: 16, channels: 3)
        png[png.count - 12 - 1] ^= 0xFF  // last byte of the IDAT CRC, just before IEND
        #expect(decodeError(png)?.kind == .corruptImage)
    }
}

// MARK: - Errors, limits and orientation

extension ImageDecoderTests {
    @Test func emptyInputIsCorrupt() {
        let error = decodeError([], source: "empty.jpg")
        #expect(error == InferenceError(.corruptImage, source: "empty.jpg", reason: "empty file"))
    }

    @Test func randomBytesAreUnsupported() {
        var state: UInt32 = 12345
        let bytes = (0..<4096).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(state >> 24)
        }
        #expect(ImageFormat.sniff(bytes) == nil)
        let error = decodeError(bytes, source: "noise.bin")
        #expect(
            error == InferenceError(.unsupportedFormat, source: "noise.bin", reason: "not an image (unrecognised data)")
        )
    }

    /// Leading bytes of formats that are recognised but not decoded, with their names.
    static let undecodableHeaders: [([UInt8], String)] = [
        (Array("GIF89a".utf8), "GIF"), (Array("BM".utf8) + [0, 0, 0, 0], "BMP"),
        (Array("RIFF\0\0\0\0WEBP".utf8), "WebP"), ([0x49, 0x49, 0x2A, 0, 8, 0, 0, 0], "TIFF"),
        ([0, 0, 0, 24] + Array("ftypheic".utf8), "HEIF"), ([0, 0, 1, 0, 1, 0], "ICO"),
    ]

    @Test(arguments: undecodableHeaders)
    func recognisedButUndecodableFormatsAreNamed(bytes: [UInt8], name: String) {
        let error = decodeError(bytes + [UInt8](repeating: 0, count: 64))
        #expect(error?.kind == .unsupportedFormat)
        #expect(error?.reason == "unsupported image format: \(name)")
    }

    @Test func sniffRecognisesDecodableFormatsOnly() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47]) == nil)  // too short to be sure
        #expect(ImageFormat.sniff(Array("this is not an image".utf8)) == nil)
        #expect(ImageFormat.allCases.filter(\.isDecodable) == [.jpeg, .png])
    }

    @Test func pixelCapRejectsSmallImagesWithATinyCap() throws {
        let image = gradient(width: 20, height: 20)
        let tiny = ImageDecoder(maxPixels: 399)
        let reason = "declared size 20x20 exceeds the 399-pixel limit"
        for bytes in [try encodeJPEG(image), try encodePNG(image.pixels, width: 20, height: 20, channels: 3)] {
            #expect(throws: InferenceError(.imageTooLarge, source: "s", reason: reason)) {
                try tiny.decode(bytes, source: "s")
            }
        }
        #expect(try ImageDecoder(maxPixels: 400).decode(try encodeJPEG(image), source: "s").width == 20)
    }

    @Test func pixelCapRejectsHugeDeclaredSizesBeforeAllocating() throws {
        // 100000 x 100000 RGB would need 30 GB: failing fast proves nothing was allocated.
        var png = try encodePNG(gradient(width: 4, height: 4).pixels, width: 4, height: 4, channels: 3)
        png.replaceSubrange(8..<33, with: chunk("IHDR", be32(100_000) + be32(100_000) + [8, 2, 0, 0, 0]))
        #expect(decodeError(png)?.reason == "declared size 100000x100000 exceeds the 100000000-pixel limit")

        var jpeg = try encodeJPEG(gradient(width: 8, height: 8))
        let sof = try #require(jpeg.indices.first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg.replaceSubrange(sof + 5..<sof + 9, with: be16(65000) + be16(65000))
        #expect(decodeError(jpeg)?.reason == "declared size 65000x65000 exceeds the 100000000-pixel limit")
        #expect(decodeError(jpeg)?.kind == .imageTooLarge)
    }

    /// A 2x3 image with pixels a b / c d / e f, in each EXIF orientation.
    @Test(arguments: [
        (1, 2, "ab cd ef"), (2, 2, "ba dc fe"), (3, 2, "fe dc ba"), (4, 2, "ef cd ab"),
        (5, 3, "ace bdf"), (6, 3, "eca fdb"), (7, 3, "fdb eca"), (8, 3, "bdf ace"),
        (0, 2, "ab cd ef"), (9, 2, "ab cd ef"),
    ])
    func orientationsMatchExif(orientation: Int, width: Int, layout: String) {
        let letters = Array("abcdef".utf8)
        let image = RGBImage(width: 2, height: 3, pixels: letters.flatMap { [$0, $0 &+ 1, $0 &+ 2] })
        let oriented = image.oriented(orientation)
        let expected = layout.utf8.filter { $0 != UInt8(ascii: " ") }
        #expect(oriented.width == width && oriented.height == 6 / width)
        #expect(stride(from: 0, to: oriented.pixels.count, by: 3).map { oriented.pixels[$0] } == expected)
        #expect(oriented.pixels == expected.flatMap { [$0, $0 &+ 1, $0 &+ 2] })
    }
}

// MARK: - Shared corpus (../shared/images)

/// `../shared/images` next to the package root, found from this file's path.

// MARK: - Helpers

extension ImageDecoderTests {
    /// The error decoding `bytes` throws, or nil when it succeeds.
    func decodeError(_ bytes: [UInt8], source: String = "test") -> InferenceError? {
        do {
            _ = try decoder.decode(bytes, source: source)
            return nil
        } catch {
            return error
        }
    }

    /// A 4000x3000 JPEG, made once.
    static let largeJPEG: [UInt8] = {
        let image = RGBImage(width: 4000, height: 3000, pixels: [UInt8](repeating: 90, count: 4000 * 3000 * 3))
        return try! encodeJPEG(image, quality: 80)
    }()
}

func pixel(_ x: Int, _ y: Int, _ width: Int) -> Range<Int> { (y * width + x) * 3..<(y * width + x) * 3 + 3 }

func solid(width: Int, height: Int, rgb: (UInt8, UInt8, UInt8)) -> RGBImage {
    RGBImage(
        width: width, height: height,
        pixels: Array(Array(repeating: [rgb.0, rgb.1, rgb.2], count: width * height).joined()))
}

/// Red rises left to right, green top to bottom, blue along the diagonal.
func gradient(width: Int, height: Int) -> RGBImage {
    var pixels: [UInt8] = []
    for y in 0..<height {
        for x in 0..<width {
            pixels += [
                UInt8(x * 255 / max(width - 1, 1)), UInt8(y * 255 / max(height - 1, 1)),
                UInt8((x + y) * 255 / max(width + height - 2, 1)),
            ]
        }
    }
    return RGBImage(width: width, height: height, pixels: pixels)
}

func maxDifference(_ a: RGBImage, _ b: RGBImage) -> Int {
    zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
}

func meanDifference(_ a: RGBImage, _ b: RGBImage) -> Double {
    Double(zip(a.pixels, b.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(max(a.pixels.count, 1))
}

/// Calls a shim encoder and returns its malloc'd output as an array.
private func encodeJPEG(_ image: RGBImage, quality: Int32 = 95) throws -> [UInt8] {
    try SyntheticImages.jpeg(pixels: image.pixels, width: image.width, height: image.height, quality: Int(quality))
}

private func encodePNG(
    _ pixels: [UInt8], width: Int, height: Int, channels: Int32, bitDepth: Int32 = 8, interlaced: Bool = false
) throws -> [UInt8] {
    try SyntheticImages.png(
        pixels: pixels, width: width, height: height, channels: Int(channels), bitDepth: Int(bitDepth),
        interlaced: interlaced)
}

private func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
private func be16(_ value: UInt16) -> [UInt8] { be16(Int(value)) }
private func be32(_ value: Int) -> [UInt8] { be16(value >> 16) + be16(value & 0xFFFF) }

/// A TIFF block whose IFD0 holds only an orientation tag.
private func exifTIFF(orientation: UInt16, bigEndian: Bool) -> [UInt8] {
    func u16(_ v: Int) -> [UInt8] { bigEndian ? be16(v) : be16(v).reversed() }
    func u32(_ v: Int) -> [UInt8] { bigEndian ? be32(v) : be32(v).reversed() }
    let header: [UInt8] = bigEndian ? Array("MM".utf8) : Array("II".utf8)
    return header + u16(42) + u32(8) + u16(1) + u16(0x0112) + u16(3) + u32(1) + u16(Int(orientation)) + [0, 0] + u32(0)
}

/// A PNG chunk: length, type, data, CRC-32 of type and data.
private func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in body {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return be32(data.count) + body + be32(Int(~crc))
}

/// A PNG from filtered scanlines (filter byte first), stored without compression.
private func rawPNG(
    width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]], chunks: [(String, [UInt8])]
) -> [UInt8] {
    let raw = Array(rows.joined())
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in raw {
        a = (a + UInt32(byte)) % 65521
        b = (b + a) % 65521
    }
    let zlib: [UInt8] =
        [0x78, 0x01, 0x01] + be16(raw.count).reversed() + be16(~raw.count & 0xFFFF).reversed() + raw
        + be32(Int(b << 16 | a))
    let ihdr = be32(width) + be32(height) + [bitDepth, colorType, 0, 0, 0]
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr)
        + chunks.flatMap { chunk($0.0, $0.1) } + chunk("IDAT", zlib) + chunk("IEND", [])
}
