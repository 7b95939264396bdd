import Inference

/// A serving configuration written `LANESxTHREADS[/bBATCH][/wWAIT_MS]`, e.g. `2x1` or `1x2/b4/w5`.
struct ServingVariant: CustomStringConvertible {
    var configuration: InferenceConfiguration

    init(configuration: InferenceConfiguration) {
        self.configuration = configuration
    }

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        let shape = parts.first?.split(separator: "x").compactMap { Int($0) } ?? []
        guard shape.count == 2, shape[0] >= 1, shape[1] >= 1 else { return nil }
        var batch = 1
        var waitMs = 0
        for part in parts.dropFirst() {
            guard let value = Int(part.dropFirst()), value >= 0 else { return nil }
            switch part.first {
            case "b": batch = max(value, 1)
            case "w": waitMs = value
            default: return nil
            }
        }
        configuration = InferenceConfiguration(
            lanes: shape[0], threadsPerForward: shape[1], maxBatch: batch, maxWait: .milliseconds(waitMs))
    }

    var description: String {
        var text = "\(configuration.lanes)x\(configuration.threadsPerForward)"
        if configuration.maxBatch > 1 || configuration.maxWait > .zero {
            text += "/b\(configuration.maxBatch)/w\(Int(configuration.maxWait.totalSeconds * 1000))"
        }
        return text
    }
}

/// The medians of several runs of one load level.
struct LoadSummary {
    var requests: Int
    var errors: Int
    var requestsPerSecond: Double
    var p50: Double
    var p99: Double
    /// Median over the runs of requests/s divided by the floor of the run's round.
    var floorRatio: Double
    var firstError: String?

    init(_ runs: [ServerLoad.Result], floors: [Double]) {
        func median(_ value: (ServerLoad.Result) -> Double) -> Double { Stopwatch.median(runs.map(value)) }
        requests = runs.reduce(0) { $0 + $1.requests }
        errors = runs.reduce(0) { $0 + $1.errors }
        requestsPerSecond = median(\.requestsPerSecond)
        p50 = median { $0.percentile(0.5) }
        p99 = median { $0.percentile(0.99) }
        floorRatio = Stopwatch.median(zip(runs, floors).map { $0.requestsPerSecond / $1 })
        firstError = runs.compactMap(\.firstError).first
    }
}

/// One measurement of the bare-model floor (libtorch on a fixed tensor, no decoding, no queue):
/// single-image forwards at 1 and `threads` threads, and one single-thread forward per thread
/// side by side.
struct FloorSample {
    var msByThreads: [Int: Double] = [:]
    var sideBySideMs: Double?

    /// Images per second of the best batch-1 way to run the model here: one forward at a time
    /// at the best thread count, or single-thread forwards side by side (as the core benchmark's
    /// "floor at batch 1" counts it).
    var imagesPerSecond: Double {
        1000 / min(msByThreads.values.min() ?? .infinity, sideBySideMs ?? .infinity)
    }

    init(floor: ModelFloor, backend: any InferenceBackend, threads: Int) throws {
        for count in Set([1, threads]).sorted() {
            msByThreads[count] = try floor.msPerImage(backend: backend, batch: 1, threads: count)
        }
        if threads > 1 {
            sideBySideMs = try floor.msPerImageSideBySide(backend: backend, lanes: threads, threadsEach: 1)
        }
    }
}
