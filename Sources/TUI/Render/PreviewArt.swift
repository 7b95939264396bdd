/// A colour of a preview cell as the terminal takes it.
enum CellColor: Hashable, Sendable {
    /// The terminal's default foreground or background.
    case terminalDefault
    /// A palette index: 16...255 on 256-colour terminals, 0...15 or 0...7 on fewer.
    case indexed(Int)
    /// 24-bit colour.
    case rgb(RGB)
}

/// One cell of symbol art: a character drawn in `foreground` on `background`.
struct SymbolCell: Hashable, Sendable {
    var character: Character
    var foreground: CellColor
    var background: CellColor
}

/// A picture made of characters, as libchafa chose them.
struct SymbolArt: Equatable, Sendable {
    /// Size in cells.
    var columns: Int
    var rows: Int
    /// Row-major cells.
    var cells: [SymbolCell]

    func cell(x: Int, y: Int) -> SymbolCell { cells[y * columns + x] }
}

/// A real bitmap for a terminal graphics protocol, sized to a box of cells.
struct Bitmap: Equatable, Sendable {
    var graphics: PixelProtocol
    /// The box it covers, in cells.
    var columns: Int
    var rows: Int
    /// The escape sequence that draws it at the cursor.
    var escapes: String
}

/// What the preview shows for one photo at one size.
enum PreviewArt: Equatable, Sendable {
    case symbols(SymbolArt)
    case bitmap(Bitmap)

    /// Size in cells.
    var columns: Int {
        switch self {
        case .symbols(let art): art.columns
        case .bitmap(let bitmap): bitmap.columns
        }
    }

    var rows: Int {
        switch self {
        case .symbols(let art): art.rows
        case .bitmap(let bitmap): bitmap.rows
        }
    }
}
