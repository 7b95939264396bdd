import Inference

/// The list of folders and images, with a tag for each image classified this session.
enum BrowserView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        let browser = state.browser
        let glyphs = canvas.glyphs
        if browser.isLoading {
            canvas.text(" loading\(glyphs.ellipsis)", x: rect.x, y: rect.y, width: rect.width, style: .dim)
            return
        }
        if browser.visible.isEmpty {
            let message = browser.filter.isEmpty ? " no folders or images here" : " nothing matches the filter"
            canvas.text(message, x: rect.x, y: rect.y, width: rect.width, style: .dim)
            return
        }
        let entries = browser.visibleEntries
        for row in 0..<rect.height {
            let index = browser.scrollTop + row
            guard index < entries.count else { break }
            let entry = entries[index]
            let y = rect.y + row
            let isSelected = index == browser.selection
            if isSelected { canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: .selected) }
            let tag = tag(for: entry, state: state, glyphs: glyphs)
            let nameWidth = rect.width - 4 - (tag.map { TextWidth.of($0.text) + 1 } ?? 0)
            let name = entry.isFolder ? entry.name + "/" : entry.name
            let nameStyle: Style =
                isSelected ? .selected : (entry.isFolder ? .folder : (entry.kind == .image(nil) ? .dim : .normal))
            canvas.text(
                entry.isFolder ? glyphs.folder : " ", x: rect.x + 1, y: y, width: 1,
                style: isSelected ? .selected : .folder)
            if state.marked.contains(entry.path) {
                canvas.text("+", x: rect.x, y: y, width: 1, style: isSelected ? .selected : .key)
            } else if !entry.isFolder, state.labelling.set?.label(ofPhotoAt: entry.path) != nil {
                canvas.text(glyphs.separator, x: rect.x, y: y, width: 1, style: isSelected ? .selected : .dim)
            }
            canvas.text(name, x: rect.x + 3, y: y, width: nameWidth, style: nameStyle)
            if let tag {
                let width = TextWidth.of(tag.text)
                canvas.text(
                    tag.text, x: rect.maxX - width - 1, y: y, width: width, style: isSelected ? .selected : tag.style)
            }
        }
    }

    /// "⚠ snake", "snake", "unsure", "no", "error", or "…" while classifying.
    static func tag(for entry: DirectoryEntry, state: AppState, glyphs: Glyphs) -> Span? {
        guard let key = entry.itemKey else { return nil }
        guard let result = state.results.result(for: key) else {
            return state.classifying.contains(key) ? Span(glyphs.ellipsis, .dim) : nil
        }
        if state.isStale(key) { return Span(state.classifying.contains(key) ? glyphs.ellipsis : "stale", .dim) }
        switch result {
        case .failure: return Span("error", .error)
        case .success(let prediction):
            switch prediction.verdict {
            case .snake:
                // The marker follows the risk: ⚠ for a dangerous species likely or possible, or
                // a species not recognised (treat as venomous); "!" for mildly venomous only.
                switch prediction.riskWarning?.level {
                case .dangerous, .unrecognised: return Span("\(glyphs.danger) snake", .danger)
                case .mildlyVenomous: return Span("! snake", .warning)
                case nil: return Span("snake", .snake)
                }
            case .unsure:
                return prediction.riskWarning?.isDanger == true
                    ? Span("\(glyphs.danger) unsure", .danger) : Span("unsure", .unsure)
            case .notSnake: return Span("no", .notSnake)
            }
        }
    }
}
