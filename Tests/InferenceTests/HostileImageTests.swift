import Foundation
import Glibc
import TestSupport
import Testing

@testable import Inference

/// Regression tests for the hostile-input findings: each of these inputs crashed, took gigabytes
/// or gave a silently wrong answer before.
@Suite struct HostileImageTests {
    let decoder = ImageDecoder()

    /// A 41-byte PNG: a 1x1 IHDR, then a chunk declaring 2 GiB of data that never comes. libpng
    /// allocated (and zeroed) the declared length of text and sPLT chunks before reading them.
    @Test(arguments: ["tEXt", "zTXt", "iTXt", "sPLT", "iCCP", "eXIf", "abCd"])
    func aChunkDeclaringGigabytesCostsNothing(chunk: String) throws {
        let bomb =
            PNGBytes.signature + PNGBytes.chunk("IHDR", PNGBytes.header(width: 1, height: 1))
            + PNGBytes.be32(0x7FFF_FFFF) + Array(chunk.utf8)
        #expect(bomb.count == 41)
        let before = Self.peakResidentBytes()
        let error = #expect(throws: InferenceError.self) { try decoder.decode(bomb, source: "bomb.png") }
        #expect(error?.kind == .corruptImage)
        // Before the fix the peak grew by 2 GiB; other tests running beside this one stay far
        // below the 1 GiB margin.
        #expect(Self.peakResidentBytes() - before < 1 << 30)
    }

    /// 69 bytes declaring 100000000x1: one row alone would be 300 MB.
    @Test func aSideOverTheLimitIsTooLarge() throws {
        let png =
            PNGBytes.signature + PNGBytes.chunk("IHDR", PNGBytes.header(width: 100_000_000, height: 1))
            + PNGBytes.chunk("IDAT", [0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]) + PNGBytes.chunk("IEND", [])
        let error = #expect(throws: InferenceError.self) { try decoder.decode(png, source: "wide.png") }
        #expect(error?.kind == .imageTooLarge)
        #expect(error?.reason.contains("100000000x1") == true)
    }

    /// A JPEG cut short and closed with an end-of-image marker: libjpeg pads it with grey and
    /// only warns; the cobra cut at half its length was classified "unsure".
    @Test(arguments: [0.1, 0.5, 0.9])
    func aTruncatedJPEGClosedWithEOIIsCorrupt(fraction: Double) throws {
        let jpeg = try Self.detailedJPEG()
        let cut = Array(jpeg.prefix(Int(Double(jpeg.count) * fraction))) + [0xFF, 0xD9]
        let error = #expect(throws: InferenceError.self) { try decoder.decode(cut, source: "cut.jpg") }
        #expect(error?.kind == .corruptImage)
        #expect(error?.reason.hasPrefix("truncated JPEG data") == true)
        // The whole file still decodes.
        #expect(try decoder.decode(jpeg, source: "whole.jpg").width == 320)
    }

    /// Lossless (SOF3) and hierarchical (SOF5) JPEGs are a variant libjpeg-turbo 2.1 does not
    /// decode: 415 unsupported, not 422 corrupt.
    @Test(arguments: [UInt8(0xC3), 0xC5, 0xC7])
    func losslessAndHierarchicalJPEGsAreUnsupported(marker: UInt8) throws {
        var jpeg = try Self.detailedJPEG()
        let sof = try #require(jpeg.indices.dropLast().first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg[sof + 1] = marker
        let error = #expect(throws: InferenceError.self) { try decoder.decode(jpeg, source: "lossless.jpg") }
        #expect(error?.kind == .unsupportedFormat, "\(error?.reason ?? "")")
    }

    /// A 100-megapixel PNG (10000x10000 grey, 118 KB) decodes block-averaged at 1/8 while its
    /// rows stream in: 1250x1250 RGB (4.7 MB) instead of 300 MB at full size.
    @Test func aHundredMegapixelPNGIsReducedWhileItStreams() throws {
        let png = try SyntheticImages.png(
            pixels: [UInt8](repeating: 128, count: 10_000 * 10_000), width: 10_000, height: 10_000, channels: 1)
        let image = try decoder.decode(png, source: "100mp.png", minShorterSide: 256)
        #expect(image.width == 1250 && image.height == 1250)
        #expect(image.pixels.allSatisfy { $0 == 128 })
    }

    /// An interlaced PNG cannot be reduced while it streams, so it has a lower limit.
    @Test func aLargeInterlacedPNGIsTooLarge() throws {
        let png =
            PNGBytes.signature
            + PNGBytes.chunk("IHDR", PNGBytes.header(width: 5000, height: 4000, interlaced: true))
            + PNGBytes.chunk("IDAT", [0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]) + PNGBytes.chunk("IEND", [])
        let error = #expect(throws: InferenceError.self) { try decoder.decode(png, source: "adam7.png") }
        #expect(error?.kind == .imageTooLarge)
        #expect(error?.reason.contains("interlaced") == true)
    }

    /// Every past fuzzer finding (Fuzz/regressions) is refused or decoded without trouble: the
    /// progressive JPEG decompression bombs (a 540-byte file declaring 10000x10000 held 600 MB of
    /// coefficients) are refused before their buffers are allocated.
    @Test func pastFuzzerFindingsAreRefused() throws {
        let folder = TestPaths.packageRoot + "/Fuzz/regressions"
        let files = ["jpeg", "png"].flatMap { kind in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + kind)) ?? []).map {
                folder + "/\(kind)/" + $0
            }
        }
        try #require(files.count >= 6, "no regressions in \(folder)")
        for file in files {
            let bytes = try ImageFile.read(file)
            let before = Self.peakResidentBytes()
            let error = #expect(throws: InferenceError.self, "\(file)") {
                try decoder.decode(bytes, source: file, minShorterSide: 256)
            }
            #expect(
                [.imageTooLarge, .corruptImage, .unsupportedFormat].contains(error?.kind),
                "\(file): \(error?.description ?? "")")
            #expect(Self.peakResidentBytes() - before < 300 << 20, "\(file)")
        }
    }

    /// A 320x240 photo-like JPEG with enough entropy data to cut anywhere.
    static func detailedJPEG() throws -> [UInt8] {
        var generator = SeededGenerator(seed: 7)
        var pixels = SyntheticImages.gradient(width: 320, height: 240)
        for index in pixels.indices { pixels[index] &+= UInt8.random(in: 0...40, using: &generator) }
        return try SyntheticImages.jpeg(pixels: pixels, width: 320, height: 240)
    }

    /// The process's peak resident set so far, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
