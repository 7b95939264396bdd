import Inference

/// One terminal cell of the preview: the upper half block (▀) shows `top` in the foreground
/// and `bottom` in the background, so each cell carries two pixels stacked.
struct HalfBlockCell: Hashable, Sendable {
    var top: RGB
    /// nil on the last row of an image with an odd pixel height.
    var bottom: RGB?
}

/// A picture made of half-block cells, placed in a pane.
struct HalfBlockImage: Sendable, Equatable {
    /// Size in cells.
    var columns: Int
    var rows: Int
    /// Row-major cells.
    var cells: [HalfBlockCell]
    /// Offset of the picture inside its pane (it is centred).
    var originX: Int
    var originY: Int

    func cell(x: Int, y: Int) -> HalfBlockCell { cells[y * columns + x] }
}

/// RGB to half-block cells: fit, resample, pair up rows.
enum HalfBlock {
    /// The pixel size of `imageWidth` x `imageHeight` fitted into a pane of `columns` x `rows`
    /// cells, where a cell is one pixel wide and two tall (terminal cells are about twice as tall
    /// as wide, so the pixels come out roughly square and the aspect ratio is kept).
    static func fittedPixels(imageWidth: Int, imageHeight: Int, columns: Int, rows: Int) -> (
        width: Int, height: Int
    ) {
        let (width, height) = Resample.fit(
            width: imageWidth, height: imageHeight, maxWidth: columns, maxHeight: rows * 2, allowEnlarging: true)
        return (width, height)
    }

    /// `image` as cells centred in a `columns` x `rows` pane; nil when the pane is empty.
    static func render(_ image: RGBImage, columns: Int, rows: Int) -> HalfBlockImage? {
        guard columns > 0, rows > 0, image.width > 0, image.height > 0 else { return nil }
        let (width, height) = fittedPixels(
            imageWidth: image.width, imageHeight: image.height, columns: columns, rows: rows)
        let scaled = Resample.box(image, width: width, height: height)
        let cellRows = (height + 1) / 2
        var cells: [HalfBlockCell] = []
        cells.reserveCapacity(width * cellRows)
        for row in 0..<cellRows {
            for x in 0..<width {
                let top = pixel(scaled, x, row * 2)
                let bottom = row * 2 + 1 < height ? pixel(scaled, x, row * 2 + 1) : nil
                cells.append(HalfBlockCell(top: top, bottom: bottom))
            }
        }
        return HalfBlockImage(
            columns: width, rows: cellRows, cells: cells, originX: (columns - width) / 2, originY: (rows - cellRows) / 2
        )
    }

    private static func pixel(_ image: RGBImage, _ x: Int, _ y: Int) -> RGB {
        let offset = (y * image.width + x) * 3
        return RGB(image.pixels[offset], image.pixels[offset + 1], image.pixels[offset + 2])
    }
}
