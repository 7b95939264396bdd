import Foundation
import TestSupport

/// JPEGs made in the test with the codec shim's encoder.
enum TestJPEG {
    /// A smooth colour gradient of `width` x `height` (with some texture, so it compresses like
    /// a photo rather than a flat colour), encoded at quality 90.
    static func gradient(width: Int, height: Int) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let offset = (y * width + x) * 3
                pixels[offset] = UInt8(truncatingIfNeeded: x * 255 / max(width - 1, 1))
                pixels[offset + 1] = UInt8(truncatingIfNeeded: y * 255 / max(height - 1, 1))
                pixels[offset + 2] = UInt8(truncatingIfNeeded: (x ^ y) & 0x3F)
            }
        }
        return try SyntheticImages.jpeg(pixels: pixels, width: width, height: height, quality: 90)
    }

    /// The median of `samples`.
    static func median(_ samples: [Double]) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
