/// Something to classify: a file or an http(s) URL.
public enum ImageSource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case url(String)

    /// The path or URL.
    public var description: String {
        switch self {
        case .file(let path): path
        case .url(let url): url
        }
    }
}
