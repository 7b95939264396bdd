import Inference

/// The prediction panel: the verdict, the species as bars with their danger, the model's raw
/// top 5, and the safety reminder; or what is happening instead (loading, classifying, error).
enum PredictionView {
    /// A panel line with how readily it is dropped when the panel is short (0: never).
    struct Line {
        var spans: [Span]
        var priority: Int

        init(_ spans: [Span], priority: Int = 0) {
            self.spans = spans
            self.priority = priority
        }
    }

    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        guard !rect.isEmpty else { return }
        let content = fitted(lines(state, width: rect.width - 2, glyphs: canvas.glyphs), height: rect.height)
        for (row, line) in content.enumerated() {
            canvas.line(line.spans, x: rect.x + 1, y: rect.y + row, width: rect.width - 2)
        }
    }

    /// `lines` without the most droppable ones (latest first) until they fit in `height`.
    static func fitted(_ lines: [Line], height: Int) -> [Line] {
        var lines = lines
        while lines.count > height {
            let worst = lines.map(\.priority).max() ?? 0
            guard worst > 0, let index = lines.lastIndex(where: { $0.priority == worst }) else {
                return Array(lines.prefix(height))
            }
            lines.remove(at: index)
        }
        return lines
    }

    static func lines(_ state: AppState, width: Int, glyphs: Glyphs) -> [Line] {
        guard let subject = state.subject else {
            if state.browser.isLoading || !state.browser.visible.isEmpty { return [] }
            return [
                Line([Span("No images here. \(glyphs.name(of: .left)) goes up, ~ goes home, u classifies a URL.", .dim)]
                )
            ]
        }
        var lines = [Line(header(subject, glyphs: glyphs))]
        guard let key = subject.key else {
            return lines + [Line([Span("Folder: Enter or \(glyphs.name(of: .right)) opens it", .dim)])]
        }
        if state.showsMap {
            if state.explaining.contains(key) {
                lines.append(Line([Span("map: computing where the model looked\(glyphs.ellipsis)", .dim)], priority: 1))
            } else if case .failure(let error)? = state.maps[key] {
                lines.append(Line([Span("map: \(error.reason)", .error)], priority: 1))
            } else if state.maps[key] != nil {
                lines.append(
                    Line([Span("map: red = covering it changed the answer most (x hides)", .dim)], priority: 1))
            } else if key.isURL {
                lines.append(Line([Span("map: available for files", .dim)], priority: 1))
            }
        }
        if let result = state.subjectResult {
            switch result {
            case .success(let prediction): lines += self.lines(for: prediction, width: width, glyphs: glyphs)
            case .failure(let error): lines += self.lines(for: error, width: width)
            }
            return lines
        }
        if case .failure(let error)? = state.previews[key] {
            // The file cannot be decoded: say so now, without waiting for the model.
            return lines + self.lines(for: error, width: width)
        }
        if let fetch = state.fetch, fetch.url == key.source {
            return lines + [Line([Span("Downloading\(glyphs.ellipsis) \(Format.bytes(fetch.received))", .dim)])]
        }
        if case .loading = state.model {
            return lines + [Line([Span("loading model\(glyphs.ellipsis)", .dim)])]
        }
        if state.subjectIsClassifying {
            return lines + [Line([Span("classifying\(glyphs.ellipsis)", .dim)])]
        }
        return lines
    }

    static func header(_ subject: Subject, glyphs: Glyphs) -> [Span] {
        switch subject {
        case .url(let url):
            return [Span("URL ", .dim), Span(url, .bold)]
        case .entry(let entry):
            guard !entry.isFolder else { return [Span(entry.name + "/", .folder)] }
            var details = " \(glyphs.separator) \(Format.bytes(entry.size))"
            if case .image(let format?) = entry.kind {
                details = " \(glyphs.separator) \(format.displayName)" + details
            }
            return [Span(entry.name, .bold), Span(details, .dim)]
        }
    }

    static func lines(for error: InferenceError, width: Int) -> [Line] {
        var lines = [
            Line([Span("ERROR ", .error), Span(Format.failureTitle(error.kind), .error)])
        ]
        lines += error.reason.wrapped(toWidth: width).map { Line([Span($0, .error)]) }
        return lines
    }

    static func lines(for prediction: Prediction, width: Int, glyphs: Glyphs) -> [Line] {
        var lines: [Line] = []
        lines.append(
            Line([
                Span(prediction.verdict.headline, Format.style(of: prediction.verdict)),
                Span("  " + Format.percent(prediction.snakeProbability), .bold), Span(" snake probability", .dim),
            ]))
        // The warning follows the risk, which reads the whole species ranking.
        if let warning = prediction.riskWarning {
            let style: Style = warning.isDanger ? .danger : .warning
            let marker = warning.isDanger ? glyphs.danger : "!"
            lines += (marker + " " + warning.text).wrapped(toWidth: width).map { Line([Span($0, style)]) }
        }
        if !prediction.species.isEmpty {
            lines.append(Line([], priority: 3))
            let heading = prediction.verdict == .unsure ? "Species, if it is a snake" : "Species"
            lines.append(Line([Span(heading, .header)], priority: 2))
            let shown = Array(prediction.species.prefix(5))
            let rows = SpeciesRows(species: shown, width: width, glyphs: glyphs)
            for (index, species) in shown.enumerated() {
                lines.append(Line(rows.spans(for: species), priority: index < 3 ? 0 : 2))
            }
        }
        lines.append(Line([], priority: 3))
        lines.append(Line([Span("Top 5 model labels", .header)], priority: 2))
        for (index, label) in prediction.top.prefix(5).enumerated() {
            lines.append(
                Line(
                    [Span(Format.percent(label.probability).leftPadded(toWidth: 6), .dim), Span("  " + label.label)],
                    priority: index < 3 ? 1 : 2))
        }
        lines.append(Line([], priority: 3))
        let safety = (glyphs.danger + " " + Prediction.safetyReminder).wrapped(toWidth: width)
        lines += safety.map { Line([Span($0, .warning)]) }
        let timings = prediction.timings
        lines.append(
            Line(
                [
                    Span(
                        String(cFormat: "decode %.0f ms ", timings.decodeMs) + glyphs.separator
                            + String(cFormat: " model %.0f ms", timings.inferenceMs), .dim)
                ], priority: 4))
        return lines
    }
}

