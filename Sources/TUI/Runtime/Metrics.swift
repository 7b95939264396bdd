import FoundationEssentials
import Inference
import NIOConcurrencyHelpers

/// Timings the UI records about itself: keypress-to-redraw and preview decode times. Written
/// as `name milliseconds` lines to `$SNAKEID_TUI_METRICS` at exit, when that is set (the tmux
/// tests and the README's figures read them).
final class Metrics: Sendable {
    private let samples = NIOLockedValueBox<[(String, Double)]>([])
    let path: String?

    init(path: String?) {
        self.path = path
    }

    var isEnabled: Bool { path != nil }

    func record(_ name: String, milliseconds: Double) {
        guard isEnabled else { return }
        samples.withLockedValue { $0.append((name, milliseconds)) }
    }

    /// Writes the samples; errors are ignored (this is a diagnostic).
    func write() {
        guard let path else { return }
        let text = samples.withLockedValue {
            $0.map { "\($0.0) " + String(cFormat: "%.3f", $0.1) }.joined(separator: "\n")
        }
        try? Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }
}
