import ArgumentParser

/// `snakeid serve` (being built for issue 3).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the HTTP API.")
    func run() async throws {
        throw ValidationError("not built yet")
    }
}
