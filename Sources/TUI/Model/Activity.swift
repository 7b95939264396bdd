/// The model's state.
public enum ModelStatus: Sendable, Equatable {
    case loading(name: String)
    case ready(name: String, threads: Int)
    case failed(String)

    public var isReady: Bool {
        if case .ready = self { return true }
        return false
    }
}

/// The in-process HTTP API's state.
public enum ServerStatus: Sendable, Equatable {
    case stopped
    case starting(host: String, port: Int)
    case running(host: String, port: Int, requests: Int)
    case stopping
}

/// A folder being classified (`c`).
public struct BatchProgress: Sendable, Equatable {
    public var total: Int
    public var done = 0
    public var failed = 0
    public var snakes = 0
    /// Images skipped because they were classified already.
    public var cached: Int
    public var isCancelling = false

    public init(total: Int, cached: Int) {
        self.total = total
        self.cached = cached
    }

    /// Done as a fraction of the total, 0...1.
    public var fraction: Double { total == 0 ? 1 : Double(done) / Double(total) }
}

/// A URL being downloaded (`u` or paste).
public struct FetchProgress: Sendable, Equatable {
    public var url: String
    public var received: Int64 = 0
    /// 0 while the size is unknown.
    public var expected: Int64 = 0

    public init(url: String) {
        self.url = url
    }
}

/// A line of feedback shown above the status line until the next action.
public struct Notice: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// What the preview and the prediction panel show.
public enum Subject: Sendable, Equatable {
    case entry(DirectoryEntry)
    case url(String)

    /// The cache key; nil for a folder.
    public var key: ItemKey? {
        switch self {
        case .entry(let entry): entry.itemKey
        case .url(let url): .url(url)
        }
    }
}
