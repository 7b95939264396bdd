import CNcurses
import Dispatch
import FoundationEssentials
import Glibc

/// The UI loop, as htop's ScreenManager: draw when something changed, wait for a key or an
/// event (poll on the keyboard and the inbox pipe, with a timeout for the debounce), hand it to
/// the reducer, start the effects. It never waits on the model.
final class Screen {
    private let terminal: Terminal
    private let inbox: Inbox
    private let runner: EffectRunner
    private let metrics: Metrics
    private(set) var state: AppState
    private var paste = PasteAssembler()
    private var terminalClosed = false

    init(terminal: Terminal, inbox: Inbox, runner: EffectRunner, metrics: Metrics, state: AppState) {
        self.terminal = terminal
        self.inbox = inbox
        self.runner = runner
        self.metrics = metrics
        self.state = state
    }

    /// Runs until the user quits.
    func run() {
        var dirty = true
        var fullRepaint = false
        var keyTime: UInt64?
        while !state.shouldQuit && !terminalClosed {
            // libchafa draws off this thread; the frame shows the picture once it arrives.
            if let request = PreviewView.missingRender(state, style: terminal.previewStyle) {
                runner.run(.renderPreview(request))
            }
            if dirty {
                terminal.present(full: fullRepaint) { FrameView.draw(state, on: $0) }
                if let started = keyTime {
                    let name =
                        state.batch != nil ? "key-during-batch" : state.training != nil ? "key-during-training" : "key"
                    metrics.record(name, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
                }
                dirty = false
                fullRepaint = false
                keyTime = nil
            }
            wait()
            var effects: [Effect] = []
            var keys: [Key] = []
            while let key = terminal.readKey() { keys.append(key) }
            for input in paste.feed(burst: keys) {
                if keyTime == nil { keyTime = DispatchTime.now().uptimeNanoseconds }
                dirty = true
                if input == .key(.resize) {
                    let size = terminal.size
                    effects += Reducer.reduce(&state, event: .resized(columns: size.columns, rows: size.rows), now: now)
                    continue
                }
                guard let action = KeyTable.action(for: input, in: state.inputContext) else { continue }
                effects += Reducer.reduce(&state, action: action, now: now)
                if state.shouldQuit { break }
            }
            for event in inbox.drain() {
                effects += Reducer.reduce(&state, event: event, now: now)
                dirty = true
            }
            let errorShown = state.lastError
            let due = Reducer.tick(&state, now: now)
            if !due.isEmpty || state.lastError != errorShown { dirty = true }
            for effect in effects + due {
                if effect == .repaint {
                    fullRepaint = true
                } else {
                    runner.run(effect)
                }
            }
        }
    }

    /// Seconds on a monotonic clock.
    private var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Sleeps until a key, an event, or the next deadline (at most a second, so a missed
    /// SIGWINCH still gets noticed).
    private func wait() {
        var timeout: Int32 = 1000
        if let deadline = state.nextDeadline {
            timeout = Int32(max(0, min(1000, ((deadline - now) * 1000).rounded(.up))))
        }
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
        // The terminal went away (hang-up without SIGHUP, closed stdin): nothing more can be read.
        if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { terminalClosed = true }
    }
}
