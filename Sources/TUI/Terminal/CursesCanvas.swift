import CNcurses

/// The `Canvas` of a curses frame: text goes to the curses screen, escape sequences are kept
/// to be written after it.
final class CursesCanvas: Canvas {
    private let terminal: Terminal
    let columns: Int
    let rows: Int
    private(set) var afterFrame = ""

    init(terminal: Terminal) {
        self.terminal = terminal
        (columns, rows) = terminal.size
    }

    var glyphs: Glyphs { terminal.glyphs }
    var colorMode: ColorMode { terminal.colorMode }

    func put(_ text: String, x: Int, y: Int, style: Style) {
        guard y >= 0, y < rows, x >= 0, x < columns else { return }
        let (attributes, pair) = terminal.style(style)
        snk_draw(Int32(y), Int32(x), text, attributes, pair)
    }

    func paintAfterFrame(_ escapes: String) {
        afterFrame += escapes
    }
}
