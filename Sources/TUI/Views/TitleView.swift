/// The top line: the program, the folder shown, the filter and the position in the list.
enum TitleView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        canvas.fill(rect, style: .title)
        let browser = state.browser
        var right = ""
        if browser.showsHidden { right += "hidden shown  " }
        if !browser.isLoading {
            let folders = browser.visibleEntries.filter(\.isFolder).count
            let images = browser.visibleEntries.count - folders
            right += "\(Format.count(images, "image")) \(canvas.glyphs.separator) \(Format.count(folders, "folder"))"
            if !browser.visible.isEmpty { right += "  \(browser.selection + 1)/\(browser.visible.count)" }
        }
        right += " "
        let rightWidth = min(TextWidth.of(right), max(rect.width - 20, 0))
        var spans = [Span(" SnakeID  " + Format.abbreviated(browser.directory, home: state.homeDirectory), .title)]
        if !browser.filter.isEmpty { spans.append(Span("  filter: \(browser.filter)", .title)) }
        canvas.line(spans, x: rect.x, y: rect.y, width: rect.width - rightWidth - 1)
        canvas.text(right, x: rect.maxX - rightWidth, y: rect.y, width: rightWidth, style: .title)
    }
}
