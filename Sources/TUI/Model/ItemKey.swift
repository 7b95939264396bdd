/// Identifies one classified thing: a file at a given modification time, or a URL. Results and
/// previews are cached under it, so an edited file is classified again.
enum ItemKey: Hashable, Sendable {
    case file(path: String, modified: Double)
    case url(String)

    /// The path or URL.
    var source: String {
        switch self {
        case .file(let path, _): path
        case .url(let url): url
        }
    }

    /// The last path component, or the URL itself.
    var displayName: String {
        switch self {
        case .file(let path, _): path.split(separator: "/").last.map(String.init) ?? path
        case .url(let url): url
        }
    }

    var isURL: Bool {
        if case .url = self { return true }
        return false
    }
}
