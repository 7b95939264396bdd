/// The model's state.
enum ModelStatus: Sendable, Equatable {
    case loading(name: String)
    case ready(name: String, threads: Int)
    case failed(String)

    var isReady: Bool {
        if case .ready = self { return true }
        return false
    }
}

/// The in-process HTTP API's state.
enum ServerStatus: Sendable, Equatable {
    case stopped
    case starting(host: String, port: Int)
    case running(host: String, port: Int, requests: Int)
    case stopping
}

/// A folder being classified (`c`, or `C` with its subfolders).
struct BatchProgress: Sendable, Equatable {
    /// What a run covers.
    enum Scope: Sendable, Equatable {
        case folder
        case folderAndSubfolders

        /// "folder", "folder and subfolders".
        var name: String {
            switch self {
            case .folder: "folder"
            case .folderAndSubfolders: "folder and subfolders"
            }
        }
    }

    var scope: Scope
    var total: Int
    var done = 0
    var failed = 0
    var snakes = 0
    /// Images skipped because they were classified already.
    var cached: Int
    var isCancelling = false

    init(total: Int, cached: Int, scope: Scope = .folder) {
        self.scope = scope
        self.total = total
        self.cached = cached
    }

    /// Done as a fraction of the total, 0...1.
    var fraction: Double { total == 0 ? 1 : Double(done) / Double(total) }
}

/// A URL being downloaded (`u` or paste).
struct FetchProgress: Sendable, Equatable {
    var url: String
    var received: Int64 = 0
    /// 0 while the size is unknown.
    var expected: Int64 = 0

    init(url: String) {
        self.url = url
    }
}

/// A line of feedback shown above the status line until the next action.
struct Notice: Sendable, Equatable {
    var text: String
    var isError: Bool

    init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// What the preview and the prediction panel show.
enum Subject: Sendable, Equatable {
    case entry(DirectoryEntry)
    case url(String)

    /// The cache key; nil for a folder.
    var key: ItemKey? {
        switch self {
        case .entry(let entry): entry.itemKey
        case .url(let url): .url(url)
        }
    }
}
