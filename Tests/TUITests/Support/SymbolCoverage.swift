@testable import TUI

/// How a cell of symbol art looks from afar: its foreground over the share of the cell the
/// symbol covers, its background elsewhere (block elements by their geometry, other symbols
/// counted as a third covered).
enum SymbolCoverage {
    static func coverage(of character: Character) -> Double {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x20: return 0
        case 0x2588: return 1  // █
        case 0x2580, 0x2584, 0x258C, 0x2590, 0x2592, 0x259A, 0x259E: return 0.5  // ▀ ▄ ▌ ▐ ▒ ▚ ▞
        case 0x2581...0x2587: return Double(scalar.value - 0x2580) / 8  // ▁ … ▇
        case 0x2589...0x258F: return Double(0x2590 - scalar.value) / 8  // ▉ … ▏
        case 0x2591, 0x2596, 0x2597, 0x2598, 0x259D: return 0.25  // ░ ▖ ▗ ▘ ▝
        case 0x2593, 0x2599, 0x259B, 0x259C, 0x259F: return 0.75  // ▓ ▙ ▛ ▜ ▟
        case 0x2594, 0x2595: return 0.125  // ▔ ▕
        default: return 1.0 / 3
        }
    }

    /// The mean colour a cell shows, as (r, g, b).
    static func color(of cell: SymbolCell, palette: (CellColor) -> RGB?) -> (Double, Double, Double)? {
        guard let foreground = palette(cell.foreground), let background = palette(cell.background) else { return nil }
        let share = coverage(of: cell.character)
        func mix(_ f: UInt8, _ b: UInt8) -> Double { share * Double(f) + (1 - share) * Double(b) }
        return (
            mix(foreground.red, background.red), mix(foreground.green, background.green),
            mix(foreground.blue, background.blue)
        )
    }

    /// RGB for truecolor cells and the 256-colour palette from 16 up.
    static func rgb(_ color: CellColor) -> RGB? {
        switch color {
        case .rgb(let rgb): rgb
        case .indexed(let index) where index >= 16: Palette.color256(index)
        default: nil
        }
    }
}
