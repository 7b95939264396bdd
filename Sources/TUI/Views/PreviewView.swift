import Inference

/// The picture of the subject, as libchafa drew it for this terminal: symbol art in its
/// colours, or a bitmap (kitty, sixel, iTerm2), centred in the preview's box.
enum PreviewView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        guard !rect.isEmpty else { return }
        let glyphs = canvas.glyphs
        guard let subject = state.subject else { return }
        guard let key = subject.key else {
            centre(glyphs.folder + " folder", in: rect, on: canvas, style: .folder)
            return
        }
        switch state.previews[key] {
        case .success?:
            guard let request = request(state, in: rect, style: canvas.previewStyle),
                let art = state.renders.art(for: request.key)
            else { return }  // being drawn: a few milliseconds
            let x = rect.x + (rect.width - art.columns) / 2
            let y = rect.y + (rect.height - art.rows) / 2
            switch art {
            case .symbols(let symbols):
                for row in 0..<symbols.rows {
                    for column in 0..<symbols.columns {
                        canvas.putCell(symbols.cell(x: column, y: row), x: x + column, y: y + row)
                    }
                }
            case .bitmap(let bitmap):
                canvas.showBitmap(bitmap, x: x, y: y)
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

    /// The picture the preview shows for the subject: the occlusion map while `x` is on and
    /// the map is there, else the photo; nil before it is decoded.
    static func picture(_ state: AppState) -> (key: ItemKey, showsMap: Bool, image: RGBImage)? {
        guard let key = state.subject?.key, case .success(let photo)? = state.previews[key] else { return nil }
        if state.showsMap, case .success(let map)? = state.maps[key] { return (key, true, map) }
        return (key, false, photo)
    }

    /// What must be rendered for the preview to show in `rect` in `style`.
    static func request(_ state: AppState, in rect: Rect, style: PreviewStyle) -> RenderRequest? {
        guard !rect.isEmpty, let picture = picture(state) else { return nil }
        let key = RenderKey(
            item: picture.key, showsMap: picture.showsMap, columns: rect.width, rows: rect.height, style: style)
        return RenderRequest(key: key, image: picture.image)
    }

    /// The rendering the frame for `state` needs and does not have yet, if any.
    static func missingRender(_ state: AppState, style: PreviewStyle) -> RenderRequest? {
        guard let rect = FrameView.previewRect(state, style: style),
            let request = request(state, in: rect, style: style), !state.renders.contains(request.key)
        else { return nil }
        return request
    }

    private static func centre(_ text: String, in rect: Rect, on canvas: some Canvas, style: Style) {
        let width = min(TextWidth.of(text), rect.width)
        canvas.text(
            text, x: rect.x + (rect.width - width) / 2, y: rect.y + rect.height / 2, width: rect.width, style: style)
    }
}
