/// How the preview paints pixels, from the richest the terminal supports to none.
enum ColorMode: Sendable, Equatable {
    /// 24-bit colour escapes (`COLORTERM=truecolor` or `24bit`).
    case trueColor
    /// The xterm 256-colour palette: the 6×6×6 cube and the 24 greys.
    case palette256
    /// The 8 ANSI colours.
    case ansi8
    /// No colour (`NO_COLOR`, or a monochrome terminal): characters of increasing density.
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

    /// Rec. 601 luma, 0...255.
    var luma: Int {
        (299 * Int(red) + 587 * Int(green) + 114 * Int(blue)) / 1000
    }
}

/// Nearest-colour quantisation to the terminal palettes.
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

    /// The eight ANSI colours as xterm shows them: black, red, green, yellow, blue, magenta,
    /// cyan, white.
    static let ansi: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
    ]

    /// The ANSI colour (0...7) nearest to `color`.
    static func index8(_ color: RGB) -> Int {
        let target = (Int(color.red), Int(color.green), Int(color.blue))
        var best = 0
        var bestDistance = Int.max
        for (index, candidate) in ansi.enumerated() {
            let d = distance(target, (Int(candidate.red), Int(candidate.green), Int(candidate.blue)))
            if d < bestDistance {
                best = index
                bestDistance = d
            }
        }
        return best
    }

    /// The index into `shades` (darkest first) for a luma of 0...255.
    static func shade(luma: Int, levels: Int) -> Int {
        guard levels > 1 else { return 0 }
        return min(max(luma, 0) * levels / 256, levels - 1)
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
