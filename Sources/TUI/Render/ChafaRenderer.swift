import CChafa
import Glibc
import Inference

/// The preview through libchafa: symbol art (read back cell by cell, so curses places it) in
/// the terminal's colours, or a sixel, kitty or iTerm2 bitmap for the terminals that show one.
/// Pure functions of their input; safe on any thread (libchafa keeps no global state but its
/// thread count, which is set to one so no thread pool lingers after a draw).
enum ChafaRenderer {
    /// `image` drawn as large as fits in `columns` x `rows` cells, aspect kept, in `style`;
    /// nil when there is no room.
    static func render(_ image: RGBImage, columns: Int, rows: Int, style: PreviewStyle) -> PreviewArt? {
        let size = PreviewGeometry.box(
            imageWidth: image.width, imageHeight: image.height, columns: columns, rows: rows,
            cellAspect: style.cellAspect)
        guard size.columns > 0, size.rows > 0 else { return nil }
        chafa_set_n_threads(1)
        let config = chafa_canvas_config_new()
        let symbols = chafa_symbol_map_new()
        defer {
            chafa_symbol_map_unref(symbols)
            chafa_canvas_config_unref(config)
        }
        chafa_canvas_config_set_geometry(config, Int32(size.columns), Int32(size.rows))
        chafa_canvas_config_set_cell_geometry(config, Int32(style.cellWidth), Int32(style.cellHeight))
        chafa_canvas_config_set_canvas_mode(config, canvasMode(style.colorMode))
        if style.colorMode == .ansi16 || style.colorMode == .ansi8 {
            // Few colours: ordered dithering mixes them (and does not crawl as the photo changes).
            chafa_canvas_config_set_dither_mode(config, CHAFA_DITHER_MODE_ORDERED)
        }
        chafa_symbol_map_add_by_tags(symbols, symbolTags(style))
        chafa_canvas_config_set_symbol_map(config, symbols)
        if let graphics = style.graphics {
            chafa_canvas_config_set_canvas_mode(config, CHAFA_CANVAS_MODE_TRUECOLOR)
            chafa_canvas_config_set_pixel_mode(config, pixelMode(graphics))
        }
        guard let canvas = chafa_canvas_new(config) else { return nil }
        defer { chafa_canvas_unref(canvas) }
        let rgba = rgbaPixels(image)
        rgba.withUnsafeBufferPointer {
            chafa_canvas_draw_all_pixels(
                canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, $0.baseAddress, Int32(image.width), Int32(image.height),
                Int32(image.width * 4))
        }
        if let graphics = style.graphics {
            return bitmap(canvas, graphics: graphics, columns: size.columns, rows: size.rows)
        }
        return .symbols(symbolArt(canvas, columns: size.columns, rows: size.rows, mode: style.colorMode))
    }

    /// The bitmap protocol libchafa's terminal database finds in `environment` (it looks at
    /// TERM, TERM_PROGRAM, VTE_VERSION and the like, never at the terminal itself).
    static func detectGraphics(environment: [String: String]) -> PixelProtocol? {
        guard let info = termInfo(environment) else { return nil }
        defer { chafa_term_info_unref(info) }
        if chafa_term_info_have_seq(info, CHAFA_TERM_SEQ_BEGIN_KITTY_IMMEDIATE_IMAGE_V1) != 0 { return .kitty }
        if chafa_term_info_have_seq(info, CHAFA_TERM_SEQ_BEGIN_ITERM2_IMAGE) != 0 { return .iterm }
        if chafa_term_info_have_seq(info, CHAFA_TERM_SEQ_BEGIN_SIXELS) != 0 { return .sixel }
        return nil
    }

    private static func symbolArt(_ canvas: OpaquePointer, columns: Int, rows: Int, mode: ColorMode) -> SymbolArt {
        var cells: [SymbolCell] = []
        cells.reserveCapacity(columns * rows)
        for y in 0..<rows {
            for x in 0..<columns {
                let code = chafa_canvas_get_char_at(canvas, Int32(x), Int32(y))
                let character = Unicode.Scalar(code).map(Character.init) ?? " "
                var foreground: Int32 = -1
                var background: Int32 = -1
                chafa_canvas_get_raw_colors_at(canvas, Int32(x), Int32(y), &foreground, &background)
                cells.append(
                    SymbolCell(
                        character: character, foreground: color(foreground, mode: mode),
                        background: color(background, mode: mode)))
            }
        }
        return SymbolArt(columns: columns, rows: rows, cells: cells)
    }

