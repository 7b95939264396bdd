import ArgumentParser
import FoundationEssentials
import Glibc
import Inference

/// `snakeid`: is it a snake, which one, and is it venomous?
@main
struct SnakeID: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snakeid",
        abstract: "Tell whether a photo shows a snake, which species, and whether it is venomous.",
        discussion: "Never handle a snake on the strength of this tool's answer.",
        version: "0.1.0",
        subcommands: [UI.self, Classify.self, Explain.self, Serve.self, Train.self]
    )

    /// Usage errors exit with 2 (not ArgumentParser's 64), failures with 1. With no arguments in
    /// a terminal, opens the UI; otherwise prints help.
    static func main() async {
        // Before any model code allocates: keep forward buffers mapped between images.
        AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
        do {
            let opensUI = CommandLine.arguments.count == 1 && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            var command = try parseAsRoot(opensUI ? ["tui"] : nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileStream.standardError.write(fullMessage(for: error) + "\n")
                Glibc.exit(2)
            }
            if code == .success { exit(withError: error) }  // --help, --version: printed on stdout
            let message = fullMessage(for: error)
            if !message.isEmpty { FileStream.standardError.write(message + "\n") }
            Glibc.exit(code.rawValue)
        }
        // A normal exit: each command has freed its model (`Classifier.finish()`), so no
        // model thread runs while the static destructors do (docs/release-grade.md).
    }
}
