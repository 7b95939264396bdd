/// A whole frame: every pane for the current layout, the review table or the help overlay on
/// top, or the "too small" message.
enum FrameView {
    /// Draws `state` on `canvas` (which starts blank).
    static func draw(_ state: AppState, on canvas: some Canvas) {
        let layout = arrangedLayout(state, style: canvas.previewStyle)
        if layout.isTooSmall {
            drawTooSmall(layout, on: canvas)
            return
        }
        if state.showsHelp {
            // The overlay stands on an empty screen, so no pane shows through around it.
            HelpView.draw(
                in: Rect(x: 0, y: 0, width: layout.columns, height: layout.rows - 1), scroll: state.helpScroll,
                on: canvas)
            StatusView.draw(state, in: layout.status, on: canvas)
            return
        }
        TitleView.draw(state, in: layout.title, on: canvas)
        if state.report != nil {
            ReportView.draw(state, in: layout.body, on: canvas)
        } else if state.labelsView != nil {
            LabelsView.draw(state, in: layout.body, on: canvas)
        } else if state.review != nil {
            ReviewView.draw(state, in: layout.body, on: canvas)
        } else if state.showsWelcome {
            WelcomeView.draw(state, in: layout.body, on: canvas)
        } else if state.previewZoomed {
            PreviewView.draw(state, in: layout.zoomed, on: canvas)
        } else {
            BrowserView.draw(state, in: layout.browser, on: canvas)
            drawDividers(layout, on: canvas)
            PreviewView.draw(state, in: layout.preview, on: canvas)
            PredictionView.draw(state, in: layout.panel, on: canvas)
        }
        MessageView.draw(state, in: layout.message, on: canvas)
        StatusView.draw(state, in: layout.status, on: canvas)
    }

    /// The layout with the preview pane fitted to the subject's picture.
    static func arrangedLayout(_ state: AppState, style: PreviewStyle) -> Layout {
        guard let image = PreviewView.picture(state)?.image else { return state.layout }
        return state.layout.arranged(imageWidth: image.width, imageHeight: image.height, cellAspect: style.cellAspect)
    }

    /// Where the preview stands in the frame for `state`; nil when it is hidden (help, review,
    /// too small a terminal).
    static func previewRect(_ state: AppState, style: PreviewStyle) -> Rect? {
        let layout = arrangedLayout(state, style: style)
        guard !layout.isTooSmall, !state.showsHelp else { return nil }
        if state.report != nil { return ReportView.split(layout.body).preview }
        guard state.review == nil, state.labelsView == nil else { return nil }
        return state.previewZoomed ? layout.zoomed : layout.preview
    }

    static func drawDividers(_ layout: Layout, on canvas: some Canvas) {
        let glyphs = canvas.glyphs
        for y in layout.body.y..<layout.body.maxY {
            canvas.put(glyphs.vertical, x: layout.browserDivider, y: y, style: .dim)
        }
        if layout.isWide {
            for y in layout.body.y..<layout.body.maxY {
                canvas.put(glyphs.vertical, x: layout.previewDivider, y: y, style: .dim)
            }
        } else {
            let width = layout.columns - layout.preview.x
            canvas.put(
                String(repeating: glyphs.horizontal, count: width), x: layout.preview.x, y: layout.previewDivider,
                style: .dim)
        }
    }

    static func drawTooSmall(_ layout: Layout, on canvas: some Canvas) {
        let lines = [
            "Terminal too small: \(layout.columns)x\(layout.rows).",
            "SnakeID needs at least \(Layout.minimumColumns)x\(Layout.minimumRows).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max((layout.rows - lines.count) / 2, 0)
        for (index, line) in lines.enumerated() {
            let width = min(TextWidth.of(line), layout.columns)
            canvas.text(
                line, x: max((layout.columns - width) / 2, 0), y: top + index, width: layout.columns,
                style: index == 0 ? .error : .normal)
        }
    }
}
