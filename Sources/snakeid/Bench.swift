import ArgumentParser

/// `snakeid bench` (filled in with the benchmark).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure the model floor and the pipeline.")
    func run() async throws {
        throw ValidationError("not built yet")
    }
}
