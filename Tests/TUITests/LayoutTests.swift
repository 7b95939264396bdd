import Testing

@testable import TUI

/// Where the panes go for several terminal sizes.
@Suite struct LayoutTests {
    static let sizes = [(60, 16), (80, 24), (100, 30), (120, 40), (149, 50), (150, 50), (220, 60), (300, 100)]

    @Test(arguments: sizes)
    func panesStayInsideTheScreenWithoutOverlapping(columns: Int, rows: Int) {
        let layout = Layout(columns: columns, rows: rows)
        #expect(!layout.isTooSmall)
        let panes = [layout.title, layout.browser, layout.preview, layout.panel, layout.message, layout.status]
        for pane in panes {
            #expect(!pane.isEmpty)
            #expect(pane.x >= 0 && pane.y >= 0 && pane.maxX <= columns && pane.maxY <= rows)
        }
        for (i, a) in panes.enumerated() {
            for b in panes[(i + 1)...] {
                let overlaps = a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
                #expect(!overlaps, "\(a) overlaps \(b)")
            }
        }
        #expect(layout.status.y == rows - 1 && layout.message.y == rows - 2)
        #expect(layout.browser.width >= 24 && layout.browser.width <= 40)
        #expect(layout.browserDivider == layout.browser.maxX)
    }

    @Test func standardSizes() {
        let big = Layout(columns: 120, rows: 40)
        #expect(big.browser == Rect(x: 0, y: 1, width: 36, height: 37))
        #expect(big.preview == Rect(x: 37, y: 1, width: 83, height: 14))
        #expect(big.previewDivider == 15)
        #expect(big.panel == Rect(x: 37, y: 16, width: 83, height: 22))
        #expect(!big.isWide)

        let small = Layout(columns: 80, rows: 24)
        #expect(small.browser.width == 24)
        #expect(small.preview == Rect(x: 25, y: 1, width: 55, height: 8))
        #expect(small.panel == Rect(x: 25, y: 10, width: 55, height: 12))
        #expect(small.browserRows == 21)
    }

    @Test func wideTerminalsPutPreviewBesideThePanel() {
        let layout = Layout(columns: 200, rows: 50)
        #expect(layout.isWide)
        #expect(layout.preview.height == layout.body.height && layout.panel.height == layout.body.height)
        #expect(layout.preview.y == layout.panel.y)
        #expect(layout.panel.x == layout.previewDivider + 1)
        #expect(layout.panel.maxX == 200)
    }

    @Test(arguments: [(59, 40), (120, 15), (0, 0), (40, 10)])
    func smallTerminalsAreTooSmall(columns: Int, rows: Int) {
        let layout = Layout(columns: columns, rows: rows)
        #expect(layout.isTooSmall)
        #expect(layout.browser.isEmpty && layout.panel.isEmpty)
    }

    @Test func tooSmallFrameSaysWhatIsNeeded() {
        var state = Fixtures.state([], columns: 50, rows: 12)
        _ = Reducer.reduce(&state, event: .resized(columns: 50, rows: 12), now: 0)
        let canvas = TextCanvas(columns: 50, rows: 12)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("Terminal too small: 50x12."))
        #expect(canvas.text.contains("at least 60x16"))
        #expect(state.inputContext == .tooSmall)
    }
}
