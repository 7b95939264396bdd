/// Where SnakeID keeps what it writes for the user: `$XDG_DATA_HOME/snakeid`, by default
/// `~/.local/share/snakeid` (an `XDG_DATA_HOME` that is not absolute is ignored, as the XDG
/// base directory specification says). Label files, saved bundles and review exports live there.
public enum DataFolder {
    /// `$XDG_DATA_HOME/snakeid` for `environment`, with `home` standing for `~`.
    public static func path(environment: [String: String], home: String) -> String {
        let data = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/share"
        return data + "/snakeid"
    }
}
