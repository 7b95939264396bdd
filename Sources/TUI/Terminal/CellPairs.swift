import CNcurses

/// The curses colour pairs of preview cells, allocated on first use (`alloc_pair`) within a
/// budget that leaves the theme's pairs alone, and given back once earlier previews' pairs
/// take most of it, so that curses never recycles a pair still on screen.
struct CellPairs {
    private struct Colors: Hashable {
        var foreground: Int32
        var background: Int32
    }

    private var pairs: [Colors: Int32] = [:]
    private let budget: Int
    /// Whether colour numbers are 24-bit RGB (a direct-colour terminfo such as xterm-direct).
    private let directColor: Bool

    init(budget: Int, directColor: Bool) {
        self.budget = budget
        self.directColor = directColor
    }

    /// The pair for these colours; 0 (default colours) when none is left.
    mutating func pair(foreground: CellColor, background: CellColor) -> Int32 {
        let key = Colors(foreground: number(foreground), background: number(background))
        if let pair = pairs[key] { return pair }
        guard pairs.count < budget else { return 0 }
        let pair = snk_alloc_pair(key.foreground, key.background)
        guard pair > 0 else { return 0 }
        pairs[key] = pair
        return pair
    }

    /// Whether `color` reaches the screen only through the truecolor paint after the frame
    /// (curses holds its nearest 256-colour approximation).
    func needsOverpaint(_ color: CellColor) -> Bool {
        if case .rgb = color { return !directColor }
        return false
    }

    /// Frees the pairs not in `used` once the pairs take half the budget.
    mutating func releaseUnused(keeping used: Set<Int32>) {
        guard pairs.count > budget / 2 else { return }
        for (key, pair) in pairs where !used.contains(pair) {
            snk_free_pair(pair)
            pairs[key] = nil
        }
    }

    private func number(_ color: CellColor) -> Int32 {
        switch color {
        case .terminalDefault: -1
        case .indexed(let index): Int32(index)
        case .rgb(let rgb):
            directColor
                ? Int32(rgb.red) << 16 | Int32(rgb.green) << 8 | Int32(rgb.blue) : Int32(Palette.index256(rgb))
        }
    }
}
