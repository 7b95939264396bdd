import Testing

@testable import Inference

/// The vectorised resampler against the plainest form of Pillow's: the whole image resized
/// (horizontal pass, 8-bit intermediate, vertical pass), one channel and one tap at a time, then
/// cropped and normalised. Integer sums are exact, so every float must be equal.
@Suite("Preprocessing equals the scalar resample, bit for bit", .serialized)
struct PreprocessorExactnessTests {
    static let input = ModelMetadata.Input(
        width: 224, height: 224, resizeShorterSide: 256, mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375])

    /// Sizes that shrink, enlarge, keep one side, are odd, are thin, and reach the last byte.
    @Test(arguments: [
        (500, 375), (375, 500), (445, 303), (256, 256), (257, 259), (224, 224), (100, 80), (1, 1), (3, 2),
        (801, 601), (60, 2), (3, 40),
    ])
    func matchesTheScalarResample(width: Int, height: Int) {
        var seed = UInt64(width * 7919 + height)
        let pixels = (0..<(width * height * 3)).map { _ in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: seed >> 56)
        }
        let image = RGBImage(width: width, height: height, pixels: pixels)
        let preprocessor = Preprocessor(input: Self.input)
        let actual = preprocessor.tensor(for: image)
        let expected = Self.scalarTensor(image, preprocessor: preprocessor)
        #expect(actual.count == expected.count && actual.count == 3 * 224 * 224)
        let differing = zip(actual, expected).filter { $0.0.bitPattern != $0.1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(actual.count) floats differ for \(width)x\(height)")
    }

    /// The whole resized image, then the crop: no window arithmetic shared with the code under test.
    static func scalarTensor(_ image: RGBImage, preprocessor: Preprocessor) -> [Float] {
        let resized = preprocessor.resizedSize(width: image.width, height: image.height)
        let horizontal = ResampleKernel(
            inputSize: image.width, outputSize: resized.width, outputRange: 0..<resized.width)
        let vertical = ResampleKernel(
            inputSize: image.height, outputSize: resized.height, outputRange: 0..<resized.height)
        let wide = pass(image.pixels, width: image.width, height: image.height, kernel: horizontal, alongX: true)
        let full = pass(wide, width: resized.width, height: image.height, kernel: vertical, alongX: false)
        let (left, top) = preprocessor.cropOrigin(resized: resized)
        var tensor = [Float](repeating: 0, count: 3 * 224 * 224)
        for channel in 0..<3 {
            let scale = 1 / input.std[channel]
            for y in 0..<224 {
                for x in 0..<224 {
                    let value = full[((top + y) * resized.width + left + x) * 3 + channel]
                    tensor[(channel * 224 + y) * 224 + x] = (Float(value) - input.mean[channel]) * scale
                }
            }
        }
        return tensor
    }

    /// One pass of Pillow's resample of interleaved RGB `source`, along x or y, one channel and
    /// one tap at a time.
    static func pass(_ source: [UInt8], width: Int, height: Int, kernel: ResampleKernel, alongX: Bool) -> [UInt8] {
        let (outputWidth, outputHeight) = alongX ? (kernel.starts.count, height) : (width, kernel.starts.count)
        var output = [UInt8](repeating: 0, count: outputWidth * outputHeight * 3)
        for y in 0..<outputHeight {
            for x in 0..<outputWidth {
                let sample = alongX ? x : y
                for channel in 0..<3 {
                    var sum: Int32 = 1 << Int32(ResampleKernel.precisionBits - 1)
                    for tap in 0..<kernel.counts[sample] {
                        let position = kernel.starts[sample] + tap
                        let (sourceX, sourceY) = alongX ? (position, y) : (x, position)
                        sum &+=
                            Int32(source[(sourceY * width + sourceX) * 3 + channel])
                            &* kernel.weights[sample * kernel.maxTaps + tap]
                    }
                    output[(y * outputWidth + x) * 3 + channel] = ResampleKernel.clip(sum)
                }
            }
        }
        return output
    }
}
