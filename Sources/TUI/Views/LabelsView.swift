import FoundationEssentials
import Inference

/// The labelled set (`L`): each label with its species, danger and photo count, then its
/// photos; photos gone from disk are marked, labels with too few photos to train say so.
enum LabelsView {
    /// Fewer photos than this under a label and training cannot hold one out to check it.
    static let minimumPhotos = 2

    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        guard let view = state.labelsView, !rect.isEmpty else { return }
        let rows = LabelRow.rows(of: state.labelling)
        let photos = state.labelling.set?.photos.count ?? 0
        let labels = state.labelling.set?.counts.count ?? 0
        var title = " Labelled set: \(Format.count(photos, "photo")), \(Format.count(labels, "label"))"
        if let root = state.labelling.set?.root {
            title += " \(canvas.glyphs.separator) " + Format.abbreviated(root, home: state.homeDirectory)
        }
        if !state.labelling.missing.isEmpty {
            title += " \(canvas.glyphs.separator) \(state.labelling.missing.count) missing (skipped)"
        }
        canvas.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: .header)
        canvas.text(title, x: rect.x, y: rect.y, width: rect.width, style: .header)
        if rows.isEmpty {
            canvas.text(
                " Nothing labelled yet: t labels the selected photo, m marks several first.", x: rect.x,
                y: rect.y + 2, width: rect.width, style: .dim)
            return
        }
        for line in 0..<(rect.height - 1) {
            let index = view.scrollTop + line
            guard index < rows.count else { break }
            let y = rect.y + 1 + line
            let selected = index == view.selection
            if selected { canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: .selected) }
            canvas.line(spans(for: rows[index], state: state, selected: selected), x: rect.x, y: y, width: rect.width)
        }
    }

    static func spans(for row: LabelRow, state: AppState, selected: Bool) -> [Span] {
        let style = { (normal: Style) in selected ? Style.selected : normal }
        switch row.kind {
        case .heading(let species, let photos):
            var spans = [Span(" \(row.label)", style(.bold))]
            if let species {
                spans.append(Span("  \(species.scientificName)  \(species.danger.rawValue)", style(.dim)))
            }
            spans.append(Span("  \(Format.count(photos, "photo"))", style(.normal)))
            if photos < minimumPhotos {
                spans.append(Span("  needs \(minimumPhotos) photos or more to train", style(.warning)))
            }
            return spans
        case .photo(let path, let missing):
            let mark = state.marked.contains(path) ? "+ " : "  "
            let root = state.labelling.set.map { $0.root == "/" ? "/" : $0.root + "/" } ?? "/"
            let shown = path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
            var spans = [Span(" " + mark + shown, style(.normal))]
            if missing { spans.append(Span("  missing: skipped", style(.error))) }
            return spans
        }
    }
}
