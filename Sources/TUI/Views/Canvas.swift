/// The roles text plays on screen; the terminal maps each to colours and attributes (or to
/// attributes alone under `NO_COLOR`).
enum Style: Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case bold
    case title
    case header
    case selected
    case status
    case folder
    case snake
    case notSnake
    case unsure
    case danger
    case warning
    case error
    case bar
    case key
    case lowConfidence
}

/// A run of text in one style.
struct Span: Sendable, Equatable {
    var text: String
    var style: Style

    init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}

/// Where views draw: the curses screen, or a grid of characters in tests.
protocol Canvas: AnyObject {
    var columns: Int { get }
    var rows: Int { get }
    /// Unicode or ASCII glyphs, as the locale allows.
    var glyphs: Glyphs { get }
    /// How previews are drawn here: symbols or a bitmap, colours, cell shape.
    var previewStyle: PreviewStyle { get }
    /// Writes `text` (already sanitised and clipped by the caller) at column `x`, row `y`.
    func put(_ text: String, x: Int, y: Int, style: Style)
    /// Writes one cell of symbol art in its own colours.
    func putCell(_ cell: SymbolCell, x: Int, y: Int)
    /// Shows `bitmap` with its top-left corner at `x`, `y` once the frame is on screen (and
    /// removes it when a later frame does not show it).
    func showBitmap(_ bitmap: Bitmap, x: Int, y: Int)
}

extension Canvas {
    /// Writes `text` at `x`, `y`, sanitised and cut to `width` cells.
    func text(_ text: String, x: Int, y: Int, width: Int, style: Style = .normal) {
        guard width > 0, y >= 0, y < rows, x >= 0, x < columns else { return }
        let clean = text.sanitized(asciiOnly: !glyphs.isUnicode)
        let cut = clean.truncated(toWidth: min(width, columns - x), ellipsis: glyphs.ellipsis)
        if !cut.isEmpty { put(cut, x: x, y: y, style: style) }
    }

    /// Writes spans one after the other from `x`, cut at `width` cells; returns the cells used.
    @discardableResult
    func line(_ spans: [Span], x: Int, y: Int, width: Int) -> Int {
        var used = 0
        for span in spans where used < width {
            let clean = span.text.sanitized(asciiOnly: !glyphs.isUnicode)
            let cut = clean.truncated(toWidth: width - used, ellipsis: glyphs.ellipsis)
            if !cut.isEmpty, y >= 0, y < rows, x + used < columns { put(cut, x: x + used, y: y, style: span.style) }
            used += TextWidth.of(cut)
        }
        return used
    }

    /// Fills `rect` with spaces in `style` (a background for bars and selections).
    func fill(_ rect: Rect, style: Style) {
        let blank = String(repeating: " ", count: max(0, min(rect.width, columns - rect.x)))
        for y in rect.y..<rect.maxY where y >= 0 && y < rows { put(blank, x: rect.x, y: y, style: style) }
    }
}
