import Inference

/// The coarse picture of the subject: half-block cells in colour (painted with escape
/// sequences after the frame), or shading characters without colour.
enum PreviewView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        guard !rect.isEmpty else { return }
        let glyphs = canvas.glyphs
        guard let subject = state.subject else { return }
        guard let key = subject.key else {
            centre(glyphs.folder + " folder", in: rect, on: canvas, style: .folder)
            return
        }
        var preview = state.previews[key]
        if state.showsMap, case .success(let map)? = state.maps[key] { preview = .success(map) }
        switch preview {
        case .success(let image)?:
            guard let picture = HalfBlock.render(image, columns: rect.width, rows: rect.height) else { return }
            if canvas.colorMode.usesColor {
                // Curses holds the glyph (so it never blanks these cells with clear-to-end-of-line);
                // the colours are painted over it after the frame.
                let filler = String(repeating: glyphs.upperHalf, count: picture.columns)
                for row in 0..<picture.rows {
                    canvas.put(filler, x: rect.x + picture.originX, y: rect.y + picture.originY + row, style: .normal)
                }
                canvas.paintAfterFrame(
                    PreviewPainter.escapes(
                        for: picture, paneX: rect.x, paneY: rect.y, mode: canvas.colorMode, glyph: glyphs.upperHalf))
            } else {
                for (row, line) in PreviewPainter.shadedLines(for: picture, shades: glyphs.shades).enumerated() {
                    canvas.put(line, x: rect.x + picture.originX, y: rect.y + picture.originY + row, style: .normal)
                }
            }
        case .failure(let error)?:
            centre("no preview: \(error.reason)", in: rect, on: canvas, style: .error)
        case nil:
            if case .url = subject, state.fetch != nil { return }
            centre(
                state.decoding.contains(key) ? "decoding\(glyphs.ellipsis)" : "no preview", in: rect, on: canvas,
                style: .dim)
        }
    }

    private static func centre(_ text: String, in rect: Rect, on canvas: some Canvas, style: Style) {
        let width = min(TextWidth.of(text), rect.width)
        canvas.text(
            text, x: rect.x + (rect.width - width) / 2, y: rect.y + rect.height / 2, width: rect.width, style: style)
    }
}
