/// What the `?` overlay lists, and how far it scrolls: every binding of the key table (so it
/// never disagrees with the keys) and a few notes. The reducer scrolls it and `HelpView`
/// draws it from the same numbers.
enum HelpContent {
    /// One line: keys and what they do; keys empty for a heading (ending in ":") or a note.
    typealias Line = (keys: String, text: String)

    /// Notes after the key lists.
    static let notes: [String] = [
        "Pasting a URL opens the URL prompt.",
        "URLs: the UI fetches local and private addresses",
        "too (it is a local tool); the API it starts refuses",
        "them, as snakeid serve does without",
        "--allow-private-urls.",
        "j/k, Space scroll; any other key closes this help.",
    ]

    /// Whether a screen `columns` wide shows the help in two columns.
    static func isTwoColumns(columns: Int) -> Bool { columns >= 90 }

    /// The lines of each column.
    static func columns(twoColumns: Bool, glyphs: Glyphs) -> [[Line]] {
        let browse = section("Browser", KeyTable.browse, glyphs: glyphs)
        let browseActions = Set(KeyTable.browse.map { "\($0.action)" })
        let reviewOnly = KeyTable.review.filter { !browseActions.contains("\($0.action)") }
        let blank: [Line] = [(keys: "", text: "")]
        let labelsOnly = KeyTable.labels.filter { binding in
            !["\(Action.toggleHelp)", "\(Action.quit)", "\(Action.redraw)"].contains("\(binding.action)")
                && !KeyTable.browse.contains { $0.action == binding.action && $0.keys == binding.keys }
        }
        let reportOnly = KeyTable.report.filter { binding in
            !["\(Action.toggleHelp)", "\(Action.quit)", "\(Action.redraw)"].contains("\(binding.action)")
        }
        let right =
            section("Review table (r)", reviewOnly, glyphs: glyphs) + blank
            + section("Labelled set (L)", labelsOnly, glyphs: glyphs) + blank
            + section("Training report (T)", reportOnly, glyphs: glyphs) + blank
            + section("Prompts (/ u s e t M T)", KeyTable.prompt.filter { $0.action != .quit }, glyphs: glyphs)
            + blank + notes.map { (keys: "", text: $0) }
        return twoColumns ? [browse, right] : [browse + blank + right]
    }

    /// The rows of text the overlay shows at once on a `rows`-high screen, and the number of
    /// lines it has on a `columns`-wide one.
    static func extent(columns: Int, rows: Int) -> (visible: Int, lines: Int) {
        let lines = Self.columns(twoColumns: isTwoColumns(columns: columns), glyphs: .ascii).map(\.count).max() ?? 0
        // The overlay leaves the status line and draws a frame with a blank row inside it.
        let height = min(lines + 4, rows - 1)
        return (max(height - 4, 1), lines)
    }

    /// The largest first row: the last line at the bottom of the overlay.
    static func maxScroll(columns: Int, rows: Int) -> Int {
        let (visible, lines) = extent(columns: columns, rows: rows)
        return max(lines - visible, 0)
    }

    /// A heading ("Browser:") and one (keys, help) pair per binding.
    static func section(_ title: String, _ bindings: [KeyBinding], glyphs: Glyphs) -> [Line] {
        [(keys: "", text: title + ":")]
            + bindings.map { binding in
                (keys: binding.keys.map(glyphs.name(of:)).joined(separator: " "), text: binding.help)
            }
    }
}
