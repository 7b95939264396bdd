import ArgumentParser

/// `snakeid tui [DIR]` (being built for issue 4).
struct UI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Open the terminal UI.")
    func run() async throws {
        throw ValidationError("not built yet")
    }
}
