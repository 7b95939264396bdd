import ArgumentParser
import Foundation
import Inference

/// `snakeid-bench`: SnakeID's benchmarks, kept out of the shipped `snakeid` binary.
@main
struct SnakeIDBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snakeid-bench",
        abstract: "Measure SnakeID on this machine: the model floor, the pipeline and the HTTP API.",
        discussion: "Whole-process figures run the `snakeid` built beside this binary.",
        subcommands: [Bench.self, BenchServer.self, BenchTrain.self, BenchProfile.self, BenchPeers.self]
    )

    static func main() async {
        // As `snakeid` does, so that in-process figures match the shipped program.
        AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
