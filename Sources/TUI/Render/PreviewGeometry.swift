import CChafa

/// The size of a picture in cells.
enum PreviewGeometry {
    /// The largest box of cells, at most `columns` x `rows`, that shows an image of
    /// `imageWidth` x `imageHeight` with its aspect ratio kept, where a cell's width divided by
    /// its height is `cellAspect` (libchafa's own computation, so the art fills the box).
    /// Enlarges small images; (0, 0) when there is no room or no image.
    static func box(imageWidth: Int, imageHeight: Int, columns: Int, rows: Int, cellAspect: Double) -> (
        columns: Int, rows: Int
    ) {
        guard imageWidth > 0, imageHeight > 0, columns > 0, rows > 0, cellAspect > 0 else { return (0, 0) }
        var width = Int32(clamping: columns)
        var height = Int32(clamping: rows)
        chafa_calc_canvas_geometry(
            Int32(clamping: imageWidth), Int32(clamping: imageHeight), &width, &height, Float(cellAspect), 1, 0)
        return (min(max(Int(width), 1), columns), min(max(Int(height), 1), rows))
    }
}
