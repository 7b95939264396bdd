/// The `?` overlay: every binding of the key table, so it never disagrees with the keys.
enum HelpView {
    static func draw(in bounds: Rect, on canvas: some Canvas) {
        let glyphs = canvas.glyphs
        let browse = section("Browser", KeyTable.browse, glyphs: glyphs)
        let browseActions = Set(KeyTable.browse.map { "\($0.action)" })
        let reviewOnly = KeyTable.review.filter { !browseActions.contains("\($0.action)") }
        let right =
            section("Review table (r)", reviewOnly, glyphs: glyphs) + [("", "")]
            + section("Prompts (/ u s)", KeyTable.prompt.filter { $0.action != .quit }, glyphs: glyphs) + [("", "")]
            + [("", "Pasting a URL opens the URL prompt."), ("", "Any key closes this help.")]
        let twoColumns = bounds.width >= 90
        let width = min(bounds.width - 2, twoColumns ? 116 : 64)
        let columnWidth = twoColumns ? (width - 4) / 2 : width - 4
        let body: [[(String, String)]] = twoColumns ? [browse, right] : [browse + [("", "")] + right]
        let height = min((body.map(\.count).max() ?? 0) + 4, bounds.height)
        let box = Rect(
            x: bounds.x + (bounds.width - width) / 2, y: bounds.y + (bounds.height - height) / 2, width: width,
            height: height)
        frame(box, title: " SnakeID keys ", on: canvas)
        for (column, entries) in body.enumerated() {
            let x = box.x + 2 + column * (columnWidth + 1)
            for (row, entry) in entries.enumerated() where row < box.height - 4 {
                let keyWidth = min(18, columnWidth / 2)
                if entry.0.isEmpty && !entry.1.isEmpty && !entry.1.hasSuffix(":") {
                    canvas.text(entry.1, x: x, y: box.y + 2 + row, width: columnWidth, style: .dim)
                } else if entry.0.isEmpty {
                    canvas.text(entry.1, x: x, y: box.y + 2 + row, width: columnWidth, style: .header)
                } else {
                    canvas.line(
                        [Span(entry.0.padded(toWidth: keyWidth), .key), Span(entry.1)], x: x, y: box.y + 2 + row,
                        width: columnWidth)
                }
            }
        }
    }

    /// A heading ("Browser:") and one (keys, help) pair per binding.
    static func section(_ title: String, _ bindings: [KeyBinding], glyphs: Glyphs) -> [(String, String)] {
        [("", title + ":")]
            + bindings.map { binding in (binding.keys.map(glyphs.name(of:)).joined(separator: " "), binding.help) }
    }

    static func frame(_ box: Rect, title: String, on canvas: some Canvas) {
        let glyphs = canvas.glyphs
        canvas.fill(box, style: .normal)
        let horizontal = String(repeating: glyphs.horizontal, count: max(box.width - 2, 0))
        let (topLeft, topRight, bottomLeft, bottomRight) =
            glyphs.isUnicode ? ("┌", "┐", "└", "┘") : ("+", "+", "+", "+")
        canvas.put(topLeft + horizontal + topRight, x: box.x, y: box.y, style: .key)
        canvas.put(bottomLeft + horizontal + bottomRight, x: box.x, y: box.maxY - 1, style: .key)
        for y in (box.y + 1)..<(box.maxY - 1) {
            canvas.put(glyphs.vertical, x: box.x, y: y, style: .key)
            canvas.put(glyphs.vertical, x: box.maxX - 1, y: y, style: .key)
        }
        canvas.text(title, x: box.x + 2, y: box.y, width: box.width - 4, style: .title)
    }
}
