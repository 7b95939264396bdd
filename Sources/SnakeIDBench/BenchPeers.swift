import ArgumentParser
import Foundation
import Inference

#if canImport(Glibc)
    import Glibc
#endif

/// `snakeid-bench bench-peers`: SnakeID's whole processes beside the Python peers of
/// `../shared/peers` (same model file, photos and `POST /upload`), with the ratios.
struct BenchPeers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-peers",
        abstract: "SnakeID beside the Python peers (ov_server.py, ort_server.py, ov_loop.py): one run, ratios.",
        discussion: """
            Every server is a child process on 127.0.0.1, driven by the same closed-loop client \
            (keep-alive connections) at c=1 and c=16; server CPU per request is the child's \
            utime+stime delta over the load (from /proc/PID/stat) divided by the requests; peak RSS \
            is its VmHWM. The folder run classifies --folder-size photos (symlinks to the shared \
            ones) in one whole process. One run on a shared machine: wall-clock figures are noisy.
            """)

    @Option(name: .long, help: "Folders of photos to upload (comma-separated).")
    var images = "../shared/images/snakes,../shared/images/other"

    @Option(name: .long, help: "The peers' folder.")
    var peers = "../shared/peers"

    @Option(
        name: .long, help: "A Python with the peers' packages (default: $SNAKEID_PEER_PYTHON, else .cache/peers/venv).")
    var python: String?

    @Option(name: .long, help: "Seconds each load level runs.")
    var seconds = 8

    @Option(name: .customLong("folder-size"), help: "Photos in the folder run.")
    var folderSize = 1000

    @Option(name: .long, help: "The classes file the peers read.")
    var classes = "../shared/imagenet/classes.tsv"

    @OptionGroup var modelOptions: BenchModelOptions

    /// What one server measured.
    struct ServerFigures {
        var single: ServerLoad.Result
        var concurrent: ServerLoad.Result
        var cpuMsPerRequest: Double
        var peakMiB: Double
    }

    func run() async throws {
        let snakeid = try SnakeIDExecutable.locate()
        let bundle = try ModelBundle.load(from: modelOptions.bundleDirectory)
        let onnx = bundle.directory + "/model.onnx"
        let photos = images.split(separator: ",").flatMap { ImageFinder.images(in: String($0)) }
        guard !photos.isEmpty else { throw ValidationError("no photos in \(images)") }
        let requests = try photos.map {
            ServerLoad.uploadRequest(try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))), filename: $0)
        }
        print(
            "SnakeID beside the Python peers: \(bundle.name), \(AvailableCores.count) cores "
                + "(\(Self.cpuName)), \(photos.count) photos; one run, \(seconds) s a level; \(Self.loadAverage)")
        print("  wall-clock figures on a machine shared with other builds are noisy; CPU per request is steadier")
        let python = pythonWithPackages()
        if python == nil {
            print(
                "  no Python with openvino, onnxruntime, pillow, numpy, starlette, uvicorn and python-multipart "
                    + "(set --python or $SNAKEID_PEER_PYTHON, or run `make peers-venv`): SnakeID only")
        }

        var servers: [(String, [String])] = [
            ("SnakeID OpenVINO", [snakeid, "serve", "--engine", "openvino", "--model", bundle.directory]),
            ("SnakeID libtorch", [snakeid, "serve", "--engine", "torch", "--model", bundle.directory]),
            // The peers leave OpenVINO's precision at its default, which is bf16 on a CPU with
            // AVX-512 BF16 or AMX; SnakeID asks for f32 (parity with libtorch). This row runs
            // SnakeID at the peers' precision, so that the engine's work is the same.
            (
                "SnakeID OpenVINO bf16",
                Self.bf16 + [snakeid, "serve", "--engine", "openvino", "--model", bundle.directory]
            ),
        ]
        if let python {
            servers.append(("ov_server.py", [python, peers + "/ov_server.py", onnx, classes]))
            // The same peer at SnakeID's default precision: the engine's work is the same the
            // other way round.
            servers.append(
                ("ov_server.py f32", [python, Self.atPrecision, "f32", peers + "/ov_server.py", onnx, classes]))
            servers.append(("ort_server.py 1x2", [python, peers + "/ort_server.py", onnx, classes]))
        }
        BenchReport.heading("servers: POST /upload, c=1 and c=16")
        print("  server                  c=1 req/s  p50 ms   c=16 req/s  p50 ms  CPU ms/req  peak MiB")
        var figures: [String: ServerFigures] = [:]
        for (label, command) in servers {
            let peerArguments = command.contains(snakeid) ? ["--port", "PORT"] : ["PORT"]
            guard let result = try measureServer(command + peerArguments, requests: requests) else {
                print("  \(label): did not start")
                continue
            }
            figures[label] = result
            print(
                "  " + label.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(
                        format: "%10.1f %7.1f %12.1f %7.1f %11.2f %9.0f", result.single.requestsPerSecond,
                        result.single.percentile(0.5), result.concurrent.requestsPerSecond,
                        result.concurrent.percentile(0.5), result.cpuMsPerRequest, result.peakMiB))
        }

        BenchReport.heading("SnakeID serve at --threads 1 and 2 (c=16 req/s)")
        for engine in ["openvino", "torch"] {
            for threads in [1, 2] {
                let command = [
                    snakeid, "serve", "--engine", engine, "--model", bundle.directory, "--threads", "\(threads)",
                    "--port", "PORT",
                ]
                if let result = try measureServer(command, requests: requests, single: false) {
                    BenchReport.line(
                        "\(engine), --threads \(threads)",
                        String(
                            format: "%7.1f req/s, %.2f ms CPU/request", result.concurrent.requestsPerSecond,
                            result.cpuMsPerRequest))
                }
            }
        }

        BenchReport.heading("whole process: a folder of \(folderSize) photos (symlinks)")
        let folder = NSTemporaryDirectory() + "snakeid-peers-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.makeFolder(folder, photos: photos, count: folderSize)
        var folderRates: [String: Double] = [:]
        var runs: [(String, [String])] = [
            (
                "SnakeID OpenVINO",
                [snakeid, "classify", "--engine", "openvino", "--format", "jsonl", "--model", bundle.directory, folder]
            ),
            (
                "SnakeID libtorch",
                [snakeid, "classify", "--engine", "torch", "--format", "jsonl", "--model", bundle.directory, folder]
            ),
            (
                "SnakeID OpenVINO bf16",
                Self.bf16 + [
                    snakeid, "classify", "--engine", "openvino", "--format", "jsonl", "--model", bundle.directory,
                    folder,
                ]
            ),
        ]
        if let python {
            runs.append(("ov_loop.py", [python, peers + "/ov_loop.py", onnx, classes, folder]))
            runs.append(
                ("ov_loop.py f32", [python, Self.atPrecision, "f32", peers + "/ov_loop.py", onnx, classes, folder]))
            runs.append(("ort_loop.py", [python, peers + "/ort_loop.py", onnx, classes, folder]))
        }
        for (label, command) in runs {
            let (seconds, status) = try Self.runToEnd(command)
            guard status == 0 else {
                print("  \(label): exit \(status)")
                continue
            }
            folderRates[label] = Double(folderSize) / seconds
            BenchReport.line(
                label,
                String(format: "%7.1f photos/s (%.2f s, start-up included)", Double(folderSize) / seconds, seconds))
        }

        BenchReport.heading("ratios (the issue's targets in brackets)")
        for engine in ["SnakeID OpenVINO", "SnakeID OpenVINO bf16", "SnakeID libtorch"] {
            guard let ours = figures[engine] else { continue }
            for peer in ["ov_server.py", "ov_server.py f32", "ort_server.py 1x2"] {
                guard let theirs = figures[peer] else { continue }
                BenchReport.line(
                    "\(engine) vs \(peer)",
                    String(
                        format: "c=16 %.2fx [>=1.3], c=1 p50 %.2fx [<=1], CPU/req %.2fx [<=0.8]",
                        ours.concurrent.requestsPerSecond / theirs.concurrent.requestsPerSecond,
                        ours.single.percentile(0.5) / theirs.single.percentile(0.5),
                        ours.cpuMsPerRequest / theirs.cpuMsPerRequest))
            }
            for peer in ["ov_loop.py", "ov_loop.py f32"] {
                if let theirs = folderRates[peer], let mine = folderRates[engine] {
                    BenchReport.line("\(engine) vs \(peer), folder", String(format: "%.2fx [>=1.3]", mine / theirs))
                }
            }
        }
        if let openvino = figures["SnakeID OpenVINO"] {
            BenchReport.line("SnakeID OpenVINO serve peak RSS", String(format: "%.0f MiB [<=180]", openvino.peakMiB))
        }
        if python == nil { print("  (no peer figures: no Python with the peers' packages)") }
    }

    /// The wrapper that runs a peer with OpenVINO's precision pinned (`scripts/`, from the
    /// checkout `make bench-peers` runs in).
    static let atPrecision = "scripts/peer_at_precision.py"

    /// `env` setting OpenVINO's precision to bf16 for the command that follows (the same pid:
    /// env execs it).
    static let bf16 = ["/usr/bin/env", "SNAKEID_OPENVINO_PROPERTIES=INFERENCE_PRECISION_HINT=bf16"]

    /// Starts `command` (its "PORT" word replaced by a free port), loads it at c=1 (unless
    /// `single` is false) and c=16, then stops it. Nil when it never answers.
    private func measureServer(_ command: [String], requests: [[UInt8]], single: Bool = true) throws
        -> ServerFigures?
    {
        let port = try Self.freePort()
        let arguments = command.map { $0 == "PORT" ? "\(port)" : $0 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        defer {
            // SIGKILL, not SIGTERM: a child of Foundation's Process inherits the spawning
            // thread's signal mask, where SIGTERM is blocked, and the Python peers then never
            // see it (uvicorn waited forever). The figures are taken by then.
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
        }
        // Ready when an upload is answered: start-up (model compile, imports) is not measured.
        let deadline = ContinuousClock.now + .seconds(120)
        var ready = false
        while !ready, ContinuousClock.now < deadline, process.isRunning {
            if let connection = try? LoopbackHTTPConnection(port: port),
                let (status, _) = try? connection.exchange(requests[0]), status == 200
            {
                ready = true
            } else {
                usleep(200_000)
            }
        }
        guard ready else { return nil }
        let load = ServerLoad(port: port, requests: requests)
        let duration = Duration.seconds(seconds)
        let cpuBefore = Self.cpuSeconds(of: pid)
        let singleResult =
            single
            ? load.run(concurrency: 1, duration: duration, maxRequests: 100_000)
            : ServerLoad.Result(concurrency: 1, seconds: 0, latencies: [], errors: 0)
        let concurrent = load.run(concurrency: 16, duration: duration, maxRequests: 100_000)
        let cpu = Self.cpuSeconds(of: pid) - cpuBefore
        // Warm-up requests (2 per connection) are served too: count them.
        let served = singleResult.requests + concurrent.requests + (single ? 2 : 0) + 32
        return ServerFigures(
            single: singleResult, concurrent: concurrent, cpuMsPerRequest: cpu * 1000 / Double(max(served, 1)),
            peakMiB: Double(WholeProcessBenchmark.peakKilobytes(of: pid)) / 1024)
    }

    /// A Python that imports every package the peers use, or nil.
    private func pythonWithPackages() -> String? {
        let candidates = [
            python, ProcessInfo.processInfo.environment["SNAKEID_PEER_PYTHON"], ".cache/peers/venv/bin/python",
        ]
        .compactMap { $0 }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let check = [candidate, "-c", "import openvino, onnxruntime, PIL, numpy, starlette, uvicorn, multipart"]
            if (try? Self.runToEnd(check))?.status == 0 { return candidate }
        }
        return nil
    }

    /// Runs `command` with its output discarded: wall seconds and exit status.
    static func runToEnd(_ command: [String]) throws -> (seconds: Double, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return ((ContinuousClock.now - started).totalSeconds, process.terminationStatus)
    }

    /// utime + stime of a process, in seconds (fields 14 and 15 of /proc/PID/stat).
    static func cpuSeconds(of pid: Int32) -> Double {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        guard let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A folder of `count` symlinks to `photos`, round robin.
    static func makeFolder(_ path: String, photos: [String], count: Int) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for index in 0..<count {
            let photo = URL(fileURLWithPath: photos[index % photos.count]).standardizedFileURL.path
            let name = String(format: "%04d_", index) + URL(fileURLWithPath: photo).lastPathComponent
            try FileManager.default.createSymbolicLink(atPath: path + "/" + name, withDestinationPath: photo)
        }
    }

    /// A port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchmarkError("cannot open a socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(socket, socketAddress, length) == 0 && getsockname(socket, socketAddress, &length) == 0
            }
        }
        guard bound else { throw BenchmarkError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The CPU's model name from /proc/cpuinfo.
    static var cpuName: String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map {
            $0.trimmingCharacters(in: .whitespaces)
        } ?? "unknown CPU"
    }

    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map { "load average \($0) at start" } ?? "load average unknown"
    }
}
