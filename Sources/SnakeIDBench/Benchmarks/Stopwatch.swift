import Foundation
import Inference

/// Timing helpers for the benchmarks: medians of repeated runs, in milliseconds.
enum Stopwatch {
    /// Milliseconds `body` takes.
    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let started = ContinuousClock.now
        try body()
        return (ContinuousClock.now - started).totalSeconds * 1000
    }

    /// Milliseconds an async `body` takes.
    static func asyncMilliseconds(_ body: () async throws -> Void) async rethrows -> Double {
        let started = ContinuousClock.now
        try await body()
        return (ContinuousClock.now - started).totalSeconds * 1000
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Benchmark output: aligned lines on stdout.
enum BenchReport {
    static func heading(_ text: String) {
        print("\n== \(text)")
    }

    static func line(_ label: String, _ value: String) {
        print("  " + label.padding(toLength: 52, withPad: " ", startingAt: 0) + value)
    }

    static func ms(_ value: Double) -> String {
        String(format: "%7.2f ms", value)
    }

    /// Prints the best batch-1 and the best overall of the floor figures and returns the best
    /// overall.
    static func floorSummary(_ results: [FloorResult]) -> FloorResult {
        let best = results.min { $0.ms < $1.ms }!
        if let batchOne = results.filter({ $0.batch == 1 }).min(by: { $0.ms < $1.ms }) {
            line("floor at batch 1 (best)", ms(batchOne.ms) + "  [\(batchOne.label)]")
        }
        line("floor (best of all)", ms(best.ms) + "  [\(best.label)]")
        return best
    }
}

/// One way of running the bare model, measured: milliseconds per image at a batch size.
struct FloorResult {
    var label: String
    var batch: Int
    var ms: Double
}
