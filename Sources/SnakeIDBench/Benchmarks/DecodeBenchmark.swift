import Foundation
import Inference
import TestSupport

/// Decode + preprocess of a 12-megapixel JPEG that the benchmark makes itself.
struct DecodeBenchmark {
    let input: ModelMetadata.Input

    func run() throws {
        BenchReport.heading("12 MP JPEG (4000x3000) decode + preprocess")
        let jpeg = try Self.makeJPEG(width: 4000, height: 3000)
        BenchReport.line("test image", String(format: "%.1f MB, quality 90", Double(jpeg.count) / 1e6))
        let decoder = ImageDecoder()
        let preprocessor = Preprocessor(input: input)
        for (label, hint) in [("full-size decode", 0), ("DCT-scaled decode (the pipeline)", input.resizeShorterSide)] {
            var decodeSamples: [Double] = []
            var totalSamples: [Double] = []
            for _ in 0..<7 {
                var image: RGBImage?
                let decode = try Stopwatch.milliseconds {
                    image = try decoder.decode(jpeg, source: "12mp.jpg", minShorterSide: hint)
                }
                let preprocess = Stopwatch.milliseconds { _ = preprocessor.tensor(for: image!) }
                decodeSamples.append(decode)
                totalSamples.append(decode + preprocess)
            }
            BenchReport.line("\(label): decode", BenchReport.ms(Stopwatch.median(decodeSamples)))
            BenchReport.line("\(label): decode + preprocess", BenchReport.ms(Stopwatch.median(totalSamples)))
        }
    }

    /// A photo-like JPEG: smooth gradients with fine grain, so it neither compresses trivially
    /// nor is pure noise (the entropy decoding of noise would dominate).
    static func makeJPEG(width: Int, height: Int) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var seed: UInt32 = 12345
        for y in 0..<height {
            for x in 0..<width {
                seed = seed &* 1_664_525 &+ 1_013_904_223
                let noise = Int(seed >> 29)  // ±4 levels of grain: about the size of a camera JPEG
                let offset = (y * width + x) * 3
                pixels[offset] = UInt8(truncatingIfNeeded: (x * 255 / width + noise) & 0xFF)
                pixels[offset + 1] = UInt8(truncatingIfNeeded: (y * 255 / height + noise) & 0xFF)
                pixels[offset + 2] = UInt8(truncatingIfNeeded: ((x + y) / 16 + noise) & 0xFF)
            }
        }
        return try SyntheticImages.jpeg(pixels: pixels, width: width, height: height, quality: 90)
    }
}
