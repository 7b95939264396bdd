import CNcurses

/// The `Canvas` of a curses frame: text and preview cells go to the curses screen; what curses
/// cannot show (24-bit colour without a direct-colour terminfo, bitmaps) is kept for after it.
final class CursesCanvas: Canvas {
    private let terminal: Terminal
    let columns: Int
    let rows: Int
    /// Truecolor paint over preview cells curses placed in their nearest 256-colour pair.
    private var afterFrame = ""
    private(set) var bitmap: Terminal.PlacedBitmap?
    /// Colour pairs the frame's preview cells use.
    private(set) var pairsUsed: Set<Int32> = []
    private var paintCursor: (x: Int, y: Int)?
    private var paintColors: (CellColor, CellColor)?

    init(terminal: Terminal) {
        self.terminal = terminal
        (columns, rows) = terminal.size
    }

    var glyphs: Glyphs { terminal.glyphs }
    var previewStyle: PreviewStyle { terminal.previewStyle }

    func put(_ text: String, x: Int, y: Int, style: Style) {
        guard y >= 0, y < rows, x >= 0, x < columns else { return }
        let (attributes, pair) = terminal.style(style)
        snk_draw(Int32(y), Int32(x), text, attributes, pair)
    }

    func putCell(_ cell: SymbolCell, x: Int, y: Int) {
        guard y >= 0, y < rows, x >= 0, x < columns else { return }
        let pair = terminal.pair(foreground: cell.foreground, background: cell.background)
        pairsUsed.insert(pair)
        let text = String(cell.character)
        snk_draw_pair(Int32(y), Int32(x), text, pair)
        guard terminal.needsOverpaint(cell.foreground) || terminal.needsOverpaint(cell.background) else { return }
        if afterFrame.isEmpty { afterFrame = "\u{1B}7" }
        if paintCursor.map({ $0.x != x || $0.y != y }) ?? true { afterFrame += "\u{1B}[\(y + 1);\(x + 1)H" }
        if paintColors.map({ $0.0 != cell.foreground || $0.1 != cell.background }) ?? true {
            afterFrame +=
                "\u{1B}[0;\(Self.sgr(cell.foreground, background: false));\(Self.sgr(cell.background, background: true))m"
            paintColors = (cell.foreground, cell.background)
        }
        afterFrame += text
        paintCursor = (x + 1, y)
    }

    func showBitmap(_ bitmap: Bitmap, x: Int, y: Int) {
        self.bitmap = Terminal.PlacedBitmap(bitmap: bitmap, x: x, y: y)
    }

    /// The truecolor paint to send after the frame: the escape sequences collected, closed
    /// (attributes reset, the cursor put back).
    var overpaint: String { afterFrame.isEmpty ? "" : afterFrame + "\u{1B}[0m\u{1B}8" }

    private static func sgr(_ color: CellColor, background: Bool) -> String {
        switch color {
        case .terminalDefault: background ? "49" : "39"
        case .indexed(let index): "\(background ? 48 : 38);5;\(index)"
        case .rgb(let rgb): "\(background ? 48 : 38);2;\(rgb.red);\(rgb.green);\(rgb.blue)"
        }
    }
}
