/// How the preview paints pixels, from the richest the terminal supports to none.
enum ColorMode: Sendable, Equatable {
    /// 24-bit colour escapes (`COLORTERM=truecolor` or `24bit`).
    case trueColor
    /// The xterm 256-colour palette: the 6×6×6 cube and the 24 greys.
    case palette256
    /// The 16 ANSI colours (the 8 and their bright versions).
    case ansi16
    /// The 8 ANSI colours.
    case ansi8
    /// No colour (`NO_COLOR`, or a monochrome terminal): the shapes of the characters alone.
    case shading

    /// The mode for an environment and the number of colours curses reports.
    ///
    /// `NO_COLOR` (any non-empty value, see no-color.org) wins, then `COLORTERM`, then the
    /// terminal's colour count.
    static func detect(environment: [String: String], terminalColors: Int) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .shading }
        if terminalColors <= 0 { return .shading }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .trueColor }
        if terminalColors >= 256 { return .palette256 }
        if terminalColors >= 16 { return .ansi16 }
        if terminalColors >= 8 { return .ansi8 }
        return .shading
    }

    /// Whether the UI may use colour at all (for its text as well as the preview).
    var usesColor: Bool { self != .shading }
}

/// An 8-bit RGB colour.
struct RGB: Hashable, Sendable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8

    init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }
}

/// Nearest-colour quantisation to the xterm 256-colour palette (where the terminal cannot show
/// 24-bit colour through curses).
enum Palette {
    /// The six levels of each channel in the xterm 256-colour cube.
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The xterm 256-colour index nearest to `color`: a cube colour (16...231) or a grey
    /// (232...255), whichever is closer.
    static func index256(_ color: RGB) -> Int {
        let (r, g, b) = (Int(color.red), Int(color.green), Int(color.blue))
        let (ri, gi, bi) = (nearestCubeLevel(r), nearestCubeLevel(g), nearestCubeLevel(b))
        let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let cubeDistance = distance((r, g, b), cube)
        // Greys are 8, 18, ..., 238.
        let average = (r + g + b) / 3
        let greyIndex = min(max((average - 3) / 10, 0), 23)
        let grey = 8 + 10 * greyIndex
        let greyDistance = distance((r, g, b), (grey, grey, grey))
        return greyDistance < cubeDistance ? 232 + greyIndex : 16 + 36 * ri + 6 * gi + bi
    }

    /// The RGB value of a 256-colour index from 16 up (the cube and the greys).
    static func color256(_ index: Int) -> RGB {
        if index >= 232 {
            let grey = UInt8(8 + 10 * (index - 232))
            return RGB(grey, grey, grey)
        }
        let cube = index - 16
        return RGB(UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[cube / 6 % 6]), UInt8(cubeLevels[cube % 6]))
    }

    static func nearestCubeLevel(_ value: Int) -> Int {
        // Midpoints between the levels 0, 95, 135, 175, 215, 255.
        if value < 48 { return 0 }
        if value < 115 { return 1 }
        return min((value - 35) / 40, 5)
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return dr * dr + dg * dg + db * db
    }
}
