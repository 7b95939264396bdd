extension Layout {
    /// The rows the prediction panel keeps below a stacked preview when the screen has them.
    static let panelPreferredRows = 20
    /// The columns the panel keeps beside the preview (every part of a species row, a URL).
    static let panelMinimumColumns = 70

    /// The preview zoomed to the whole screen: everything between the title and the message
    /// line.
    var zoomed: Rect { body }

    /// This layout with the preview given the largest box that keeps the aspect ratio of an
    /// image of `imageWidth` x `imageHeight` (`cellAspect`: a cell's width over its height):
    /// above the panel, or beside it when that shows the picture larger (tall photos on wide
    /// screens). The panel takes what the picture leaves. Unchanged without an image.
    func arranged(imageWidth: Int, imageHeight: Int, cellAspect: Double) -> Layout {
        guard !isTooSmall, imageWidth > 0, imageHeight > 0, cellAspect > 0 else { return self }
        let right = Rect(x: browserDivider + 1, y: body.y, width: columns - browserDivider - 1, height: body.height)
        func box(_ width: Int, _ height: Int) -> (columns: Int, rows: Int) {
            PreviewGeometry.box(
                imageWidth: imageWidth, imageHeight: imageHeight, columns: width, rows: height, cellAspect: cellAspect)
        }
        // Stacked: the panel keeps its preferred rows, but the picture never gets less room than
        // the fixed layout's stacked pane.
        let stackedRoom = max(
            min(max(body.height * 2 / 5, 5), 22), min(right.height - 1 - Self.panelPreferredRows, right.height - 6))
        let stacked = box(right.width, stackedRoom)
        // Beside the panel: never less room than the fixed wide layout's pane either.
        let sideRoom = max(right.width - Self.panelMinimumColumns - 1, isWide ? preview.width : 0)
        let side: (columns: Int, rows: Int) = sideRoom >= 20 ? box(sideRoom, right.height) : (0, 0)
        var layout = self
        if side.columns * side.rows > stacked.columns * stacked.rows {
            // One column to spare when the height bounds it, so the box fits the pane again.
            let width = min(side.columns + (side.rows == right.height ? 1 : 0), sideRoom)
            layout.isWide = true
            layout.preview = Rect(x: right.x, y: right.y, width: width, height: right.height)
            layout.previewDivider = right.x + width
            layout.panel = Rect(
                x: layout.previewDivider + 1, y: right.y, width: right.maxX - layout.previewDivider - 1,
                height: right.height)
        } else {
            layout.isWide = false
            let rows = min(stacked.rows + (stacked.columns == right.width ? 1 : 0), stackedRoom)
            layout.preview = Rect(x: right.x, y: right.y, width: right.width, height: rows)
            layout.previewDivider = right.y + rows
            layout.panel = Rect(
                x: right.x, y: layout.previewDivider + 1, width: right.width,
                height: right.maxY - layout.previewDivider - 1)
        }
        return layout
    }
}
