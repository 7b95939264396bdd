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

    /// Prints the best batch-1 and the best overall of labelled floor figures (ms/image) and
    /// returns the best overall.
    static func floorSummary(_ results: [(String, Double)]) -> (best: Double, label: String) {
        let best = results.min { $0.1 < $1.1 }!
        let batchOne = results.filter { $0.0.contains("batch 1,") }.min { $0.1 < $1.1 }!
        line("floor at batch 1 (best)", ms(batchOne.1) + "  [\(batchOne.0)]")
        line("floor (best of all)", ms(best.1) + "  [\(best.0)]")
        return (best.1, best.0)
    }
}
