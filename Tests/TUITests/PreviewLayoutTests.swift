import Testing

@testable import TUI

/// The preview's pane fitted to the photo: the largest box that keeps its aspect ratio, above
/// or beside the panel, the panel keeping the rest.
@Suite struct PreviewLayoutTests {
    /// The picture's box in the arranged layout's preview pane.
    func pictureBox(_ layout: Layout, _ width: Int, _ height: Int) -> (columns: Int, rows: Int) {
        PreviewGeometry.box(
            imageWidth: width, imageHeight: height, columns: layout.preview.width, rows: layout.preview.height,
            cellAspect: 0.5)
    }

    @Test(
        arguments: LayoutTests.sizes.map { [($0.0, $0.1, 500, 375), ($0.0, $0.1, 375, 500), ($0.0, $0.1, 1000, 100)] }
            .joined().map { $0 })
    func arrangedPanesStayApartAndKeepThePanel(columns: Int, rows: Int, width: Int, height: Int) {
        let fixed = Layout(columns: columns, rows: rows)
        let layout = fixed.arranged(imageWidth: width, imageHeight: height, cellAspect: 0.5)
        let panes = [layout.title, layout.browser, layout.preview, layout.panel, layout.message, layout.status]
        for pane in panes {
            #expect(!pane.isEmpty, "\(columns)x\(rows) \(width)x\(height): \(pane)")
            #expect(pane.x >= 0 && pane.y >= 0 && pane.maxX <= columns && pane.maxY <= rows)
        }
        for (i, a) in panes.enumerated() {
            for b in panes[(i + 1)...] {
                #expect(!(a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY), "\(a) overlaps \(b)")
            }
        }
        // Never a smaller picture than the fixed layout gave, and the panel keeps its essentials.
        let before = PreviewGeometry.box(
            imageWidth: width, imageHeight: height, columns: fixed.preview.width, rows: fixed.preview.height,
            cellAspect: 0.5)
        let after = pictureBox(layout, width, height)
        #expect(after.columns * after.rows >= before.columns * before.rows, "\(columns)x\(rows) \(width)x\(height)")
        #expect(
            layout.isWide
                ? layout.panel.width >= min(Layout.panelMinimumColumns, fixed.panel.width)
                : layout.panel.height >= min(12, fixed.panel.height))
        #expect(layout.browser == fixed.browser)
    }

    @Test func landscapeAt160x48GetsTheWholeWidthAbove() {
        let fixed = Layout(columns: 160, rows: 48)
        // The fixed wide layout: a 47-column pane, a 4:3 photo 47 x 18 in it.
        #expect(fixed.isWide && fixed.preview.width == 47)
        let layout = fixed.arranged(imageWidth: 500, imageHeight: 375, cellAspect: 0.5)
        #expect(!layout.isWide)
        let box = pictureBox(layout, 500, 375)
        #expect(box.columns >= 59 && box.rows == layout.preview.height, "\(box)")
        #expect(layout.panel.height >= Layout.panelPreferredRows)
    }

    @Test func portraitOnAWideScreenStandsBesideThePanel() {
        let layout = Layout(columns: 200, rows: 50).arranged(imageWidth: 375, imageHeight: 500, cellAspect: 0.5)
        #expect(layout.isWide)
        let box = pictureBox(layout, 375, 500)
        #expect(box.rows == layout.preview.height && box.columns >= layout.preview.width - 1, "\(box)")
        #expect(layout.panel.width >= Layout.panelMinimumColumns)
    }

    @Test func squareCellsTakeTwiceTheRows() {
        let tall = PreviewGeometry.box(imageWidth: 400, imageHeight: 300, columns: 80, rows: 80, cellAspect: 0.5)
        let square = PreviewGeometry.box(imageWidth: 400, imageHeight: 300, columns: 80, rows: 80, cellAspect: 1)
        #expect(tall.columns == 80 && tall.rows == 30)
        #expect(square.columns == 80 && square.rows == 60)
    }

    @Test func withoutAPictureTheLayoutStays() {
        let layout = Layout(columns: 120, rows: 40)
        #expect(layout.arranged(imageWidth: 0, imageHeight: 0, cellAspect: 0.5) == layout)
        #expect(layout.zoomed == layout.body)
    }
}
