import ArgumentParser
import FoundationEssentials
import Glibc
import Inference
import Logging
import Server
import TUI

/// `snakeid tui [DIR]`: the terminal UI (also what `snakeid` alone opens in a terminal).
struct UI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI: browse, preview, classify, review, serve the API.",
        discussion: "Press ? in the UI for every key. Needs a terminal on standard input and output."
    )

    @Argument(help: "The folder to open (default: the current folder).")
    var directory: String?

    @Option(
        help: ArgumentHelp(
            "How to draw the preview: \(TerminalUI.previewChoices.joined(separator: "|")) (default: $SNAKEID_PREVIEW, else auto: a real image in kitty, sixel and iTerm2 terminals, symbols elsewhere and inside tmux).",
            valueName: "mode"))
    var preview: String?

    @OptionGroup var modelOptions: ModelOptions

    /// The API the UI starts (`a`): the same options as `snakeid serve`.
    @OptionGroup(title: "The API started from the UI") var api: APIOptions

    func validate() throws {
        if let preview, !TerminalUI.previewChoices.contains(preview.lowercased()) {
            throw ValidationError(
                "--preview must be one of \(TerminalUI.previewChoices.joined(separator: ", ")), not \(preview)")
        }
        if let directory, !ImageFinder.isDirectory(directory) {
            throw ValidationError("not a folder: \(directory)")
        }
        if isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            throw ValidationError("the terminal UI needs a terminal; use 'snakeid classify' in scripts")
        }
    }

    /// The repository's `samples/` folder: in the current folder (`make run`), else beside the
    /// bundle's `models/` folder; nil when neither exists.
    static func samplesDirectory(bundle: String) -> String? {
        let root = PathName.parent(of: PathName.parent(of: bundle))
        return [FileManager.default.currentDirectoryPath + "/samples", (root.isEmpty ? "." : root) + "/samples"]
            .first(where: ImageFinder.isDirectory)
    }

    func run() async throws {
        let options = TerminalUI.Options(
            directory: directory ?? FileManager.default.currentDirectoryPath,
            bundleDirectory: modelOptions.bundleDirectory, configuration: modelOptions.configuration,
            logger: Logger.snakeid("snakeid.tui"), welcomesWhenEmpty: directory == nil, preview: preview,
            samplesDirectory: Self.samplesDirectory(bundle: modelOptions.bundleDirectory),
            server: try api.configuration(host: ServerConfiguration.defaultHost, port: ServerConfiguration.defaultPort))
        // The UI loop blocks its thread; keep it off the concurrency pool the model work uses.
        let status = await withCheckedContinuation { continuation in
            DedicatedThread.start(name: "snakeid-ui", stackSize: 8 << 20) {
                continuation.resume(returning: TerminalUI.run(options))
            }
        }
        // End the process here rather than return: a forward may still be running on the model's
        // threads, and exit()'s static destructors would pull libtorch out from under it.
        fflush(nil)
        _exit(status)
    }
}