/// Column widths of the species bars, sized to the panel.
struct SpeciesRows {
    var nameWidth: Int
    var scientificWidth: Int
    var barWidth: Int
    var glyphs: Glyphs

    init(species: [SpeciesProbability], width: Int, glyphs: Glyphs) {
        self.glyphs = glyphs
        let markerWidth = species.map { TextWidth.of(Format.dangerMarker($0.danger, glyphs: glyphs).text) }.max() ?? 0
        nameWidth = min(species.map { TextWidth.of($0.label) }.max() ?? 0, 22)
        scientificWidth = min(species.map { TextWidth.of($0.scientificName) }.max() ?? 0, 24)
        let fixed = 6 + 2 + markerWidth + 2
        // Scientific names matter more than bar length: shrink the bar to 6 cells first, then
        // cut the names (to 10 cells at least), and drop the bar before the names.
        let available = width - fixed - (nameWidth + 1)
        barWidth = available - (scientificWidth + 1)
        if barWidth < 6 {
            scientificWidth = max(scientificWidth - (6 - barWidth), min(scientificWidth, 10))
            barWidth = available - (scientificWidth + 1)
        }
        if barWidth < 3 {
            barWidth = 0
            scientificWidth = max(min(scientificWidth, available - 1), 0)
        }
        barWidth = min(barWidth, 30)
    }

    func spans(for species: SpeciesProbability) -> [Span] {
        var spans = [
            Span(
                species.label.padded(toWidth: nameWidth, ellipsis: glyphs.ellipsis) + " ",
                species.danger == .dangerous ? .danger : .normal)
        ]
        if scientificWidth > 0 {
            spans.append(
                Span(species.scientificName.padded(toWidth: scientificWidth, ellipsis: glyphs.ellipsis) + " ", .dim))
        }
        if barWidth > 0 {
            let bar = Format.bar(species.probability, width: barWidth, glyphs: glyphs)
            spans += [Span(bar.filled, .bar), Span(bar.empty, .dim)]
        }
        spans.append(Span(" " + Format.percent(species.probability).leftPadded(toWidth: 6) + "  "))
        spans.append(Format.dangerMarker(species.danger, glyphs: glyphs))
        return spans
    }
}
