import Foundation
import Inference
import TestSupport
import Testing

@testable import TUI

/// libchafa's preview without a terminal: symbol art that resembles the photo in every colour
/// mode, and bitmaps (kitty, sixel, iTerm2) as well-formed escape sequences of the box's size.
@Suite struct ChafaRendererTests {
    static let boa = TestPaths.shared + "/images/snakes/n01742172_boa_constrictor.JPEG"

    func photo(_ path: String = boa) throws -> RGBImage {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return try PreviewLoader().thumbnail(bytes: bytes, source: path)
    }

    /// Mean colours of a `grid` x `grid` split of the art (as its cells look) and of the image.
    func regionMeans(_ art: SymbolArt, grid: Int) -> [(Double, Double, Double)] {
        var sums = [(Double, Double, Double, Double)](repeating: (0, 0, 0, 0), count: grid * grid)
        for y in 0..<art.rows {
            for x in 0..<art.columns {
                guard let color = SymbolCoverage.color(of: art.cell(x: x, y: y), palette: SymbolCoverage.rgb) else {
                    continue
                }
                let region = (y * grid / art.rows) * grid + x * grid / art.columns
                sums[region] = (
                    sums[region].0 + color.0, sums[region].1 + color.1, sums[region].2 + color.2, sums[region].3 + 1
                )
            }
        }
        return sums.map { $0.3 > 0 ? ($0.0 / $0.3, $0.1 / $0.3, $0.2 / $0.3) : (-1000, -1000, -1000) }
    }

