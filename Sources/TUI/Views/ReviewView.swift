import Inference

/// The review table: every file and URL classified this session, sortable, low-confidence rows
/// highlighted.
enum ReviewView {
    struct Columns {
        var source: Int
        var verdict = 12
        var confidence = 8
        var species: Int

        init(width: Int) {
            let flexible = max(width - 3 - 12 - 8 - 2, 10)
            source = flexible * 11 / 20
            species = flexible - source
        }
    }

    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        guard let review = state.review, !rect.isEmpty else { return }
        let rows = state.reviewRows
        let columns = Columns(width: rect.width)
        let arrow = { (column: ReviewSort.Column) -> String in
            guard review.sort.column == column else { return "" }
            return canvas.glyphs.isUnicode
                ? (review.sort.ascending ? " ▲" : " ▼") : (review.sort.ascending ? " ^" : " v")
        }
        canvas.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: .header)
        canvas.line(
            [
                Span(" " + ("Source (\(rows.count))" + arrow(.name)).padded(toWidth: columns.source) + " ", .header),
                Span("Verdict".padded(toWidth: columns.verdict), .header),
                Span(("Conf." + arrow(.confidence)).padded(toWidth: columns.confidence), .header),
                Span("Top species / error", .header),
            ], x: rect.x, y: rect.y, width: rect.width)
        if rows.isEmpty {
            canvas.text(" Nothing classified yet.", x: rect.x, y: rect.y + 2, width: rect.width, style: .dim)
            return
        }
        for line in 0..<(rect.height - 1) {
            let index = review.scrollTop + line
            guard index < rows.count else { break }
            let y = rect.y + 1 + line
            let selected = index == review.selection
            if selected { canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: .selected) }
            canvas.line(
                spans(for: rows[index], columns: columns, selected: selected, glyphs: canvas.glyphs), x: rect.x, y: y,
                width: rect.width)
        }
    }

    static func spans(for row: ReviewRow, columns: Columns, selected: Bool, glyphs: Glyphs) -> [Span] {
        let base: Style = selected ? .selected : (row.isLowConfidence ? .lowConfidence : .normal)
        var spans = [
            Span(" " + row.key.displayName.padded(toWidth: columns.source, ellipsis: glyphs.ellipsis) + " ", base)
        ]
        switch row.result {
        case .failure(let error):
            spans.append(Span("ERROR".padded(toWidth: columns.verdict + columns.confidence), selected ? base : .error))
            spans.append(Span(error.reason, selected ? base : .error))
        case .success(let prediction):
            spans.append(
                Span(
                    prediction.verdict.headline.padded(toWidth: columns.verdict),
                    selected ? base : Format.style(of: prediction.verdict)))
            spans.append(Span(Format.percent(row.confidence ?? 0).padded(toWidth: columns.confidence), base))
            if let species = prediction.species.first, prediction.verdict != .notSnake {
                let marker = species.danger.isVenomous ? " " + glyphs.danger : ""
                spans.append(Span("\(species.label) \(Format.percent(species.probability))", base))
                spans.append(Span(marker, selected ? base : .danger))
            } else {
                spans.append(Span(prediction.top.first.map { "(\($0.label))" } ?? "", selected ? base : .dim))
            }
        }
        return spans
    }
}
