import Foundation
import TestSupport
import Testing

@testable import Inference

/// The occlusion map finds the snake: a shared snake photo pasted into a flat grey canvas at a
/// known place, with the real model.
@Suite(
    "Where the model looked",
    .enabled(if: TestPaths.hasShared, "skipped: ../shared is absent"),
    .enabled(if: TestPaths.hasModel, "skipped: the default model is not exported (run make model)"))
struct ExplainTests {
    /// Pastes `photo` into a grey canvas with its top-left corner at (`x`, `y`).
    static func composite(_ photo: RGBImage, canvasWidth: Int, canvasHeight: Int, x: Int, y: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 127, count: canvasWidth * canvasHeight * 3)
        for row in 0..<photo.height {
            let target = ((y + row) * canvasWidth + x) * 3
            let source = row * photo.width * 3
            pixels.replaceSubrange(
                target..<(target + photo.width * 3), with: photo.pixels[source..<(source + photo.width * 3)])
        }
        return RGBImage(width: canvasWidth, height: canvasHeight, pixels: pixels)
    }

    @Test(arguments: [
        ("n01748264_Indian_cobra.JPEG", 0.55, 0.55), ("n01756291_sidewinder.JPEG", 0.1, 0.5),
        ("n01755581_diamondback.JPEG", 0.45, 0.1),
    ])
    func theHottestCellLiesOnThePastedSnake(file: String, fractionX: Double, fractionY: Double) async throws {
        let classifier = try await ModelFixture.classifier.value
        let bytes = try ImageFile.read(TestPaths.shared + "/images/snakes/" + file)
        let photo = try ImageDecoder().decode(bytes, source: file)
        let (width, height) = (photo.width * 2, photo.height * 2)
        let x = Int(Double(width - photo.width) * fractionX)
        let y = Int(Double(height - photo.height) * fractionY)
        let canvas = Self.composite(photo, canvasWidth: width, canvasHeight: height, x: x, y: y)
        let png = try SyntheticImages.png(pixels: canvas.pixels, width: width, height: height)
        let result = try await classifier.explain(bytes: png, source: "composite.png")
        let explanation = result.explanation
        #expect(explanation.target == "snake", "\(file): \(result.prediction.verdict)")
        // The hottest cell, in canvas pixels, overlaps the pasted photo.
        let (row, column) = explanation.grid.hottest
        let crop = explanation.crop
        let cellWidth = Double(crop.width) / Double(explanation.grid.columns)
        let cellHeight = Double(crop.height) / Double(explanation.grid.rows)
        let cellX = Double(crop.x) + Double(column) * cellWidth
        let cellY = Double(crop.y) + Double(row) * cellHeight
        let overlapsX = cellX < Double(x + photo.width) && cellX + cellWidth > Double(x)
        let overlapsY = cellY < Double(y + photo.height) && cellY + cellHeight > Double(y)
        #expect(
            overlapsX && overlapsY,
            "\(file): hottest cell (\(row), \(column)) at \(Int(cellX)),\(Int(cellY)) misses the photo at \(x),\(y) \(photo.width)x\(photo.height); map \(explanation.grid.values)"
        )
        #expect(explanation.grid.values[row][column] > 0.01)
        #expect(explanation.forwards == 50)
        print("EXPLAIN \(file): \(explanation.forwards) forwards, \(Int(explanation.milliseconds)) ms")
    }

    @Test func theCropIsTheRegionTheModelSaw() async throws {
        let classifier = try await ModelFixture.classifier.value
        // 600x300 (landscape): resized to 512x256, crop 224 at (144, 16) → source (168.75, 18.75), 262.5 px.
        let png = try SyntheticImages.png(
            pixels: SyntheticImages.gradient(width: 600, height: 300), width: 600, height: 300)
        let explanation = try await classifier.explain(bytes: png, source: "g.png").explanation
        #expect(explanation.crop == Explanation.Region(x: 169, y: 19, width: 263, height: 263))
    }
}