    func regionMeans(_ image: RGBImage, grid: Int) -> [(Double, Double, Double)] {
        var sums = [(Double, Double, Double, Double)](repeating: (0, 0, 0, 0), count: grid * grid)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let offset = (y * image.width + x) * 3
                let region = (y * grid / image.height) * grid + x * grid / image.width
                sums[region] = (
                    sums[region].0 + Double(image.pixels[offset]), sums[region].1 + Double(image.pixels[offset + 1]),
                    sums[region].2 + Double(image.pixels[offset + 2]), sums[region].3 + 1
                )
            }
        }
        return sums.map { ($0.0 / $0.3, $0.1 / $0.3, $0.2 / $0.3) }
    }

    /// The largest channel difference between matching regions.
    func worstDifference(_ a: [(Double, Double, Double)], _ b: [(Double, Double, Double)]) -> Double {
        zip(a, b).map { max(abs($0.0 - $1.0), abs($0.1 - $1.1), abs($0.2 - $1.2)) }.max() ?? .infinity
    }

    @Test(
        .enabled(if: TestPaths.hasShared, "needs ../shared/images/snakes"),
        arguments: [(ColorMode.trueColor, 32.0), (.palette256, 40.0)])
    func symbolsResembleEverySharedSnake(mode: ColorMode, tolerance: Double) throws {
        let files = TestPaths.sharedFiles("images/snakes")
        try #require(!files.isEmpty)
        for file in files {
            let image = try photo(file)
            try expectResemblance(image, mode: mode, tolerance: tolerance, name: file)
        }
    }

    @Test(.enabled(if: TestPaths.hasShared, "needs ../shared/images/snakes"))
    func landscapePhotoFillsTheWidth() throws {
        guard
            case .symbols(let art)? = try ChafaRenderer.render(
                photo(), columns: 60, rows: 30, style: PreviewStyle(colorMode: .trueColor))
        else {
            Issue.record("no symbols")
            return
        }
        // 500x375 at cells twice as tall as wide: 60 x 22.5 cells, the aspect ratio kept.
        #expect(art.columns == 60 && (22...23).contains(art.rows), "\(art.columns) x \(art.rows)")
        // The comparison can fail: the same art against the photo upside down does not match.
        let image = try photo()
        let flipped = RGBImage(
            width: image.width, height: image.height,
            pixels: (0..<image.height).reversed().flatMap {
                image.pixels[($0 * image.width * 3)..<(($0 + 1) * image.width * 3)]
            })
        let drawn = regionMeans(art, grid: 4)
        let same = worstDifference(drawn, regionMeans(image, grid: 4))
        let upsideDown = worstDifference(drawn, regionMeans(flipped, grid: 4))
        print(String(format: "CHAFA-RESEMBLANCE boa %.1f, upside down %.1f", same, upsideDown))
        #expect(same <= 32)
        #expect(upsideDown > 32)
    }

    func expectResemblance(_ image: RGBImage, mode: ColorMode, tolerance: Double, name: String) throws {
        let art = try #require(
            ChafaRenderer.render(image, columns: 60, rows: 30, style: PreviewStyle(colorMode: mode)))
        guard case .symbols(let symbols) = art else {
            Issue.record("expected symbols, got \(art)")
            return
        }
        let box = PreviewGeometry.box(
            imageWidth: image.width, imageHeight: image.height, columns: 60, rows: 30, cellAspect: 0.5)
        #expect(symbols.columns == box.columns && symbols.rows == box.rows, "\(name)")
        let drawn = regionMeans(symbols, grid: 4)
        let source = regionMeans(image, grid: 4)
        let difference = worstDifference(drawn, source)
        print(
            String(
                format: "CHAFA-RESEMBLANCE %@ %@ worst %.1f", "\(mode)", (name as NSString).lastPathComponent,
                difference))
        #expect(difference <= tolerance, "\(name): worst region differs by \(difference)")
    }

    @Test(.enabled(if: TestPaths.hasShared, "needs ../shared/images/snakes"))
    func eachModeKeepsToItsColours() throws {
        let image = try photo()
        func cells(_ style: PreviewStyle) throws -> [SymbolCell] {
            guard case .symbols(let art)? = ChafaRenderer.render(image, columns: 40, rows: 20, style: style) else {
                Issue.record("no symbols for \(style)")
                return []
            }
            return art.cells
        }
        func indexes(_ cells: [SymbolCell]) -> [Int] {
            cells.flatMap { [$0.foreground, $0.background] }.compactMap {
                if case .indexed(let index) = $0 { return index }
                return nil
            }
        }
        // 240 colours: the theme's first 16 stay free.
        let palette = try cells(PreviewStyle(colorMode: .palette256))
        try #require(!palette.isEmpty)
        #expect(indexes(palette).allSatisfy { (16...255).contains($0) })
        #expect(Set(indexes(palette)).count > 20)
        #expect(try indexes(cells(PreviewStyle(colorMode: .ansi16))).allSatisfy { (0...15).contains($0) })
        #expect(try indexes(cells(PreviewStyle(colorMode: .ansi8))).allSatisfy { (0...7).contains($0) })
        // NO_COLOR: shapes only, in the terminal's own colours.
        let plain = try cells(PreviewStyle(colorMode: .shading))
        #expect(plain.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
        #expect(Set(plain.map(\.character)).count > 2)
        // The ASCII look.
        let ascii = try cells(PreviewStyle(colorMode: .shading, asciiOnly: true))
        #expect(ascii.allSatisfy { $0.character.isASCII })
        #expect(Set(ascii.map(\.character)).count > 2)
    }

    /// A synthetic 400x300 picture in a 20 x 10 box of 8 x 16-pixel cells: 20 x 7 cells, so
    /// 160 x 112 pixels.
    func bitmap(_ graphics: PixelProtocol) throws -> Bitmap {
        let image = RGBImage(width: 400, height: 300, pixels: SyntheticImages.gradient(width: 400, height: 300))
        let style = PreviewStyle(colorMode: .trueColor, graphics: graphics, cellWidth: 8, cellHeight: 16)
        guard case .bitmap(let bitmap)? = ChafaRenderer.render(image, columns: 20, rows: 10, style: style) else {
            throw Failure("no \(graphics) bitmap")
        }
        #expect(bitmap.graphics == graphics && bitmap.columns == 20 && bitmap.rows == 7)
        return bitmap
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func kittyImageIsChunkedBase64RGBAOfTheBoxSize() throws {
        let bitmap = try bitmap(.kitty)
        let escapes = bitmap.escapes
        // ESC _ G <keys> ; <payload> ESC \, one after the other and nothing between.
        let chunks = escapes.components(separatedBy: "\u{1B}\\").dropLast()
        #expect(escapes.hasSuffix("\u{1B}\\"))
        try #require(chunks.count > 1)
        var pixels = 0
        var keys: [String: String] = [:]
        for chunk in chunks {
            #expect(chunk.hasPrefix("\u{1B}_G"), "\(chunk.prefix(40))")
            let body = chunk.dropFirst(3)
            let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            for pair in parts[0].split(separator: ",") {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                if keyValue.count == 2 { keys[String(keyValue[0])] = String(keyValue[1]) }
            }
            // Each chunk is base64 on its own.
            if parts.count == 2 {
                let data = try #require(Data(base64Encoded: String(parts[1])), "\(parts[1].prefix(40))")
                pixels += data.count
            }
        }
        #expect(keys["a"] == "T" && keys["f"] == "32")
        #expect(keys["c"] == "20" && keys["r"] == "7")
        let width = try #require(keys["s"].flatMap { Int($0) })
        let height = try #require(keys["v"].flatMap { Int($0) })
        #expect(width == 20 * 8 && height == 7 * 16)
        #expect(pixels == width * height * 4)
    }

    @Test func sixelImageHasRasterAttributesOfTheBoxSize() throws {
        let escapes = try bitmap(.sixel).escapes
        #expect(escapes.hasPrefix("\u{1B}P"))
        #expect(escapes.hasSuffix("\u{1B}\\"))
        let match = try #require(escapes.firstMatch(of: /q"1;1;(\d+);(\d+)/))
        let (width, height) = (Int(match.1) ?? 0, Int(match.2) ?? 0)
        #expect(width == 20 * 8)
        // Sixels are 6 pixels tall: the height is the box's, rounded to them.
        #expect(height <= 7 * 16 && height > 7 * 16 - 6)
        // Only sixel data between the header and the end: no stray escapes.
        let body = escapes.dropFirst(2).dropLast(2)
        #expect(!body.contains("\u{1B}"))
        #expect(body.allSatisfy { $0.isASCII })
    }

    @Test func iTerm2ImageIsAnInlineFileOfTheBoxSize() throws {
        let escapes = try bitmap(.iterm).escapes
        let match = try #require(escapes.wholeMatch(of: /\x{1B}\]1337;File=([^:]*):([A-Za-z0-9+\/=]+)\x{07}/))
        let arguments = Dictionary(
            uniqueKeysWithValues: match.1.split(separator: ";").map {
                let pair = $0.split(separator: "=", maxSplits: 1)
                return (String(pair[0]), pair.count > 1 ? String(pair[1]) : "")
            })
        #expect(arguments["inline"] == "1")
        #expect(arguments["width"] == "20" && arguments["height"] == "7")
        let file = try #require(Data(base64Encoded: String(match.2)))
        #expect(file.count > 20 * 8 * 3)
    }

    @Test(arguments: [
        (500, 375, 60, 30, 0.5, 60, 22),  // landscape, width-bound
        (375, 500, 60, 30, 0.5, 45, 30),  // portrait, height-bound
        (500, 375, 60, 30, 1.0, 40, 30),  // square cells
        (10, 10, 40, 20, 0.5, 40, 20),  // small images are enlarged
        (4000, 10, 50, 20, 0.5, 50, 1),  // never below one cell
        (500, 375, 0, 30, 0.5, 0, 0),
    ])
    func boxKeepsTheAspectRatio(
        width: Int, height: Int, columns: Int, rows: Int, cellAspect: Double, boxColumns: Int, boxRows: Int
    ) {
        let box = PreviewGeometry.box(
            imageWidth: width, imageHeight: height, columns: columns, rows: rows, cellAspect: cellAspect)
        #expect(box.columns == boxColumns && box.rows == boxRows)
    }
}
