/// Turns half-block cells into what the terminal receives: escape sequences for the colour
/// modes (written after curses has drawn, since curses cannot show 24-bit colour), or lines of
/// shading characters for `.shading`.
enum PreviewPainter {
    /// The escape sequences that paint `image` with its pane's top-left corner at `paneX`,
    /// `paneY` (0-based cells). The cursor and attributes are saved first and restored after,
    /// so curses' idea of the terminal stays right.
    static func escapes(for image: HalfBlockImage, paneX: Int, paneY: Int, mode: ColorMode, glyph: String = "▀")
        -> String
    {
        guard mode.usesColor, image.columns > 0 else { return "" }
        var out = "\u{1B}7"
        for row in 0..<image.rows {
            out += "\u{1B}[\(paneY + image.originY + row + 1);\(paneX + image.originX + 1)H"
            var lastForeground: String?
            var lastBackground: String?
            for x in 0..<image.columns {
                let cell = image.cell(x: x, y: row)
                let foreground = sgr(cell.top, mode: mode, background: false)
                let background = cell.bottom.map { sgr($0, mode: mode, background: true) } ?? "49"
                if foreground != lastForeground || background != lastBackground {
                    out += "\u{1B}[\(foreground);\(background)m"
                    lastForeground = foreground
                    lastBackground = background
                }
                out += glyph
            }
            out += "\u{1B}[0m"
        }
        return out + "\u{1B}8"
    }

    /// The SGR parameters for one colour.
    static func sgr(_ color: RGB, mode: ColorMode, background: Bool) -> String {
        switch mode {
        case .trueColor:
            return "\(background ? 48 : 38);2;\(color.red);\(color.green);\(color.blue)"
        case .palette256:
            return "\(background ? 48 : 38);5;\(Palette.index256(color))"
        case .ansi8, .shading:
            return "\((background ? 40 : 30) + Palette.index8(color))"
        }
    }

    /// The picture as lines of shading characters (darkest first in `shades`), one cell per
    /// character, each standing for the mean luma of its two pixels.
    static func shadedLines(for image: HalfBlockImage, shades: [String]) -> [String] {
        (0..<image.rows).map { row in
            var line = ""
            for x in 0..<image.columns {
                let cell = image.cell(x: x, y: row)
                let luma = cell.bottom.map { (cell.top.luma + $0.luma) / 2 } ?? cell.top.luma
                line += shades[Palette.shade(luma: luma, levels: shades.count)]
            }
            return line
        }
    }
}
