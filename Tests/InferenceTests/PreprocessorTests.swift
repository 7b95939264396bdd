import Testing

@testable import Inference

@Suite("Preprocessing")
struct PreprocessorTests {
    let input = ModelMetadata.Input(
        width: 224, height: 224, resizeShorterSide: 256, mean: [127, 127, 127], std: [128, 128, 128])

    @Test("the shorter side becomes 256 and the longer keeps the aspect ratio, rounded")
    func resizedSize() {
        let preprocessor = Preprocessor(input: input)
        #expect(preprocessor.resizedSize(width: 445, height: 303) == (376, 256))
        #expect(preprocessor.resizedSize(width: 500, height: 375) == (341, 256))
        #expect(preprocessor.resizedSize(width: 375, height: 500) == (256, 341))
        #expect(preprocessor.resizedSize(width: 1, height: 1) == (256, 256))
        #expect(preprocessor.resizedSize(width: 4000, height: 3000) == (341, 256))
    }

    @Test("a uniform image gives a uniform normalised tensor in planar RGB order")
    func uniform() {
        let image = RGBImage(
            width: 640, height: 480,
            pixels: [UInt8](repeating: 0, count: 640 * 480 * 3).enumerated().map {
                [255, 127, 63][$0.offset % 3]
            })
        let tensor = Preprocessor(input: input).tensor(for: image)
        let plane = 224 * 224
        #expect(tensor.count == 3 * plane)
        #expect(tensor[0..<plane].allSatisfy { $0 == 1 })
        #expect(tensor[plane..<(2 * plane)].allSatisfy { $0 == 0 })
        #expect(tensor[(2 * plane)...].allSatisfy { $0 == -0.5 })
    }

    @Test("shrinking antialiases: a 1-pixel checkerboard becomes mid-gray, not aliased stripes")
    func antialiasing() {
        let size = 1024
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        for y in 0..<size {
            for x in 0..<size where (x + y) % 2 == 0 {
                pixels[(y * size + x) * 3] = 255
                pixels[(y * size + x) * 3 + 1] = 255
                pixels[(y * size + x) * 3 + 2] = 255
            }
        }
        let tensor = Preprocessor(input: input).tensor(for: RGBImage(width: size, height: size, pixels: pixels))
        // 127.5 ± rounding, normalised: (127 or 128 - 127) / 128.
        #expect(tensor.allSatisfy { abs($0) <= 1.0 / 128 + 1e-6 }, "max \(tensor.map(abs).max() ?? 0)")
    }

    @Test("the crop is centred: a left-half/right-half image keeps its edge in the middle")
    func centreCrop() {
        let width = 512
        let height = 256
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in (width / 2)..<width { pixels[(y * width + x) * 3] = 255 }
        }
        let tensor = Preprocessor(input: input).tensor(for: RGBImage(width: width, height: height, pixels: pixels))
        let row = Array(tensor[(100 * 224)..<(101 * 224)])
        #expect(row[0] < -0.9 && row[110] < -0.9)
        #expect(row[113] > 0.9 && row[223] > 0.9)
    }
}

/// The centre crop starts at `(size − crop) / 2` rounded down, as the reference crops: rounding
/// half to even put it one pixel off for odd differences (11 of 633 external test photos).
struct CropOriginTests {
    let preprocessor = Preprocessor(
        input: .init(width: 224, height: 224, resizeShorterSide: 256, mean: [127, 127, 127], std: [128, 128, 128]))

    @Test(arguments: [
        (256, 256, 16, 16), (259, 256, 17, 16), (257, 256, 16, 16), (256, 341, 16, 58), (256, 343, 16, 59),
    ])
    func originIsFloored(width: Int, height: Int, x: Int, y: Int) {
        let origin = preprocessor.cropOrigin(resized: (width, height))
        #expect(origin.x == x && origin.y == y)
    }
}
