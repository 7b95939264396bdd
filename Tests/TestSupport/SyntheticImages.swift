import CImageCodecs
import Glibc

/// Images made by the tests themselves with the shim's encoders: no files needed.
public enum SyntheticImages {
    public struct EncodeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// A smooth RGB gradient, `width * height * 3` bytes.
    public static func gradient(width: Int, height: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let offset = (y * width + x) * 3
                pixels[offset] = UInt8(x * 255 / max(width - 1, 1))
                pixels[offset + 1] = UInt8(y * 255 / max(height - 1, 1))
                pixels[offset + 2] = UInt8((x + y) * 255 / max(width + height - 2, 1))
            }
        }
        return pixels
    }

    /// A baseline JPEG of `pixels` (RGB8).
    public static func jpeg(pixels: [UInt8], width: Int, height: Int, quality: Int = 90) throws -> [UInt8] {
        try encoded { output, size, error, capacity in
            snk_encode_jpeg(pixels, Int32(width), Int32(height), Int32(quality), output, size, error, capacity)
        }
    }

    /// A PNG of `pixels` with `channels` (1, 3 or 4) samples of `bitDepth` (8 or 16) bits.
    public static func png(
        pixels: [UInt8], width: Int, height: Int, channels: Int = 3, bitDepth: Int = 8, interlaced: Bool = false
    ) throws -> [UInt8] {
        try encoded { output, size, error, capacity in
            snk_encode_png(
                pixels, Int32(width), Int32(height), Int32(channels), Int32(bitDepth), interlaced ? 1 : 0, output,
                size, error, capacity)
        }
    }

    private static func encoded(
        _ encode: (
            UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
            UnsafeMutablePointer<CChar>, Int
        ) -> Int32
    ) throws -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = error.withUnsafeMutableBufferPointer { encode(&output, &size, $0.baseAddress!, $0.count) }
        guard status == 0, let output else {
            throw EncodeError(
                description: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}

/// A small deterministic random number generator (SplitMix64), so that a generated-input test
/// can print its seed and be replayed exactly.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
