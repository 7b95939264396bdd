import Foundation
import Inference

#if canImport(Glibc)
    import Glibc
#endif

/// The program as users run it: whole `snakeid` processes on a real folder, and `snakeid serve`
/// from process start to answered uploads. An in-process figure can hide per-image costs that
/// the floor shares (page-fault churn in the allocator did: "1.01x the floor" at 3,400 faults
/// per image), so these come from the kernel's own accounting of the child (`wait4`).
struct WholeProcessBenchmark {
    let executable: String
    /// The shared images folder (its `snakes` and `other` are copied into the test folder).
    let images: String
    let model: String
    /// Copies of each photo in the large folder.
    var copies = 12

    /// One configuration of the program.
    struct Variant {
        var label: String
        var engine: Engine
        var environment: [String: String]
    }

    static let variants = [
        Variant(
            label: "libtorch, glibc defaults (as before)", engine: .torch, environment: ["SNAKEID_MALLOC": "default"]),
        Variant(label: "libtorch, tuned allocator", engine: .torch, environment: [:]),
        Variant(label: "OpenVINO, tuned allocator", engine: .openvino, environment: [:]),
    ]

    /// What the kernel accounted for one child process.
    struct Usage {
        var seconds: Double
        var userSeconds: Double
        var systemSeconds: Double
        var minorFaults: Int
        var peakKilobytes: Int
        var status: Int32
    }

    func run(engines: [Engine]) async throws {
        let photos = ImageFinder.images(in: images + "/snakes") + ImageFinder.images(in: images + "/other")
        BenchReport.heading("whole process: snakeid classify FOLDER (wait4 accounting of the child)")
        guard !photos.isEmpty else {
            print("  skipped: no photos in \(images)")
            return
        }
        let root = NSTemporaryDirectory() + "snakeid-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let small = try Self.folder(root + "/one", photos: photos, copies: 1)
        let large = try Self.folder(root + "/many", photos: photos, copies: copies)
        print("  folders: \(small) photos, and \(large) (\(copies) copies of each); each run once, in this order")
        var throughput: [String: Double] = [:]
        for variant in Self.variants where engines.contains(variant.engine) {
            let one = try spawn(
                ["classify", "--engine", variant.engine.rawValue, "--format", "jsonl", root + "/one"],
                variant.environment)
            let many = try spawn(
                ["classify", "--engine", variant.engine.rawValue, "--format", "jsonl", root + "/many"],
                variant.environment)
            guard one.status == 0, many.status == 0 else {
                print("  \(variant.label): failed (exit \(one.status), \(many.status))")
                continue
            }
            let extra = Double(large - small)
            let imagesPerSecond = Double(large) / many.seconds
            let steadyFaults = Double(many.minorFaults - one.minorFaults) / extra
            let kernelShare = many.systemSeconds / max(many.userSeconds + many.systemSeconds, 1e-9)
            throughput[variant.label] = imagesPerSecond
            BenchReport.line(
                variant.label,
                String(
                    format: "%6.1f images/s, %5.0f faults/image (steady), kernel %4.1f%% of CPU, peak %4d MiB",
                    imagesPerSecond, steadyFaults, kernelShare * 100, many.peakKilobytes / 1024))
        }
        let labels = Self.variants.map(\.label)
        if let before = throughput[labels[0]], let tuned = throughput[labels[1]] {
            BenchReport.line("libtorch: tuned allocator vs glibc defaults", String(format: "%.2fx", tuned / before))
        }
        if let torch = throughput[labels[1]], let openvino = throughput[labels[2]] {
            BenchReport.line("OpenVINO vs libtorch (both tuned)", String(format: "%.2fx", openvino / torch))
        }
        try await serve(engines: engines, photos: photos)
    }

    /// `snakeid serve` per engine: start → first answered upload, then 16 concurrent clients.
    private func serve(engines: [Engine], photos: [String]) async throws {
        BenchReport.heading("whole process: snakeid serve (start → first answered POST /upload, then 16 concurrent)")
        let requests = try photos.prefix(45).map { path in
            ServerLoad.uploadRequest(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), filename: path)
        }
        var rates: [Engine: Double] = [:]
        for engine in engines {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", "--port", "0", "--engine", engine.rawValue, "--model", model]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            let started = ContinuousClock.now
            try process.run()
            defer {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
            guard let port = Self.port(from: output.fileHandleForReading) else {
                print("  \(engine): no serving line")
                continue
            }
            let connection = try LoopbackHTTPConnection(port: port)
            let (status, _) = try connection.exchange(requests[0])
            let firstAnswer = (ContinuousClock.now - started).totalSeconds
            let load = ServerLoad(port: port, requests: requests)
            let result = load.run(concurrency: 16, duration: .seconds(15), maxRequests: 3000)
            let peak = Self.peakKilobytes(of: process.processIdentifier)
            kill(process.processIdentifier, SIGTERM)
            rates[engine] = result.requestsPerSecond
            BenchReport.line(
                "\(engine): start → first answer (HTTP \(status))", String(format: "%7.2f s", firstAnswer))
            BenchReport.line(
                "\(engine): 16 concurrent",
                String(
                    format: "%6.1f req/s, p50 %4.0f ms, p99 %4.0f ms, %d errors, peak %d MiB", result.requestsPerSecond,
                    result.percentile(0.5), result.percentile(0.99), result.errors, peak / 1024))
        }
        if let torch = rates[.torch], let openvino = rates[.openvino] {
            BenchReport.line("OpenVINO vs libtorch, 16 concurrent", String(format: "%.2fx", openvino / torch))
        }
    }

    /// Runs `snakeid ARGUMENTS` to completion with stdout discarded; the kernel's accounting.
    func spawn(_ arguments: [String], _ environment: [String: String]) throws -> Usage {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments + ["--model", model]).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &fileActions, nil, argv, envp)
        guard spawned == 0 else {
            throw BenchmarkError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        // The child's own peak from /proc while it runs: wait4's ru_maxrss would include the
        // parent's, as posix_spawn starts the child in the parent's address space (vfork).
        var status: Int32 = 0
        var usage = rusage()
        var peak = 0
        while true {
            peak = max(peak, Self.peakKilobytes(of: pid))
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid || (waited < 0 && errno != EINTR) { break }
            usleep(20_000)
        }
        let seconds = (ContinuousClock.now - started).totalSeconds
        let time = { (value: timeval) in Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
        return Usage(
            seconds: seconds, userSeconds: time(usage.ru_utime), systemSeconds: time(usage.ru_stime),
            minorFaults: usage.ru_minflt, peakKilobytes: peak, status: (status >> 8) & 0xFF)
    }

    /// A folder with `copies` copies of each photo (real files: a folder as users have it).
    static func folder(_ path: String, photos: [String], copies: Int) throws -> Int {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for copy in 0..<copies {
            for photo in photos {
                let name = "\(copy)_" + URL(fileURLWithPath: photo).lastPathComponent
                try FileManager.default.copyItem(atPath: photo, toPath: path + "/" + name)
            }
        }
        return copies * photos.count
    }

    /// The port of the "serving … on http://127.0.0.1:PORT" line.
    static func port(from handle: FileHandle) -> Int? {
        var line = Data()
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://127.0.0.1:") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// VmHWM of a process, in KiB.
    static func peakKilobytes(of pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    }
}
