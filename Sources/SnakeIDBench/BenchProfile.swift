import ArgumentParser
import Foundation
import Inference
import Logging
import Server

#if canImport(Glibc)
    import Glibc
#endif

/// `snakeid-bench profile`: where one image's CPU goes, stage by stage, beside the same stages of
/// the Python + OpenVINO peer (`scripts/peer_stage_profile.py`) when a Python with its packages
/// exists.
struct BenchProfile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Per-stage CPU of one image (read, decode, resize/crop/tensor fill, forward, ranking, JSON).",
        discussion: """
            Runs the stages one at a time on one thread and charges each the process CPU time \
            (CLOCK_PROCESS_CPUTIME_ID, so the engine's own threads count) it took. Resize, crop and \
            the tensor fill are one pass in SnakeID (only the crop is resampled, straight into the \
            input tensor). HTTP is not here: it is the server's CPU per request (bench-peers) minus \
            these. Instruction shares that do not depend on the machine's load come from callgrind \
            (see the README's performance section).
            """)

    @Option(name: .long, help: "Folders of photos (comma-separated).")
    var images = "../shared/images/snakes,../shared/images/other"

    @Option(name: .long, help: "Passes over the photos.")
    var rounds = 3

    @Option(
        name: .long, help: "A Python with the peer's packages (default: $SNAKEID_PEER_PYTHON, else .cache/peers/venv).")
    var python: String?

    @OptionGroup var modelOptions: BenchModelOptions

    func run() async throws {
        let bundle = try ModelBundle.load(from: modelOptions.bundleDirectory)
        let files = images.split(separator: ",").flatMap { ImageFinder.images(in: String($0)) }
        guard !files.isEmpty else { throw ValidationError("no photos in \(images)") }
        var configuration = InferenceConfiguration.serving(
            threads: modelOptions.threads ?? AvailableCores.count)
        configuration.engine = modelOptions.engine
        var logger = Logger(label: "snakeid.profile")
        logger.logLevel = .warning
        let classifier = try await Classifier.load(bundle: bundle, configuration: configuration, logger: logger)
        defer { classifier.shutdown() }
        let input = bundle.metadata.input
        let decoder = ImageDecoder(maxPixels: configuration.maxPixels)
        let preprocessor = Preprocessor(input: input)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

        let stages = [
            "read", "decode (+ EXIF orientation)", "resize + crop + tensor fill", "forward + softmax + ranking", "JSON",
        ]
        var spent = [Double](repeating: 0, count: stages.count)
        func timed<T>(_ stage: Int, _ body: () throws -> T) rethrows -> T {
            let started = Self.cpuSeconds()
            defer { spent[stage] += Self.cpuSeconds() - started }
            return try body()
        }
        var tensor = [Float](repeating: 0, count: preprocessor.tensorCount)
        var count = 0
        for _ in 0..<rounds {
            for file in files {
                let bytes = try timed(0) { try ImageFile.read(file) }
                let image = try timed(1) {
                    try decoder.decode(bytes, source: file, minShorterSide: input.resizeShorterSide)
                }
                timed(2) { tensor.withUnsafeMutableBufferPointer { preprocessor.write(image, into: $0) } }
                // Untimed: the classifier's own prepared image, its tensor replaced by the one timed above.
                var prepared = try classifier.prepare(bytes: bytes, source: file)
                prepared.tensor = tensor
                let started = Self.cpuSeconds()
                let prediction = try await classifier.predict(prepared)
                spent[3] += Self.cpuSeconds() - started
                _ = try timed(4) { try encoder.encode(prediction.top.map { [$0.label, String($0.probability)] }) }
                count += 1
            }
        }
        let total = spent.reduce(0, +)
        BenchReport.heading(
            "SnakeID \(classifier.configuration.engine.map { "\($0)" } ?? "?"): CPU per image by stage, \(count) images (process CPU time)"
        )
        for (stage, seconds) in zip(stages, spent) {
            BenchReport.line(
                stage, String(format: "%7.3f ms  %5.1f%%", seconds * 1000 / Double(count), seconds / total * 100))
        }
        BenchReport.line("total", String(format: "%7.3f ms", total * 1000 / Double(count)))

        guard let python = peerPython() else {
            print(
                "\n  no Python with openvino, pillow and numpy: no peer figures (set --python or $SNAKEID_PEER_PYTHON)")
            return
        }
        BenchReport.heading("Python + OpenVINO peer (scripts/peer_stage_profile.py), same photos")
        let folder = NSTemporaryDirectory() + "snakeid-profile-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try BenchPeers.makeFolder(folder, photos: files, count: files.count)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "scripts/peer_stage_profile.py", bundle.directory + "/model.onnx", "../shared/imagenet/classes.tsv", folder,
            "\(rounds)",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("PEERSTAGE ") {
            let words = line.split(separator: " ").dropFirst().map(String.init)
            if words.first == "total", words.count > 1 {
                BenchReport.line("total", String(format: "%7.3f ms", Double(words[1]) ?? .nan))
            } else if words.count >= 3 {
                let (ms, share) = (Double(words[words.count - 2]) ?? .nan, Double(words[words.count - 1]) ?? .nan)
                BenchReport.line(
                    words.dropLast(2).joined(separator: " "), String(format: "%7.3f ms  %5.1f%%", ms, share * 100))
            }
        }
    }

    private func peerPython() -> String? {
        let candidates = [
            python, ProcessInfo.processInfo.environment["SNAKEID_PEER_PYTHON"], ".cache/peers/venv/bin/python",
        ]
        .compactMap { $0 }
        return candidates.first { candidate in
            FileManager.default.isExecutableFile(atPath: candidate)
                && (try? BenchPeers.runToEnd([candidate, "-c", "import openvino, PIL, numpy"]))?.status == 0
        }
    }

    /// The process's CPU time so far, in seconds.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
