import Foundation
import Inference
import NIOConcurrencyHelpers

/// The bare-model floor: model forwards on a fixed tensor, no decoding, no queue.
struct ModelFloor {
    let shape: (channels: Int, height: Int, width: Int)
    let repetitions: Int

    /// Median ms per image of `batch`-image forwards with `threads` intra-op threads (libtorch;
    /// OpenVINO fixes its threads when it compiles the model).
    func msPerImage(backend: any InferenceBackend, batch: Int, threads: Int) throws -> Double {
        let input = [Float](repeating: 0.1, count: batch * shape.channels * shape.height * shape.width)
        let run = {
            _ = try input.withUnsafeBufferPointer { buffer in
                try backend.forward(
                    buffer, batch: batch, channels: shape.channels, height: shape.height, width: shape.width,
                    threads: threads)
            }
        }
        try run()  // warm-up: the first forward specialises the graph
        try run()
        var samples: [Double] = []
        for _ in 0..<max(repetitions / batch, 3) {
            samples.append(try Stopwatch.milliseconds(run) / Double(batch))
        }
        return Stopwatch.median(samples)
    }

    /// Median ms per image when `lanes` threads each run single-image forwards side by side.
    func msPerImageSideBySide(backend: any InferenceBackend, lanes: Int, threadsEach: Int) throws -> Double {
        let perLane = max(repetitions / lanes, 4)
        let input = [Float](repeating: 0.1, count: shape.channels * shape.height * shape.width)
        // A failed forward would look fast: the first failure is kept and thrown afterwards.
        let failure = NIOLockedValueBox<(any Error)?>(nil)
        let forward = { @Sendable () in
            do {
                _ = try input.withUnsafeBufferPointer { buffer in
                    try backend.forward(
                        buffer, batch: 1, channels: shape.channels, height: shape.height, width: shape.width,
                        threads: threadsEach)
                }
            } catch {
                failure.withLockedValue { $0 = $0 ?? error }
            }
        }
        var samples: [Double] = []
        for _ in 0..<3 {
            let elapsed = Stopwatch.milliseconds {
                DispatchQueue.concurrentPerform(iterations: lanes) { _ in
                    forward()  // warm-up on this thread
                    for _ in 0..<perLane { forward() }
                }
            }
            if let error = failure.withLockedValue({ $0 }) { throw error }
            samples.append(elapsed / Double(lanes * (perLane + 1)))
        }
        return Stopwatch.median(samples)
    }
}
