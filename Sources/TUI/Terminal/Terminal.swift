import CNcurses
import Foundation

/// The curses side of the UI: starts and restores the terminal, maps `Style`s to colours,
/// reads keys, and puts frames on screen. Only `Screen` and `CursesCanvas` use it.
final class Terminal {
    /// Why the terminal could not be used.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    let glyphs: Glyphs
    let colorMode: ColorMode
    private var styles: [Style: (attributes: UInt32, pair: Int32)] = [:]
    private var isActive = false

    /// Starts curses on the controlling terminal.
    /// - Throws: `StartError` when stdin/stdout is not a usable terminal.
    init(environment: [String: String]) throws(StartError) {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        glyphs = codeset == "UTF-8" || codeset == "UTF8" ? .unicode : .ascii
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StartError(description: "standard input and output must be a terminal")
        }
        guard snk_curses_begin(25) == 0 else {
            throw StartError(description: "cannot initialise the terminal (TERM=\(environment["TERM"] ?? "unset"))")
        }
        isActive = true
        colorMode = ColorMode.detect(environment: environment, terminalColors: Int(snk_colors()))
        styles = Self.styles(colorMode: colorMode, colors: Int(snk_colors()), pairs: Int(snk_color_pairs()))
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
        case 1: return Self.functionKey(code)
        case 0: return Self.characterKey(code)
        default: return nil
        }
    }

    /// Draws a frame: `draw` fills a blank canvas; then curses sends the differences (all of
    /// the screen when `full`), and the escape sequences the canvas collected follow.
    func present(full: Bool, _ draw: (CursesCanvas) -> Void) {
        snk_erase()
        let canvas = CursesCanvas(terminal: self)
        draw(canvas)
        snk_present(full ? 1 : 0)
        if !canvas.afterFrame.isEmpty { Self.writeAll(canvas.afterFrame) }
    }

    func style(_ style: Style) -> (attributes: UInt32, pair: Int32) {
        styles[style] ?? (0, 0)
    }

    private static func writeAll(_ text: String) {
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
