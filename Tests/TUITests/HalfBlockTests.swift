import Inference
import Testing

@testable import TUI

/// Half-block cells: fitting with the aspect ratio kept, pairing rows, centring, painting.
@Suite struct HalfBlockTests {
    @Test(arguments: [
        (400, 300, 40, 40, 40, 30),  // width-bound: 40 x 30 pixels, 15 rows
        (300, 600, 40, 10, 10, 20),  // height-bound: 20 pixels in 10 rows
        (4000, 3000, 83, 14, 37, 28),
        (1, 1, 20, 10, 20, 20),  // enlarged to fill
        (1000, 10, 50, 20, 50, 1),  // never below one pixel
    ])
    func fittingKeepsAspectRatio(width: Int, height: Int, columns: Int, rows: Int, fittedWidth: Int, fittedHeight: Int)
    {
        let fitted = HalfBlock.fittedPixels(imageWidth: width, imageHeight: height, columns: columns, rows: rows)
        #expect(fitted.width == fittedWidth && fitted.height == fittedHeight)
        #expect(fitted.width <= columns && fitted.height <= rows * 2)
    }

    @Test func eachCellStacksTwoPixelRows() throws {
        // 2 x 4: rows red, green, blue, white.
        let colors: [[UInt8]] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]
        let image = RGBImage(width: 2, height: 4, pixels: colors.flatMap { $0 + $0 })
        let picture = try #require(HalfBlock.render(image, columns: 2, rows: 2))
        #expect(picture.columns == 2 && picture.rows == 2)
        #expect(picture.cell(x: 1, y: 0) == HalfBlockCell(top: RGB(255, 0, 0), bottom: RGB(0, 255, 0)))
        #expect(picture.cell(x: 0, y: 1) == HalfBlockCell(top: RGB(0, 0, 255), bottom: RGB(255, 255, 255)))
    }

    @Test func oddHeightLeavesLastBottomEmpty() throws {
        let image = RGBImage(width: 3, height: 3, pixels: [UInt8](repeating: 128, count: 27))
        let picture = try #require(HalfBlock.render(image, columns: 3, rows: 2))
        #expect(picture.rows == 2)
        #expect(picture.cell(x: 0, y: 1).bottom == nil)
        #expect(picture.cell(x: 0, y: 0).bottom == RGB(128, 128, 128))
    }

    @Test func pictureIsCentredInThePane() throws {
        let image = RGBImage(width: 400, height: 300, pixels: [UInt8](repeating: 0, count: 400 * 300 * 3))
        let picture = try #require(HalfBlock.render(image, columns: 60, rows: 10))
        // 20 pixels tall -> 26 wide (4:3), in 10 rows.
        #expect(picture.columns == 27 && picture.rows == 10)
        #expect(picture.originX == (60 - 27) / 2 && picture.originY == 0)
        #expect(HalfBlock.render(image, columns: 0, rows: 10) == nil)
    }

    @Test func boxFilterAveragesCoveredPixels() {
        let image = RGBImage(width: 4, height: 1, pixels: [0, 0, 0, 100, 100, 100, 200, 0, 0, 255, 255, 255])
        let half = Resample.box(image, width: 2, height: 1)
        #expect(half.pixels == [50, 50, 50, 228, 128, 128])
        let doubled = Resample.box(RGBImage(width: 1, height: 1, pixels: [9, 8, 7]), width: 2, height: 2)
        #expect(doubled.pixels == [9, 8, 7, 9, 8, 7, 9, 8, 7, 9, 8, 7])
    }

    @Test func escapesPaintEachModeAndRestoreTheCursor() {
        let picture = HalfBlockImage(
            columns: 2, rows: 1,
            cells: [
                HalfBlockCell(top: RGB(255, 0, 0), bottom: RGB(0, 0, 255)),
                HalfBlockCell(top: RGB(255, 0, 0), bottom: RGB(0, 0, 255)),
            ],
            originX: 1, originY: 2)
        let truecolor = PreviewPainter.escapes(for: picture, paneX: 10, paneY: 5, mode: .trueColor)
        #expect(truecolor == "\u{1B}7\u{1B}[8;12H\u{1B}[38;2;255;0;0;48;2;0;0;255m▀▀\u{1B}[0m\u{1B}8")
        let palette = PreviewPainter.escapes(for: picture, paneX: 0, paneY: 0, mode: .palette256)
        #expect(palette.contains("\u{1B}[38;5;196;48;5;21m▀▀"))
        let ansi = PreviewPainter.escapes(for: picture, paneX: 0, paneY: 0, mode: .ansi8, glyph: "#")
        #expect(ansi.contains("\u{1B}[31;44m##"))
        #expect(PreviewPainter.escapes(for: picture, paneX: 0, paneY: 0, mode: .shading).isEmpty)
    }

    @Test func missingBottomPixelUsesTheDefaultBackground() {
        let picture = HalfBlockImage(
            columns: 1, rows: 1, cells: [HalfBlockCell(top: RGB(1, 2, 3), bottom: nil)], originX: 0, originY: 0)
        #expect(PreviewPainter.escapes(for: picture, paneX: 0, paneY: 0, mode: .trueColor).contains("38;2;1;2;3;49m"))
    }

    @Test func shadingUsesMeanLumaOfBothPixels() {
        let picture = HalfBlockImage(
            columns: 3, rows: 1,
            cells: [
                HalfBlockCell(top: RGB(0, 0, 0), bottom: RGB(0, 0, 0)),
                HalfBlockCell(top: RGB(255, 255, 255), bottom: RGB(0, 0, 0)),
                HalfBlockCell(top: RGB(255, 255, 255), bottom: nil),
            ], originX: 0, originY: 0)
        #expect(PreviewPainter.shadedLines(for: picture, shades: Glyphs.ascii.shades) == [" =@"])
        #expect(PreviewPainter.shadedLines(for: picture, shades: Glyphs.unicode.shades) == [" ▒█"])
    }
}
