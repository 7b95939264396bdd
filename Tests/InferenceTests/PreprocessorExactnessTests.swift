import Testing

@testable import Inference

/// The vectorised resampler against the plainest form of Pillow's: the whole image resized
/// (horizontal pass, 8-bit intermediate, vertical pass), one channel and one tap at a time, then
/// cropped and normalised. Integer sums are exact, so every float must be equal.
@Suite("Preprocessing equals the scalar resample, bit for bit")
struct PreprocessorExactnessTests {
    static let input = ModelMetadata.Input(
        width: 224, height: 224, resizeShorterSide: 256, mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375])

    /// Sizes that shrink, enlarge, keep one side, are odd, are thin, and reach the last byte.
    @Test(arguments: [
        (500, 375), (375, 500), (445, 303), (256, 256), (257, 259), (224, 224), (100, 80), (1, 1), (3, 2),
        (1203, 901), (2000, 3), (5, 700),
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
        let rounding: Int32 = 1 << Int32(ResampleKernel.precisionBits - 1)
        var wide = [UInt8](repeating: 0, count: resized.width * image.height * 3)
        for y in 0..<image.height {
            for x in 0..<resized.width {
                for channel in 0..<3 {
                    var sum = rounding
                    for tap in 0..<horizontal.counts[x] {
                        let source = image.pixels[(y * image.width + horizontal.starts[x] + tap) * 3 + channel]
                        sum &+= Int32(source) &* horizontal.weights[x * horizontal.maxTaps + tap]
                    }
                    wide[(y * resized.width + x) * 3 + channel] = ResampleKernel.clip(sum)
                }
            }
        }
        var full = [UInt8](repeating: 0, count: resized.width * resized.height * 3)
        for y in 0..<resized.height {
            for x in 0..<resized.width {
                for channel in 0..<3 {
                    var sum = rounding
                    for tap in 0..<vertical.counts[y] {
                        let source = wide[((vertical.starts[y] + tap) * resized.width + x) * 3 + channel]
                        sum &+= Int32(source) &* vertical.weights[y * vertical.maxTaps + tap]
                    }
                    full[(y * resized.width + x) * 3 + channel] = ResampleKernel.clip(sum)
                }
            }
        }
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
}
