/// The line above the status line: the prompt being typed, download or batch progress, the
/// latest notice, or key hints.
enum MessageView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        let glyphs = canvas.glyphs
        if let prompt = state.prompt {
            let cursor = glyphs.isUnicode ? "█" : "_"
            // Keep the end of a long entry visible.
            let room = max(rect.width - TextWidth.of(prompt.label) - 2, 1)
            var text = prompt.text
            while TextWidth.of(text) > room - 1, !text.isEmpty { text.removeFirst() }
            var spans = [Span(" " + prompt.label, .key), Span(text), Span(cursor, .dim)]
            let matches = prompt.matches
            if !prompt.completions.isEmpty && !matches.isEmpty {
                spans.append(Span("  " + matches.prefix(8).joined(separator: " \(glyphs.separator) "), .dim))
            }
            canvas.line(spans, x: rect.x, y: rect.y, width: rect.width)
            return
        }
        if let fetch = state.fetch {
            var size = Format.bytes(fetch.received)
            if fetch.expected > 0 { size += " of " + Format.bytes(fetch.expected) }
            var spans = [Span(" Downloading ", .key), Span(fetch.url + " "), Span(size + " ", .dim)]
            if fetch.expected > 0 {
                let bar = Format.bar(Double(fetch.received) / Double(fetch.expected), width: 20, glyphs: glyphs)
                spans += [Span(bar.filled, .bar), Span(bar.empty, .dim)]
            }
            spans.append(Span("  Esc cancels", .dim))
            canvas.line(spans, x: rect.x, y: rect.y, width: rect.width)
            return
        }
        if let batch = state.batch {
            let label = batch.isCancelling ? " Cancelling " : " Classifying \(batch.scope.name) "
            let counts = "\(batch.done)/\(batch.total) "
            let tail =
                " \(Int(batch.fraction * 100))%  \(Format.count(batch.snakes, "snake")), \(batch.failed) failed  Esc cancels"
            let barWidth = max(rect.width - TextWidth.of(label + counts + tail) - 1, 4)
            let bar = Format.bar(batch.fraction, width: min(barWidth, 40), glyphs: glyphs)
            canvas.line(
                [Span(label, .key), Span(counts), Span(bar.filled, .bar), Span(bar.empty, .dim), Span(tail, .dim)],
                x: rect.x, y: rect.y, width: rect.width)
            return
        }
        if let notice = state.notice {
            canvas.text(
                " " + notice.text, x: rect.x, y: rect.y, width: rect.width, style: notice.isError ? .error : .normal)
            return
        }
        canvas.line(hints(state, glyphs: glyphs, width: rect.width), x: rect.x, y: rect.y, width: rect.width)
    }

    /// One key hint: drawn as " KEY text ", dropped whole when the line is short of room.
    struct Hint: Equatable {
        var key: String
        var text: String
        /// Hints of lower priority go first when the line is too narrow; `? help` always stays.
        var priority: Int

        init(_ key: String, _ text: String, _ priority: Int) {
            self.key = key
            self.text = text
            self.priority = priority
        }

        var width: Int { TextWidth.of(key) + TextWidth.of(text) + 3 }
        var keepsAlways: Bool { key == "?" }
    }

    /// The hints for the screen shown, in their order on the line, fitted to `width` cells.
    static func hints(_ state: AppState, glyphs: Glyphs, width: Int) -> [Span] {
        fitted(hintList(state, glyphs: glyphs), width: width).flatMap {
            [Span(" " + $0.key, .key), Span(" " + $0.text + " ", .dim)]
        }
    }

    /// `hints` without those of lowest priority, one at a time, until the rest fit in `width`.
    static func fitted(_ hints: [Hint], width: Int) -> [Hint] {
        var kept = hints
        while kept.map(\.width).reduce(0, +) > width,
            let drop = kept.indices.filter({ !kept[$0].keepsAlways }).min(by: { kept[$0].priority < kept[$1].priority })
        {
            kept.remove(at: drop)
        }
        return kept
    }

    static func hintList(_ state: AppState, glyphs: Glyphs) -> [Hint] {
        if state.previewZoomed && state.review == nil {
            return [
                Hint("z", "back", 9), Hint("Esc", "back", 4),
                Hint(glyphs.name(of: .down) + glyphs.name(of: .up), "other photos", 8), Hint("x", "map", 6),
                Hint("?", "help", 10), Hint("q", "quit", 5),
            ]
        }
        if state.report != nil {
            return [
                Hint("j/k", "top losses", 9), Hint("t", "relabel", 8), Hint("T", "retrain", 8), Hint("M", "model", 7),
                Hint("Esc", "close", 6), Hint("?", "help", 10),
            ]
        }
        if state.labelsView != nil {
            return [
                Hint("Enter", "show photo", 9), Hint("t", "relabel", 8), Hint("m", "mark", 6), Hint("Esc", "close", 7),
                Hint("?", "help", 10),
            ]
        }
        if state.review != nil {
            return [
                Hint("Enter", "jump", 9), Hint("p", "sort by snake %", 8), Hint("n", "by name", 6),
                Hint("e", "export", 7), Hint("m", "mark", 3), Hint("t", "label", 4), Hint("Esc", "close", 5),
                Hint("?", "help", 10),
            ]
        }
        return [
            Hint("?", "help", 20), Hint(glyphs.name(of: .right), "open", 19), Hint(glyphs.name(of: .left), "up", 18),
            Hint("/", "filter", 14), Hint("u", "URL", 13), Hint("c", "classify folder", 16),
            Hint("C", "+subfolders", 11), Hint("r", "review", 15), Hint("m", "mark", 9), Hint("t", "label", 10),
            Hint("L", "labels", 8), Hint("T", "train", 7), Hint("M", "model", 7), Hint("s", "API", 12),
            Hint("q", "quit", 17),
        ]
    }
}
