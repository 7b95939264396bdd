import CNcurses
import Dispatch
import FoundationEssentials
import Glibc

extension Terminal {
    /// Whether the terminal may be asked about bitmaps: not inside tmux or screen (which would
    /// answer for themselves), not without colour, not on the Linux console or a dumb terminal.
    static func mayQuery(_ environment: [String: String]) -> Bool {
        let term = environment["TERM"] ?? ""
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let multiplexed = [environment["TMUX"], environment["STY"]].contains { !($0 ?? "").isEmpty }
        return !term.isEmpty && term != "dumb" && term != "linux" && !term.hasPrefix("screen")
            && !term.hasPrefix("tmux") && !noColor && !multiplexed
    }

    /// Asks the terminal (before curses reads its input) and waits for the answer; a late
    /// answer's first bytes are thrown away rather than read as keys.
    static func queryGraphics(waitingAtMost milliseconds: UInt64) -> PixelProtocol? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        writeAll(GraphicsQuery.request)
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = DispatchTime.now().uptimeNanoseconds + milliseconds * 1_000_000
        while !GraphicsQuery.isComplete(reply) {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { break }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32((deadline - now) / 1_000_000) + 1) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            reply += buffer[0..<count]
        }
        if !GraphicsQuery.isComplete(reply) { tcflush(STDIN_FILENO, TCIFLUSH) }
        return GraphicsQuery.graphics(in: reply)
    }
}
