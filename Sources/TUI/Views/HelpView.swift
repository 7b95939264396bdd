/// The `?` overlay: every binding of the key table, so it never disagrees with the keys.
enum HelpView {
    /// Draws the overlay from its `scroll`-th line (clamped); arrows on the frame say when
    /// more lines are above or below.
    static func draw(in bounds: Rect, scroll: Int = 0, on canvas: some Canvas) {
        let twoColumns = HelpContent.isTwoColumns(columns: bounds.width)
        let body = HelpContent.columns(twoColumns: twoColumns, glyphs: canvas.glyphs)
        let width = min(bounds.width - 2, twoColumns ? 116 : 64)
        let columnWidth = twoColumns ? (width - 4) / 2 : width - 4
        let (visible, lines) = HelpContent.extent(columns: bounds.width, rows: bounds.height + 1)
        let first = min(max(scroll, 0), max(lines - visible, 0))
        let height = visible + 4
        let box = Rect(
            x: bounds.x + (bounds.width - width) / 2, y: bounds.y + (bounds.height - height) / 2, width: width,
            height: height)
        frame(box, title: " SnakeID keys ", on: canvas)
        for (column, entries) in body.enumerated() {
            let x = box.x + 2 + column * (columnWidth + 1)
            for row in 0..<visible where first + row < entries.count {
                let entry = entries[first + row]
                let y = box.y + 2 + row
                let keyWidth = min(18, columnWidth / 2)
                if entry.keys.isEmpty && !entry.text.isEmpty && !entry.text.hasSuffix(":") {
                    canvas.text(entry.text, x: x, y: y, width: columnWidth, style: .dim)
                } else if entry.keys.isEmpty {
                    canvas.text(entry.text, x: x, y: y, width: columnWidth, style: .header)
                } else {
                    canvas.line(
                        [Span(entry.keys.padded(toWidth: keyWidth), .key), Span(entry.text)], x: x, y: y,
                        width: columnWidth)
                }
            }
        }
        let (up, down) = canvas.glyphs.isUnicode ? ("↑", "↓") : ("^", "v")
        if first > 0 { canvas.text(" \(up) more ", x: box.maxX - 12, y: box.y, width: 10, style: .title) }
        if first + visible < lines {
            canvas.text(" \(down) more: j/Space ", x: box.maxX - 20, y: box.maxY - 1, width: 18, style: .title)
        }
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
