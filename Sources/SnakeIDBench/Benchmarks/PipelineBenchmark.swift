import Foundation
import Inference
import Logging

/// End-to-end folder throughput (read, decode, preprocess, forward, rank) against the floor.
struct PipelineBenchmark {
    let bundle: ModelBundle
    let engine: Engine
    let images: String
    let floorMsPerImage: Double

    func run(cores: Int) async throws {
        BenchReport.heading("end-to-end folder throughput over \(images)")
        let files = ImageFinder.images(in: images + "/snakes") + ImageFinder.images(in: images + "/other")
        guard !files.isEmpty else {
            print("  skipped: no photos under \(images)/snakes and \(images)/other")
            return
        }
        let sources = files.map(ImageSource.file)
        var configurations: [(String, InferenceConfiguration)] = [
            ("\(cores) lanes x 1 thread (default)", .tuned(threads: cores))
        ]
        if cores > 1 {
            configurations.append(
                ("1 lane x \(cores) threads", InferenceConfiguration(lanes: 1, threadsPerForward: cores)))
            configurations.append(
                (
                    "1 lane x \(cores) threads, batch <= 4",
                    InferenceConfiguration(lanes: 1, threadsPerForward: cores, maxBatch: 4)
                ))
        }
        for (label, var configuration) in configurations {
            configuration.engine = engine
            let classifier = try await Classifier.load(
                bundle: bundle, configuration: configuration, logger: Logger(label: "bench"))
            _ = try await classifier.classify(file: files[0])  // warm-up
            var samples: [Double] = []
            var failures = 0
            for _ in 0..<3 {
                samples.append(
                    await Stopwatch.asyncMilliseconds {
                        for await item in classifier.classifyAll(sources, fetcher: URLFetcher()) {
                            if case .failure = item.result { failures += 1 }
                        }
                    } / Double(sources.count))
            }
            classifier.shutdown()
            let msPerImage = Stopwatch.median(samples)
            BenchReport.line(
                "\(label): \(files.count) photos",
                String(
                    format: "%6.2f ms/image, %5.1f images/s, %.2fx the floor (+%.0f%%)%@", msPerImage,
                    1000 / msPerImage, msPerImage / floorMsPerImage, (msPerImage / floorMsPerImage - 1) * 100,
                    failures > 0 ? " [\(failures) failures]" : ""))
        }
    }
}
