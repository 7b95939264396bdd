import Inference

/// The review table: every file and URL classified this session, sortable, uncertain rows
/// highlighted. One percentage stands for a photo, its snake probability; the top species'
/// share of the snakes has its own column.
enum ReviewView {
    struct Columns {
        var source: Int
        var verdict = 12
        var snake = 9
        var risk = 11
        var species: Int

        init(width: Int) {
            let flexible = max(width - 3 - 12 - 9 - 11 - 2, 10)
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
                Span(("Snake" + arrow(.snakeProbability)).padded(toWidth: columns.snake), .header),
                Span("Risk".padded(toWidth: columns.risk), .header),
                Span("Top species (share) / error", .header),
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
            var line = spans(for: rows[index], columns: columns, selected: selected, glyphs: canvas.glyphs)
            if rows[index].generation < state.models.generation {
                line =
                    line.map { Span($0.text, selected ? .selected : .dim) } + [
                        Span("  stale", selected ? .selected : .dim)
                    ]
            }
            canvas.line(line, x: rect.x, y: y, width: rect.width)
        }
    }

    static func spans(for row: ReviewRow, columns: Columns, selected: Bool, glyphs: Glyphs) -> [Span] {
        let base: Style = selected ? .selected : (row.isLowConfidence ? .lowConfidence : .normal)
        var spans = [
            Span(" " + row.key.displayName.padded(toWidth: columns.source, ellipsis: glyphs.ellipsis) + " ", base)
        ]
        switch row.result {
        case .failure(let error):
            spans.append(
                Span("ERROR".padded(toWidth: columns.verdict + columns.snake + columns.risk), selected ? base : .error))
            spans.append(Span(error.reason, selected ? base : .error))
        case .success(let prediction):
            spans.append(
                Span(
                    prediction.verdict.headline.padded(toWidth: columns.verdict),
                    selected ? base : Format.style(of: prediction.verdict)))
            spans.append(Span(Format.percent(prediction.snakeProbability).padded(toWidth: columns.snake), base))
            let risk = Format.riskTag(prediction, glyphs: glyphs)
            spans.append(Span(risk.text.padded(toWidth: columns.risk), selected ? base : risk.style))
            if let species = prediction.species.first {
                let caption = prediction.verdict == .unsure ? " if a snake" : ""
                spans.append(Span("\(species.label) (\(Format.percent(species.probability))\(caption))", base))
            } else {
                spans.append(Span(prediction.top.first.map { "(\($0.label))" } ?? "", selected ? base : .dim))
            }
        }
        return spans
    }
}
