import Server

/// The bottom line: model, threads, API state and the last error.
enum StatusView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        canvas.fill(rect, style: .status)
        let separator = " \(canvas.glyphs.vertical) "
        var spans: [Span] = []
        switch state.model {
        case .loading(let name):
            spans.append(Span(" loading model\(canvas.glyphs.ellipsis) \(name)", .status))
        case .ready(let name, let threads):
            spans.append(
                Span(" \(name) \(canvas.glyphs.separator) \(threads) thread\(threads == 1 ? "" : "s")", .status))
        case .failed:
            spans.append(Span(" model failed to load", .status))
        }
        if let training = state.training {
            let what = training.isCancelling ? "cancelling" : training.phase
            spans.append(Span(separator + "training \(training.name): \(what)", .status))
        }
        if let pending = state.models.pending {
            spans.append(Span(" \(canvas.glyphs.separator) loading \(pending.name)\(canvas.glyphs.ellipsis)", .status))
        }
        spans.append(Span(separator + apiText(state.server), .status))
        let (succeeded, failed) = state.classifiedCounts
        if succeeded + failed > 0 {
            spans.append(
                Span(separator + "\(succeeded) classified" + (failed > 0 ? ", \(failed) failed" : ""), .status))
        }
        if let error = state.lastError { spans.append(Span(separator + "error: " + error, .status)) }
        canvas.line(spans, x: rect.x, y: rect.y, width: rect.width)
    }

    static func apiText(_ server: ServerStatus) -> String {
        switch server {
        case .stopped: "API off"
        case .starting(let host, let port): "API starting on \(host):\(port)"
        case .running(let host, let port, let requests):
            "API http://\(host.contains(":") ? "[\(host)]" : host):\(port) \(requests) req"
                + (APIKeySet.environmentHasKeys ? ", keys on" : "")
        case .stopping: "API stopping"
        }
    }
}