    /// A raw canvas colour: packed RGB in truecolor, a palette index otherwise, -1 for none.
    private static func color(_ raw: Int32, mode: ColorMode) -> CellColor {
        guard raw >= 0, mode != .shading else { return .terminalDefault }
        if mode == .trueColor {
            return .rgb(RGB(UInt8((raw >> 16) & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8(raw & 0xFF)))
        }
        return .indexed(Int(raw))
    }

    private static func bitmap(_ canvas: OpaquePointer, graphics: PixelProtocol, columns: Int, rows: Int) -> PreviewArt?
    {
        guard let info = termInfo(protocolEnvironment(graphics)) else { return nil }
        defer { chafa_term_info_unref(info) }
        guard let printed = chafa_canvas_print(canvas, info) else { return nil }
        defer { g_string_free(printed, 1) }
        let escapes = String(cString: printed.pointee.str)
        return .bitmap(Bitmap(graphics: graphics, columns: columns, rows: rows, escapes: escapes))
    }

    /// An environment libchafa's database maps to a terminal speaking `graphics`.
    private static func protocolEnvironment(_ graphics: PixelProtocol) -> [String: String] {
        switch graphics {
        case .kitty: ["TERM": "xterm-kitty"]
        case .sixel: ["TERM": "foot"]
        case .iterm: ["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"]
        }
    }

    private static func termInfo(_ environment: [String: String]) -> OpaquePointer? {
        var strings = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { for string in strings { free(string) } }
        strings.append(nil)
        return strings.withUnsafeMutableBufferPointer {
            chafa_term_db_detect(chafa_term_db_get_default(), $0.baseAddress)
        }
    }

    private static func canvasMode(_ mode: ColorMode) -> ChafaCanvasMode {
        switch mode {
        case .trueColor: CHAFA_CANVAS_MODE_TRUECOLOR
        // 240, not 256: the first 16 colours are the theme's, which the user may have changed.
        case .palette256: CHAFA_CANVAS_MODE_INDEXED_240
        case .ansi16: CHAFA_CANVAS_MODE_INDEXED_16
        case .ansi8: CHAFA_CANVAS_MODE_INDEXED_8
        case .shading: CHAFA_CANVAS_MODE_FGBG
        }
    }

    private static func pixelMode(_ graphics: PixelProtocol) -> ChafaPixelMode {
        switch graphics {
        case .kitty: CHAFA_PIXEL_MODE_KITTY
        case .sixel: CHAFA_PIXEL_MODE_SIXELS
        case .iterm: CHAFA_PIXEL_MODE_ITERM2
        }
    }

    /// Block elements, borders and shades (no wide or ambiguous-width characters, which would
    /// shift curses' columns); ASCII characters alone outside UTF-8.
    private static func symbolTags(_ style: PreviewStyle) -> ChafaSymbolTags {
        if style.asciiOnly { return CHAFA_SYMBOL_TAG_ASCII }
        var tags =
            CHAFA_SYMBOL_TAG_SPACE.rawValue | CHAFA_SYMBOL_TAG_SOLID.rawValue | CHAFA_SYMBOL_TAG_BLOCK.rawValue
            | CHAFA_SYMBOL_TAG_BORDER.rawValue | CHAFA_SYMBOL_TAG_QUAD.rawValue | CHAFA_SYMBOL_TAG_HALF.rawValue
        if style.colorMode == .shading || style.colorMode == .ansi8 { tags |= CHAFA_SYMBOL_TAG_STIPPLE.rawValue }
        return ChafaSymbolTags(rawValue: tags)
    }

    private static func rgbaPixels(_ image: RGBImage) -> [UInt8] {
        var rgba = [UInt8](repeating: 255, count: image.width * image.height * 4)
        image.pixels.withUnsafeBufferPointer { source in
            rgba.withUnsafeMutableBufferPointer { target in
                for index in 0..<(image.width * image.height) {
                    target[index * 4] = source[index * 3]
                    target[index * 4 + 1] = source[index * 3 + 1]
                    target[index * 4 + 2] = source[index * 3 + 2]
                }
            }
        }
        return rgba
    }
}
