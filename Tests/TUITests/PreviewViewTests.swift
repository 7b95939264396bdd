import Inference
import Testing

@testable import TUI

/// The preview in a frame: rendered off the UI thread into the state, drawn from there as
/// cells or a bitmap, zoomed to the screen with `z`, hidden under popups.
@Suite struct PreviewViewTests {
    let entries = [Fixtures.image("cobra.jpg"), Fixtures.image("damaged.jpg")]
    /// Left half red, right half blue, 4:3.
    let image: RGBImage = {
        var pixels: [UInt8] = []
        for _ in 0..<60 {
            for x in 0..<80 { pixels += x < 40 ? [220, 20, 20] : [20, 20, 220] }
        }
        return RGBImage(width: 80, height: 60, pixels: pixels)
    }()

    /// A state with the first entry's preview decoded and, as the runner would, rendered.
    func state(style: PreviewStyle, columns: Int = 120, rows: Int = 40, zoomed: Bool = false) throws -> AppState {
        var state = Fixtures.state(entries, columns: columns, rows: rows)
        _ = Reducer.reduce(&state, event: .previewReady(entries[0].itemKey!, .success(image)), now: 0)
        if zoomed { _ = Reducer.reduce(&state, action: .toggleZoom, now: 0) }
        let request = try #require(PreviewView.missingRender(state, style: style))
        let art = ChafaRenderer.render(
            request.image, columns: request.key.columns, rows: request.key.rows, style: request.key.style)
        _ = Reducer.reduce(&state, event: .previewRendered(request.key, art), now: 0)
        #expect(PreviewView.missingRender(state, style: style) == nil)
        return state
    }

    @Test func cellsKeepChafasColoursAndFillTheBox() throws {
        let style = PreviewStyle(colorMode: .trueColor)
        let state = try state(style: style)
        let canvas = TextCanvas(columns: 120, rows: 40, colorMode: .trueColor, previewStyle: style)
        FrameView.draw(state, on: canvas)
        let rect = try #require(FrameView.previewRect(state, style: style))
        // 4:3 above a 20-row panel: the pane as tall as the picture, the picture centred in it.
        #expect(rect.width == 83 && rect.height == 16)
        let box = PreviewGeometry.box(imageWidth: 80, imageHeight: 60, columns: 83, rows: 16, cellAspect: 0.5)
        #expect(box.rows == 16 && box.columns > 40)
        let centre = rect.x + rect.width / 2
        let left = try #require(canvas.cellColor(x: centre - box.columns / 4, y: rect.y + rect.height / 2))
        let right = try #require(canvas.cellColor(x: centre + box.columns / 4, y: rect.y + rect.height / 2))
        #expect(canvas.cellColor(x: rect.x, y: rect.y) == nil)
        #expect(left.foreground == .rgb(RGB(220, 20, 20)) || left.background == .rgb(RGB(220, 20, 20)))
        #expect(right.foreground == .rgb(RGB(20, 20, 220)) || right.background == .rgb(RGB(20, 20, 220)))
        #expect(canvas.bitmaps.isEmpty)
    }

    @Test func bitmapStylesShowOneBitmapAndNoCells() throws {
        let style = PreviewStyle(colorMode: .trueColor, graphics: .kitty, cellWidth: 8, cellHeight: 16)
        let state = try state(style: style)
        let canvas = TextCanvas(columns: 120, rows: 40, colorMode: .trueColor, previewStyle: style)
        FrameView.draw(state, on: canvas)
        let shown = try #require(canvas.bitmaps.first)
        #expect(canvas.bitmaps.count == 1)
        let rect = try #require(FrameView.previewRect(state, style: style))
        #expect(shown.x >= rect.x && shown.x + shown.bitmap.columns <= rect.maxX)
        #expect(shown.y >= rect.y && shown.y + shown.bitmap.rows <= rect.maxY)
        #expect(shown.bitmap.escapes.hasPrefix("\u{1B}_G"))
        // Help covers the preview: no bitmap in that frame.
        var help = state
        _ = Reducer.reduce(&help, action: .toggleHelp, now: 0)
        let covered = TextCanvas(columns: 120, rows: 40, colorMode: .trueColor, previewStyle: style)
        FrameView.draw(help, on: covered)
        #expect(covered.bitmaps.isEmpty)
        #expect(FrameView.previewRect(help, style: style) == nil)
    }

    @Test func zoomFillsTheScreenAndEscapeGoesBack() throws {
        let style = PreviewStyle(colorMode: .palette256)
        var state = try state(style: style, zoomed: true)
        #expect(state.previewZoomed)
        #expect(FrameView.previewRect(state, style: style) == state.layout.body)
        let canvas = TextCanvas(columns: 120, rows: 40, previewStyle: style)
        FrameView.draw(state, on: canvas)
        // The browser is gone; the picture is the body's height (4:3 at 1:2 cells is wider).
        #expect(!canvas.text.contains("damaged.jpg"))
        #expect(canvas.lines[38].contains("z back") && canvas.lines[38].contains("Esc back"), "\(canvas.lines[38])")
        let painted = (0..<40).filter { row in (0..<120).contains { canvas.cellColor(x: $0, y: row) != nil } }
        #expect(painted.count == state.layout.body.height)
        _ = Reducer.reduce(&state, action: .cancel, now: 0)
        #expect(!state.previewZoomed)
        #expect(KeyTable.action(for: .key(.character("z")), in: .browse) == .toggleZoom)
    }

    @Test func theMapIsRenderedInsteadOfThePhotoWhileXIsOn() throws {
        let style = PreviewStyle(colorMode: .trueColor)
        var state = try state(style: style)
        _ = Reducer.reduce(&state, action: .toggleMap, now: 0)
        let map = RGBImage(
            width: 80, height: 60,
            pixels: [UInt8](repeating: 0, count: 80 * 60 * 3).enumerated().map {
                $0.offset % 3 == 1 ? 200 : 0
            })
        _ = Reducer.reduce(&state, event: .explained(entries[0].itemKey!, .success(map)), now: 0)
        let request = try #require(PreviewView.missingRender(state, style: style))
        #expect(request.key.showsMap && request.image == map)
    }

    @Test func asciiAndNoColourStayCharactersOnly() throws {
        let style = PreviewStyle(colorMode: .shading, asciiOnly: true)
        let state = try state(style: style)
        let canvas = TextCanvas(columns: 120, rows: 40, glyphs: .ascii, colorMode: .shading, previewStyle: style)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.allSatisfy { $0.isASCII })
        let rect = try #require(FrameView.previewRect(state, style: style))
        let cell = try #require(canvas.cellColor(x: rect.x + rect.width / 2, y: rect.y + rect.height / 2))
        #expect(cell.foreground == .terminalDefault && cell.background == .terminalDefault)
    }
}
