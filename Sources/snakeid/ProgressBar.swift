import FoundationEssentials
import Glibc
import Inference

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
struct ProgressBar {
    let total: Int
    private var done = 0
    private let enabled: Bool
    private let started = ContinuousClock.now

    init(total: Int) {
        self.total = total
        self.enabled = isatty(STDERR_FILENO) == 1 && total > 1
        draw()
    }

    mutating func advance() {
        done += 1
        draw()
    }

    /// Sets how many are done (for work reported as counts rather than steps).
    mutating func set(done: Int) {
        self.done = min(done, total)
        draw()
    }

    /// Erases the bar so that a line can be printed.
    func clear() {
        if enabled { FileStream.standardError.write("\r\u{1B}[K") }
    }

    func finish() {
        clear()
    }

    private func draw() {
        guard enabled else { return }
        let width = 30
        let filled = total > 0 ? width * done / total : 0
        let seconds = (ContinuousClock.now - started).totalSeconds
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "\r\u{1B}[K\(bar) " + String(cFormat: "%d/%d  %.1f img/s", done, total, rate)
        FileStream.standardError.write(line)
    }
}
