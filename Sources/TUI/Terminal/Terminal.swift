import CNcurses
import FoundationEssentials
import Glibc

/// The curses side of the UI: starts and restores the terminal, maps `Style`s to colours,
/// reads keys, and puts frames on screen. Only `Screen` and `CursesCanvas` use it.
final class Terminal {
    /// Why the terminal could not be used.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    let glyphs: Glyphs
    let colorMode: ColorMode
    /// How previews are drawn; the cell size follows the terminal's font on resize.
    private(set) var previewStyle: PreviewStyle
    private var styles: [Style: (attributes: UInt32, pair: Int32)] = [:]
    private var isActive = false
    /// Colour pairs of the preview's cells.
    private var cellPairs = CellPairs(budget: 0, directColor: false)
    /// The bitmap on screen now, and where.
    private var shownBitmap: PlacedBitmap?
    /// The truecolor paint last sent over the preview's cells.
    private var shownOverpaint = ""
    /// Curses repaints everything after a resize: the overlays must follow.
    private var needsFullRepaint = false

    struct PlacedBitmap: Equatable {
        var bitmap: Bitmap
        var x: Int
        var y: Int
    }

    /// Starts curses on the controlling terminal; `preview` chooses symbols or a bitmap
    /// protocol (`.auto`: from the environment, never inside tmux).
    /// - Throws: `StartError` when stdin/stdout is not a usable terminal.
    init(environment: [String: String], preview: PreviewChoice = .auto) throws(StartError) {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        let isUnicode = codeset == "UTF-8" || codeset == "UTF8"
        glyphs = isUnicode ? .unicode : .ascii
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StartError(description: "standard input and output must be a terminal")
        }
        var graphics = preview.graphics(environment: environment)
        if preview == .auto && graphics == nil && isUnicode && Self.mayQuery(environment) {
            // Over SSH the answer takes a round trip.
            let remote = environment["SSH_TTY"] != nil || environment["SSH_CONNECTION"] != nil
            graphics = Self.queryGraphics(waitingAtMost: remote ? 1000 : 300)
        }
        guard snk_curses_begin(25) == 0 else {
            throw StartError(description: "cannot initialise the terminal (TERM=\(environment["TERM"] ?? "unset"))")
        }
        isActive = true
        colorMode = ColorMode.detect(environment: environment, terminalColors: Int(snk_colors()))
        styles = Self.styles(colorMode: colorMode, colors: Int(snk_colors()), pairs: Int(snk_color_pairs()))
        // The theme holds the first pairs; the preview may take the rest but a few.
        cellPairs = CellPairs(
            budget: max(Int(snk_color_pairs()) - styles.count - 8, 0), directColor: snk_colors() >= 0x100_0000)
        // Bitmaps are pictures, not coloured text, but NO_COLOR and the ASCII look keep to
        // characters unless a protocol is asked for by name.
        if preview == .auto && (!colorMode.usesColor || glyphs == .ascii) { graphics = nil }
        previewStyle = PreviewStyle(colorMode: colorMode, asciiOnly: !glyphs.isUnicode, graphics: graphics)
        updateCellSize()
    }

    deinit {
        end()
    }

    /// The screen size in cells.
    var size: (columns: Int, rows: Int) { (Int(snk_cols()), Int(snk_lines())) }

    /// Restores the terminal (and the signal handlers). Safe to call twice.
    func end() {
        guard isActive else { return }
        isActive = false
        // Kitty images outlive the text around them.
        if shownBitmap?.bitmap.graphics == .kitty { Self.writeAll("\u{1B}_Ga=d,d=A\u{1B}\\") }
        snk_curses_end()
        snk_remove_restore_handlers()
    }

    /// Makes fatal and terminating signals restore the terminal and replay `capture` before the
    /// process ends, and SIGWINCH write a byte to `resizeDescriptor` (waking the UI loop).
    func installSignalHandlers(capture: StderrCapture?, resizeDescriptor: Int32) {
        if let capture { snk_install_restore_handlers(capture.captureDescriptor, capture.originalDescriptor) }
        snk_notify_resize(resizeDescriptor)
    }

    /// One pending key, or nil when there is none (never waits).
    func readKey() -> Key? {
        var code: Int32 = 0
        switch snk_read_key(&code) {
        case 1:
            if code == KEY_RESIZE {
                needsFullRepaint = true
                updateCellSize()
            }
            return Self.functionKey(code)
        case 0: return Self.characterKey(code)
        default: return nil
        }
    }

    /// Draws a frame: `draw` fills a blank canvas; then curses sends the differences (all of
    /// the screen when `full`), and what curses cannot draw follows: the truecolor paint of the
    /// preview, and its bitmap (written again only when it changed; an old one is removed).
    func present(full: Bool, _ draw: (CursesCanvas) -> Void) {
        snk_erase()
        let canvas = CursesCanvas(terminal: self)
        draw(canvas)
        var full = full || needsFullRepaint
        needsFullRepaint = false
        let bitmap = canvas.bitmap
        let bitmapChanged = bitmap != shownBitmap
        // Text does not cover sixel or iTerm2 pixels everywhere: repaint every cell over them.
        if bitmapChanged, let shown = shownBitmap, shown.bitmap.graphics != .kitty { full = true }
        snk_present(full ? 1 : 0)
        var out = ""
        let overpaint = canvas.overpaint
        if full || overpaint != shownOverpaint { out += overpaint }
        shownOverpaint = overpaint
        if bitmapChanged || full {
            // Kitty keeps images apart from the text: delete them, data too (libchafa 1.12
            // cannot; its images carry no id, so all of them).
            if shownBitmap?.bitmap.graphics == .kitty || bitmap?.bitmap.graphics == .kitty {
                out += "\u{1B}_Ga=d,d=A\u{1B}\\"
            }
            if let bitmap {
                // Pixel modes carry no position: go to the corner, and back to where curses was.
                out += "\u{1B}7\u{1B}[\(bitmap.y + 1);\(bitmap.x + 1)H" + bitmap.bitmap.escapes + "\u{1B}8"
            }
        }
        shownBitmap = bitmap
        if !out.isEmpty { Self.writeAll(out) }
        cellPairs.releaseUnused(keeping: canvas.pairsUsed)
    }

    /// The colour pair for a preview cell; 0 (default colours) when none is left.
    func pair(foreground: CellColor, background: CellColor) -> Int32 {
        cellPairs.pair(foreground: foreground, background: background)
    }

    /// Whether `color` reaches the screen only through the truecolor paint after the frame.
    func needsOverpaint(_ color: CellColor) -> Bool {
        cellPairs.needsOverpaint(color)
    }

    private func updateCellSize() {
        var width: Int32 = 0
        var height: Int32 = 0
        snk_cell_pixels(&width, &height)
        previewStyle = PreviewStyle(
            colorMode: previewStyle.colorMode, asciiOnly: previewStyle.asciiOnly, graphics: previewStyle.graphics,
            cellWidth: Int(width), cellHeight: Int(height))
    }

    func style(_ style: Style) -> (attributes: UInt32, pair: Int32) {
        styles[style] ?? (0, 0)
    }

    static func writeAll(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BACKSPACE: .backspace
        case KEY_ENTER: .enter
        case KEY_DC: .delete
        case KEY_RESIZE: .resize
        case SNK_KEY_PASTE_BEGIN: .pasteBegin
        case SNK_KEY_PASTE_END: .pasteEnd
        default: nil
        }
    }

    private static func characterKey(_ code: Int32) -> Key? {
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 9: return .tab
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: code)), code >= 32 else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Attributes and colour pairs for each style; attributes alone without colour.
    private static func styles(colorMode: ColorMode, colors: Int, pairs: Int) -> [Style: (UInt32, Int32)] {
        let (bold, dim, reverse, underline) = (
            snk_attr_bold(), snk_attr_dim(), snk_attr_reverse(), snk_attr_underline()
        )
        guard colorMode.usesColor, colors >= 8, pairs >= 16 else {
            return [
                .dim: (dim, 0), .bold: (bold, 0), .title: (reverse | bold, 0), .header: (bold | underline, 0),
                .selected: (reverse, 0), .status: (reverse, 0), .folder: (bold, 0), .snake: (bold, 0),
                .notSnake: (bold, 0), .unsure: (bold, 0), .danger: (bold | underline, 0), .warning: (bold, 0),
                .error: (bold, 0), .bar: (0, 0), .key: (bold, 0), .lowConfidence: (underline, 0),
            ]
        }
        let (black, red, green, yellow, blue, cyan, white): (Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (
            0, 1, 2, 3, 4, 6, 7
        )
        let grey: Int32 = colors >= 16 ? 8 : -1
        let table: [(Style, Int32, Int32, UInt32)] = [
            (.dim, grey, -1, grey < 0 ? dim : 0),
            (.title, black, cyan, bold),
            (.header, cyan, -1, bold),
            (.status, black, white, 0),
            (.folder, blue, -1, bold),
            (.snake, red, -1, bold),
            (.notSnake, green, -1, bold),
            (.unsure, yellow, -1, bold),
            (.danger, red, -1, bold),
            (.warning, yellow, -1, 0),
            (.error, red, -1, 0),
            (.bar, cyan, -1, 0),
            (.key, cyan, -1, bold),
            (.lowConfidence, yellow, -1, 0),
        ]
        var styles: [Style: (UInt32, Int32)] = [.bold: (bold, 0), .selected: (reverse, 0)]
        for (index, entry) in table.enumerated() {
            let pair = Int32(index + 1)
            snk_init_pair(pair, entry.1, entry.2)
            styles[entry.0] = (entry.3, pair)
        }
        return styles
    }
}
