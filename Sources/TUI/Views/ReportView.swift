import FoundationEssentials
import Inference

/// The training report (`T`): accuracy, the confusion matrix (venomous photos called harmless
/// highlighted) and the top losses, stepped through with the photo's preview beside them.
enum ReportView {
    /// The report's text on the left of the body, the preview on the right.
    static func split(_ body: Rect) -> (text: Rect, preview: Rect) {
        let width = min(max(body.width * 3 / 5, 40), body.width)
        return (
            Rect(x: body.x, y: body.y, width: width, height: body.height),
            Rect(x: body.x + width + 1, y: body.y, width: max(body.width - width - 1, 0), height: body.height)
        )
    }

    static func draw(_ state: AppState, in body: Rect, on canvas: some Canvas) {
        guard let view = state.report, !body.isEmpty else { return }
        let report = view.outcome.report
        let (rect, preview) = split(body)
        for y in body.y..<body.maxY { canvas.put(canvas.glyphs.vertical, x: rect.maxX, y: y, style: .dim) }
        var y = rect.y
        let put = { (spans: [Span]) in
            if y < rect.maxY { canvas.line(spans, x: rect.x, y: y, width: rect.width) }
            y += 1
        }
        canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: .header)
        put([
            Span(
                " Trained \(view.outcome.choice.name) \(canvas.glyphs.separator) \(report.classes.count) species",
                .header)
        ])
        guard let evaluation = report.evaluation else {
            put([Span(" No photos held out to measure it.", .dim)])
            return
        }
        put([
            Span(" Accuracy ", .bold),
            Span(
                "\(Format.percent(evaluation.top1)) (top 3: \(Format.percent(evaluation.top3))) on \(Format.count(evaluation.photos, "\(evaluation.split.rawValue) photo"))"
            ),
        ])
        let venomous = evaluation.venomousCalledHarmless
        put([Span(" Venomous called harmless: \(venomous)", venomous > 0 ? .danger : .dim)])
        y += 1
        let names = report.classes.map { $0.commonName }
        let nameWidth = min(max((names.map(TextWidth.of).max() ?? 6) + 2, 8), 20)
        let cell = 6
        put([Span(" Confusion (rows: label, columns: answer)", .bold)])
        put(
            [Span(" " + "".padded(toWidth: nameWidth) + " ", .header)]
                + names.indices.map { Span(String(abbreviation($0)).padded(toWidth: cell), .header) })
        for (row, counts) in evaluation.confusion.enumerated() where row < names.count {
            var spans = [
                Span(
                    " "
                        + (abbreviation(row) + " " + names[row]).padded(
                            toWidth: nameWidth, ellipsis: canvas.glyphs.ellipsis) + " ")
            ]
            for (column, count) in counts.enumerated() where column < report.classes.count {
                let bad = report.classes[row].danger.isVenomous && !report.classes[column].danger.isVenomous
                let style: Style = count == 0 ? .dim : (row == column ? .snake : (bad ? .danger : .warning))
                spans.append(Span("\(count)".padded(toWidth: cell), style))
            }
            put(spans)
        }
        y += 1
        put([Span(" Top losses (j/k; t relabels, T retrains)", .bold)])
        if view.losses.isEmpty { put([Span(" none: every held-out photo was right", .dim)]) }
        for (index, loss) in view.losses.enumerated() where y < rect.maxY {
            let selected = index == view.selection
            if selected { canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: .selected) }
            let label = commonName(loss.label, in: report)
            let answer = commonName(loss.predicted, in: report)
            let name = PathName.lastComponent(of: loss.path)
            put([
                Span(" \(name)  ", selected ? .selected : .normal),
                Span(
                    "\(label) \(canvas.glyphs.separator) answered \(answer) \(canvas.glyphs.separator) \(Format.percent(loss.probability)) for its label",
                    selected ? .selected : .dim),
            ])
        }
        PreviewView.draw(state, in: preview, on: canvas)
    }

    /// "A", "B", … for a class's column.
    static func abbreviation(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < letters.count ? String(letters[index]) : "\(index + 1)"
    }

    static func commonName(_ label: String, in report: TrainingReport) -> String {
        report.classes.first { $0.label == label }?.commonName ?? label
    }
}
