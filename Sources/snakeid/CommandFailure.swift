import ArgumentParser
import FoundationEssentials
import Inference

/// How a command reports what went wrong, in one place: one line `snakeid: …` on stderr, and the
/// documented exit status (README: 1 when something failed, 2 for a usage error).
enum CommandFailure {
    /// Prints `snakeid: message` on stderr.
    static func report(_ message: String) {
        FileStream.standardError.write("snakeid: \(message)\n")
    }

    /// Reports `error` and returns the exit status to throw: 2 for a `ValidationError` (a usage
    /// error found once the command runs), 1 for anything else.
    static func exitCode(reporting error: any Error) -> ExitCode {
        report("\(error)")
        return error is ValidationError ? .validationFailure : .failure
    }
}
