import ArgumentParser

/// `--allow-private-urls` / `--no-allow-private-urls`, one flag for every command that fetches
/// URLs; each command has its own default (a local CLI allows them, a server refuses them).
struct PrivateURLOptions: ParsableArguments {
    @Flag(
        name: .customLong("allow-private-urls"), inversion: .prefixedNo,
        help: "Fetch URLs that resolve to loopback or private addresses (default: classify yes, serve no).")
    var allowPrivateURLs: Bool?

    /// The choice, or `defaultValue` when neither flag was given.
    func allows(default defaultValue: Bool) -> Bool {
        allowPrivateURLs ?? defaultValue
    }
}
