import ArgumentParser
import Inference
import Server

/// How the HTTP API answers, whoever starts it: `snakeid serve`, and the terminal UI's API
/// (`s` in the UI). The one place these options become a ``ServerConfiguration``.
struct APIOptions: ParsableArguments {
    @OptionGroup var privateURLs: PrivateURLOptions

    @Option(name: .customLong("max-body-mb"), help: "Largest request body in MB (413 beyond).")
    var maxBodyMB = ServerConfiguration.defaultMaxBodyBytes >> 20

    @Option(name: .customLong("max-images"), help: "Most images one request may send (file parts or urls).")
    var maxImages = 16

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp(
            "Let pages from ORIGIN (e.g. https://app.example.com, or * for any) call the API from a browser; repeatable.",
            valueName: "ORIGIN"))
    var corsOrigins: [String] = []

    @Option(
        name: .customLong("api-keys-file"),
        help: ArgumentHelp(
            "Require `Authorization: Bearer KEY` with a key from FILE (one per line). Default: $SNAKEID_API_KEYS, else no key.",
            valueName: "FILE"))
    var apiKeysFile: String?

    @Flag(name: .customLong("protect-probes"), help: "Ask for the API key on /healthz, /readyz and /metrics too.")
    var protectProbes = false

    func validate() throws {
        if !(1...1024).contains(maxBodyMB) { throw ValidationError("--max-body-mb must be between 1 and 1024") }
        if !(1...256).contains(maxImages) { throw ValidationError("--max-images must be between 1 and 256") }
        for origin in corsOrigins where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://"))
        {
            throw ValidationError("--cors-origin must be * or an origin such as https://app.example.com, not \(origin)")
        }
        if protectProbes, apiKeysFile == nil, !APIKeySet.environmentHasKeys {
            throw ValidationError(
                "--protect-probes needs API keys (--api-keys-file or $\(APIKeySet.environmentVariable))")
        }
    }

    /// The server's configuration on `host`:`port`, with the API keys read now
    /// (`--api-keys-file`, else `$SNAKEID_API_KEYS`, else none); a server refuses private URLs
    /// unless told otherwise.
    /// - Throws: `CommandFailure`'s exit code, the reason printed, when the keys cannot be read.
    func configuration(host: String, port: Int) throws -> ServerConfiguration {
        var configuration = ServerConfiguration(
            host: host, port: port, maxBodyBytes: maxBodyMB << 20, allowPrivateURLs: privateURLs.allows(default: false))
        do {
            configuration.apiKeys =
                try apiKeysFile.map { try APIKeySet(contentsOf: $0) } ?? APIKeySet.fromEnvironment()
        } catch {
            throw CommandFailure.exitCode(reporting: error)
        }
        configuration.protectProbes = protectProbes
        configuration.corsOrigins = corsOrigins
        configuration.maxImagesPerRequest = maxImages
        return configuration
    }
}
