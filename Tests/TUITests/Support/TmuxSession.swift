import Foundation
import TestSupport

/// The real `snakeid` binary running in a private tmux server (its own socket), driven with
/// `send-keys` and read with `capture-pane`, as a person at a terminal would.
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The `snakeid` built beside this test bundle, if it is there.
    static let binary: String? = BuiltProducts.executable("snakeid")

    static let hasTmux = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

    /// Whether the tmux tests can run: tmux, the binary, the model and `../shared`.
    static var isAvailable: Bool { hasTmux && binary != nil && TestPaths.hasModel && TestPaths.hasShared }

    private let socket = "snakeid-tui-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    static let exitMarker = "SNAKEID-EXITED"

    /// Starts `snakeid ARGUMENTS` in a `columns` x `rows` window; after it exits the pane prints
    /// `SNAKEID-EXITED <status>` and stays.
    init(
        _ arguments: [String], columns: Int = 120, rows: Int = 40, environment: [String: String] = [:],
        workingDirectory: String = TestPaths.packageRoot
    ) throws {
        guard let binary = Self.binary else { throw Failure(description: "snakeid binary not built") }
        let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let script =
            "cd '\(workingDirectory)' && \(quoted.joined(separator: " ")); echo \(Self.exitMarker) $?; exec cat >/dev/null"
        var command = ["new-session", "-d", "-s", "ui", "-x", "\(columns)", "-y", "\(rows)"]
        // NO_COLOR may be set where the tests run (an empty value means unset).
        let variables = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "", "COLORTERM": ""].merging(environment) {
            $1
        }
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) { command += ["-e", "\(name)=\(value)"] }
        command.append(script)
        try tmux(command)
    }

    deinit {
        // kill-session, not kill-server: tmux 3.3 answers kill-server but can leave the server
        // running while the pane's last command lingers.
        _ = try? tmux(["kill-session", "-t", "ui"])
    }

    /// The visible screen, one string per row.
    func lines() -> [String] {
        ((try? tmux(["capture-pane", "-p", "-t", "ui"])) ?? "").components(separatedBy: "\n").dropLast().map {
            String($0)
        }
    }

    var screen: String { lines().joined(separator: "\n") }

    /// Sends tmux key names ("j", "Enter", "Escape", "C-u").
    func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "ui"] + keys)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "ui", "-l", text])
    }

    /// Pastes text as a terminal paste (bracketed when the program asked for it).
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "snk", text])
        try tmux(["paste-buffer", "-p", "-b", "snk", "-t", "ui"])
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", "ui", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Polls the screen until `condition` holds; returns that screen.
    /// - Throws: `Failure` with the last screen after `timeout` seconds.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 60, _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String] = []
        while Date() < deadline {
            last = lines()
            if condition(last) { return last }
            usleep(50_000)
        }
        throw Failure(description: "timed out waiting for \(what); screen:\n" + last.joined(separator: "\n"))
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 60) throws -> [String] {
        try waitUntil("\"\(text)\"", timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// Waits until the model has loaded (the status line names the threads).
    func waitForModel() throws {
        try waitUntil("the model", timeout: 120) {
            $0.last?.contains(" threads") == true || $0.last?.contains(" thread ") == true
        }
    }

    /// Runs tmux on this session's socket and returns what it printed. Spawned and reaped
    /// directly: Foundation's `Process` can miss the exit of the client whose child becomes
    /// the tmux server, and wait forever.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "snakeid-tmux-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run tmux: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = FileManager.default.contents(atPath: outputPath) ?? Data()
        guard status == 0 else {
            throw Failure(description: "tmux \(arguments.first ?? "") failed (status \(status))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
