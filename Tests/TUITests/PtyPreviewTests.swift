import Foundation
import TestSupport
import Testing

/// What the real binary writes to a terminal for the preview, read from a pseudo-terminal
/// (Python's `pty`: tmux would swallow the image escapes): bitmaps placed after the frame with
/// the cursor saved and restored, removed when the selection moves or help covers them, and
/// symbols in 24-bit colour painted over curses' cells.
@Suite(
    .serialized,
    .enabled(
        if: TmuxSession.binary != nil && TestPaths.hasShared
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
        "needs <scratch>/debug/snakeid beside the tests, ../shared and python3"))
struct PtyPreviewTests {
    /// Runs the binary in a 120 x 40 pty of 8 x 16-pixel cells; after each step's keys, waits
    /// until the output gains the step's marker. Returns the output and where each step began.
    static let driver = #"""
        import json, os, pty, select, struct, sys, termios, fcntl, time
        out_path, steps, answer = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
        argv = sys.argv[4:]
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 960, 640))
            os.execv(argv[0], argv)
        data, offsets = b"", {}
        def pump(until, seconds):
            global data
            deadline = time.time() + seconds
            while time.time() < deadline:
                if until is not None and until(data):
                    return True
                ready, _, _ = select.select([fd], [], [], 0.05)
                if ready:
                    try:
                        chunk = os.read(fd, 65536)
                    except OSError:
                        return until is None
                    if not chunk:
                        return until is None
                    # Play the terminal: answer the device attributes query (once).
                    if answer and b"\x1b[c" in data + chunk and b"\x1b[c" not in data:
                        os.write(fd, answer.encode())
                    data += chunk
            return until is None
        for name, keys, marker in steps:
            start = len(data)
            offsets[name] = start
            os.write(fd, keys.encode())
            if not pump(lambda d: marker.encode() in d[start:], 60):
                print("TIMEOUT", name)
                break
        pump(None, 1)
        os.kill(pid, 15) if os.waitpid(pid, os.WNOHANG)[0] == 0 else None
        open(out_path, "wb").write(data)
        print(json.dumps(offsets))
        """#

    struct Run {
        var output: String
        var offsets: [String: Int]

        /// The output from the start of `step` to the start of the next one (or the end).
        func segment(_ step: String, until next: String? = nil) -> Substring {
            let bytes = Array(output.utf8)
            let start = offsets[step] ?? bytes.count
            let end = next.flatMap { offsets[$0] } ?? bytes.count
            return Substring(String(decoding: bytes[min(start, end)..<end], as: UTF8.self))
        }
    }

    /// `answer`: what the terminal replies to a query (nothing when empty).
    func run(
        _ arguments: [String], steps: [(String, String, String)], environment: [String: String], answer: String = ""
    ) throws -> Run {
        let binary = try #require(TmuxSession.binary)
        let path = NSTemporaryDirectory() + "snakeid-pty-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stepsJSON = String(
            decoding: try JSONSerialization.data(withJSONObject: steps.map { [$0.0, $0.1, $0.2] }), as: UTF8.self)
        let result = try ProcessRunner.run(
            "/usr/bin/python3", ["-c", Self.driver, path, stepsJSON, answer, binary] + arguments,
            environment: [
                "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "", "TMUX": "",
                "SNAKEID_PREVIEW": "",
            ].merging(environment) { $1 }, timeout: 240)
        #expect(!result.standardOutput.contains("TIMEOUT"), "\(result.standardOutput) \(result.standardError)")
        let offsets = try JSONDecoder().decode(
            [String: Int].self, from: Data((result.standardOutput.split(separator: "\n").last ?? "{}").utf8))
        let output = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        return Run(output: output, offsets: offsets)
    }

    let snakes = TestPaths.shared + "/images/snakes"
    let image = "\u{1B}_Ga=T"
    let delete = "\u{1B}_Ga=d,d=A\u{1B}\\"
    /// The end of an image (string terminator), then the cursor restored.
    let imageEnd = "\u{1B}\\\u{1B}8"

    @Test func kittyImagesArePlacedAfterTheFrameAndRemovedWhenCovered() throws {
        let run = try run(
            ["tui", "--preview", "kitty", snakes],
            steps: [
                ("start", "", imageEnd), ("move", "j", imageEnd), ("help", "?", delete), ("close", "x", imageEnd),
                ("quit", "q", "\u{1B}[?2004l"),
            ], environment: ["COLORTERM": "truecolor"])
        let start = run.segment("start", until: "move")
        // Saved cursor, moved to the preview's corner (row 2, column 38, 1-based), the image,
        // the cursor restored; the first chunk names the box in cells.
        let placement = try #require(
            start.firstMatch(of: /\x{1B}7\x{1B}\[(\d+);(\d+)H\x{1B}_Ga=T,f=32,s=(\d+),v=(\d+),c=(\d+),r=(\d+)/))
        #expect(Int(placement.1) ?? 0 >= 2 && Int(placement.2) ?? 0 >= 38, "\(placement.0)")
        #expect(Int(placement.3) == (Int(placement.5) ?? 0) * 8 && Int(placement.4) == (Int(placement.6) ?? 0) * 16)
        #expect(start.contains(imageEnd))
        // Moving deletes the old image before the next one; help deletes it and draws none.
        let move = run.segment("move", until: "help")
        let deleted = try #require(move.range(of: delete))
        let drawn = try #require(move.range(of: image))
        #expect(deleted.lowerBound < drawn.lowerBound)
        let help = run.segment("help", until: "close")
        #expect(help.contains("SnakeID keys") && !help.contains(image))
        #expect(run.segment("close", until: "quit").contains(image))
        // Quitting removes the image too.
        #expect(run.segment("quit").contains(delete))
    }

    @Test func sixelMovesRepaintTheWholeScreen() throws {
        let run = try run(
            ["tui", "--preview", "sixel", snakes],
            steps: [("start", "", imageEnd), ("move", "j", imageEnd), ("quit", "q", "\u{1B}[?2004l")],
            environment: ["COLORTERM": "truecolor"])
        #expect(run.segment("start", until: "move").contains(/\x{1B}7\x{1B}\[\d+;\d+H\x{1B}P[0-9;]*q"1;1;\d+;\d+/))
        // Sixel pixels stay until text covers them: the move clears the screen and draws again.
        let move = run.segment("move", until: "quit")
        let cleared = try #require(move.range(of: "\u{1B}[H\u{1B}[2J") ?? move.range(of: "\u{1B}[2J"))
        let drawn = try #require(move.range(of: "\u{1B}P"))
        #expect(cleared.lowerBound < drawn.lowerBound)
    }

    @Test func truecolorSymbolsArePaintedOverCursesCells() throws {
        let run = try run(
            ["tui", "--preview", "symbols", snakes],
            steps: [("start", "", "\u{1B}[0;38;2;"), ("quit", "q", "\u{1B}[?2004l")],
            environment: ["COLORTERM": "truecolor"])
        let start = run.segment("start", until: "quit")
        #expect(start.contains(/\x{1B}7\x{1B}\[\d+;\d+H\x{1B}\[0;38;2;\d+;\d+;\d+;48;2;\d+;\d+;\d+m/))
        #expect(!start.contains(image) && !start.contains("\u{1B}P"))
    }

    /// A terminal the environment does not name is asked; what it answers decides.
    @Test(arguments: [
        ("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;22c", "\u{1B}_Ga=T"), ("\u{1B}[?62;4;22c", "\u{1B}P"),
        ("\u{1B}[?62;22c", "\u{1B}[0;38;2;"),
    ])
    func autoAsksTheTerminal(answer: String, expected: String) throws {
        let run = try run(
            ["tui", snakes], steps: [("start", "", expected), ("quit", "q", "\u{1B}[?2004l")],
            environment: ["COLORTERM": "truecolor", "TERM_PROGRAM": ""], answer: answer)
        let start = run.segment("start", until: "quit")
        #expect(start.hasPrefix("\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\\u{1B}[c"))
        #expect(start.contains(expected))
    }

    @Test func palette256SymbolsStayInCursesColours() throws {
        let run = try run(
            ["tui", "--preview", "symbols", snakes],
            steps: [("start", "", "▀"), ("quit", "q", "\u{1B}[?2004l")],
            environment: ["COLORTERM": ""])
        #expect(!run.output.contains(";38;2;") && !run.output.contains("[38;2;"))
        #expect(run.output.contains(/\x{1B}\[38;5;(1[6-9]|[2-9]\d|1\d\d|2[0-5]\d)m/))
    }
}
