import Foundation

@testable import TUI

/// A `Canvas` that keeps a grid of characters and their styles, for testing views without a
/// terminal.
final class TextCanvas: Canvas {
    let columns: Int
    let rows: Int
    let glyphs: Glyphs
    let colorMode: ColorMode
    let previewStyle: PreviewStyle
    private(set) var cells: [[Character]]
    private(set) var styles: [[Style]]
    /// Colours of the preview's cells, by position.
    private(set) var cellColors: [Int: (CellColor, CellColor)] = [:]
    /// Bitmaps shown, with their top-left corners.
    private(set) var bitmaps: [(bitmap: Bitmap, x: Int, y: Int)] = []

    init(
        columns: Int, rows: Int, glyphs: Glyphs = .unicode, colorMode: ColorMode = .palette256,
        previewStyle: PreviewStyle? = nil
    ) {
        self.columns = columns
        self.rows = rows
        self.glyphs = glyphs
        self.colorMode = colorMode
        self.previewStyle = previewStyle ?? PreviewStyle(colorMode: colorMode, asciiOnly: !glyphs.isUnicode)
        cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
        styles = Array(repeating: Array(repeating: .normal, count: columns), count: rows)
    }

    func put(_ text: String, x: Int, y: Int, style: Style) {
        guard y >= 0, y < rows else { return }
        var column = x
        for character in text {
            guard column < columns else { break }
            if column >= 0 {
                cells[y][column] = character
                styles[y][column] = style
            }
            column += max(TextWidth.of(String(character)), 1)
        }
    }

    func putCell(_ cell: SymbolCell, x: Int, y: Int) {
        put(String(cell.character), x: x, y: y, style: .normal)
        cellColors[y * columns + x] = (cell.foreground, cell.background)
    }

    func showBitmap(_ bitmap: Bitmap, x: Int, y: Int) {
        bitmaps.append((bitmap, x, y))
    }

    /// The colours of the preview cell at `x`, `y`, if one was drawn there.
    func cellColor(x: Int, y: Int) -> (foreground: CellColor, background: CellColor)? {
        cellColors[y * columns + x]
    }

    /// The rows as text, trailing spaces removed.
    var lines: [String] {
        cells.map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }

    var text: String { lines.joined(separator: "\n") }

    /// The first row containing `needle`.
    func row(containing needle: String) -> Int? {
        lines.firstIndex { $0.contains(needle) }
    }

    /// The style of the first character of `needle` on its first row.
    func style(of needle: String) -> Style? {
        guard let row = row(containing: needle), let range = lines[row].range(of: needle) else { return nil }
        return styles[row][lines[row].distance(from: lines[row].startIndex, to: range.lowerBound)]
    }
}
