import Foundation
import Inference

/// Process start to first prediction: `snakeid classify IMAGE --format jsonl` as a new process.
struct ColdStartBenchmark {
    /// The `snakeid` program.
    let executable: String
    let image: String
    let engine: Engine

    func run() throws {
        BenchReport.heading("cold start (new process → first prediction printed)")
        guard FileManager.default.fileExists(atPath: image) else {
            print("  skipped: \(image) not found")
            return
        }
        var helpSamples: [Double] = []
        var classifySamples: [Double] = []
        for _ in 0..<5 {
            helpSamples.append(try Self.time(executable, ["--help"]))
            classifySamples.append(
                try Self.time(executable, ["classify", "--engine", engine.rawValue, "--format", "jsonl", image]))
        }
        BenchReport.line("snakeid --help", BenchReport.ms(Stopwatch.median(helpSamples)))
        BenchReport.line("snakeid classify one photo (start → exit)", BenchReport.ms(Stopwatch.median(classifySamples)))
    }

    static func time(_ executable: String, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try Stopwatch.milliseconds {
            try process.run()
            process.waitUntilExit()
        }
    }
}
