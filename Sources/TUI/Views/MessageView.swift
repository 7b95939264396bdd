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
            canvas.line(
                [Span(" " + prompt.label, .key), Span(text), Span(cursor, .dim)], x: rect.x, y: rect.y,
                width: rect.width)
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
        canvas.line(hints(state, glyphs: glyphs), x: rect.x, y: rect.y, width: rect.width)
    }

    static func hints(_ state: AppState, glyphs: Glyphs) -> [Span] {
        let pairs: [(String, String)]
        if state.previewZoomed && state.review == nil {
            pairs = [
                ("z", "back"), ("Esc", "back"), (glyphs.name(of: .down) + glyphs.name(of: .up), "other photos"),
                ("x", "map"), ("?", "help"), ("q", "quit"),
            ]
        } else if state.review != nil {
            pairs = [
                ("Enter", "jump"), ("p", "sort by snake %"), ("n", "by name"), ("e", "export"), ("Esc", "close"),
                ("?", "help"),
            ]
        } else {
            pairs = [
                ("?", "help"), (glyphs.name(of: .right), "open"), (glyphs.name(of: .left), "up"), ("/", "filter"),
                ("u", "URL"), ("c", "classify folder"), ("C", "+subfolders"), ("r", "review"), ("s", "API"),
                ("q", "quit"),
            ]
        }
        return pairs.flatMap { [Span(" " + $0.0, .key), Span(" " + $0.1 + " ", .dim)] }
    }
}
