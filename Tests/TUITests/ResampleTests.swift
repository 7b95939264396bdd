import Inference
import Testing

@testable import TUI

/// The box filter that makes thumbnails (and map overlays) before libchafa draws them.
@Suite struct ResampleTests {
    @Test func boxFilterAveragesCoveredPixels() {
        let image = RGBImage(width: 4, height: 1, pixels: [0, 0, 0, 100, 100, 100, 200, 0, 0, 255, 255, 255])
        let half = Resample.box(image, width: 2, height: 1)
        #expect(half.pixels == [50, 50, 50, 228, 128, 128])
        let doubled = Resample.box(RGBImage(width: 1, height: 1, pixels: [9, 8, 7]), width: 2, height: 2)
        #expect(doubled.pixels == [9, 8, 7, 9, 8, 7, 9, 8, 7, 9, 8, 7])
    }

    @Test(arguments: [
        (400, 300, 40, 40, 40, 30), (300, 600, 40, 10, 5, 10), (1, 1, 20, 10, 10, 10), (1000, 10, 50, 20, 50, 1),
    ])
    func fitKeepsAspectRatio(
        width: Int, height: Int, maxWidth: Int, maxHeight: Int, fittedWidth: Int, fittedHeight: Int
    ) {
        let fitted = Resample.fit(
            width: width, height: height, maxWidth: maxWidth, maxHeight: maxHeight, allowEnlarging: true)
        #expect(fitted.0 == fittedWidth && fitted.1 == fittedHeight)
    }
}
