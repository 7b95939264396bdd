import Dispatch
import Inference
import NIOConcurrencyHelpers

/// Draws previews with libchafa off the UI thread (10–20 ms each in truecolor), one at a time,
/// the newest request first: a request overtaken before it started is dropped, and one already
/// queued or running is not queued again.
final class PreviewRenderer: Sendable {
    private struct Queue {
        var latest: RenderKey?
        var running: RenderKey?
        /// The last one done: its event may still wait in the inbox.
        var finished: RenderKey?
    }

    private let queue = DispatchQueue(label: "snakeid.tui.render", qos: .userInitiated)
    private let state = NIOLockedValueBox(Queue())

    /// Renders `request` and calls `completion` with the art and the milliseconds it took, on
    /// the renderer's queue; nothing happens when it is already on its way.
    func render(
        _ request: RenderRequest, completion: @escaping @Sendable (RenderKey, PreviewArt?, Double) -> Void
    ) {
        let isNew = state.withLockedValue { state in
            guard state.latest != request.key, state.running != request.key, state.finished != request.key else {
                return false
            }
            state.latest = request.key
            return true
        }
        guard isNew else { return }
        queue.async { [self] in
            let isCurrent = state.withLockedValue { state in
                guard state.latest == request.key else { return false }
                state.running = request.key
                state.latest = nil
                return true
            }
            guard isCurrent else { return }
            let started = DispatchTime.now().uptimeNanoseconds
            let art = ChafaRenderer.render(
                request.image, columns: request.key.columns, rows: request.key.rows, style: request.key.style)
            state.withLockedValue {
                $0.running = nil
                $0.finished = request.key
            }
            completion(request.key, art, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
    }
}
