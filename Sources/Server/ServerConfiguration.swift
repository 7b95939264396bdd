import Inference

/// Settings of the HTTP API.
///
/// ```swift
/// var configuration = ServerConfiguration(port: 0)  // 0: the kernel picks a free port
/// configuration.allowPrivateURLs = true            // local use only
/// ```
public struct ServerConfiguration: Sendable {
    /// The address served when none is given: this machine only.
    public static let defaultHost = "127.0.0.1"
    /// The port served when none is given (the Cougar-or-Not server's).
    public static let defaultPort = 8008
    /// The largest request body by default.
    public static let defaultMaxBodyBytes = 10 << 20
    /// `defaultHost:defaultPort`, as prompts show it.
    public static var defaultAddress: String { "\(defaultHost):\(defaultPort)" }

    /// The address to listen on ("127.0.0.1" for this machine only, "0.0.0.0" for every interface).
    public var host: String
    /// The TCP port; 0 picks a free one (``APIServer/start()`` returns it).
    public var port: Int
    /// Largest accepted request body; larger ones are answered 413.
    public var maxBodyBytes: Int
    /// How long a request body may take to arrive in full (408 after that).
    public var bodyTimeout: Duration
    /// Let `/classify-url` fetch loopback/private addresses (off by default: SSRF guard).
    public var allowPrivateURLs: Bool
    /// Labels returned when a request does not say `top`.
    public var defaultTopK: Int
    /// How long one `/classify-url` download may take, redirects included (504 after that).
    public var fetchTimeout: Duration
    /// Largest image `/classify-url` downloads.
    public var maxDownloadBytes: Int
    /// Origins whose pages may call the API from a browser (CORS); `*` for any. Empty: CORS off.
    public var corsOrigins: [String] = []
    /// The keys requests must carry (`Authorization: Bearer KEY`); nil: no key needed.
    public var apiKeys: APIKeySet?
    /// Ask for a key on `/healthz`, `/readyz` and `/metrics` too (they are open otherwise).
    public var protectProbes = false
    /// Most images one request may send (several `file` parts, or `urls`).
    public var maxImagesPerRequest = 16

    public init(
        host: String = ServerConfiguration.defaultHost, port: Int = ServerConfiguration.defaultPort,
        maxBodyBytes: Int = ServerConfiguration.defaultMaxBodyBytes, bodyTimeout: Duration = .seconds(30),
        allowPrivateURLs: Bool = false,
        defaultTopK: Int = 5, fetchTimeout: Duration = .seconds(30), maxDownloadBytes: Int = 20 << 20
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.bodyTimeout = bodyTimeout
        self.allowPrivateURLs = allowPrivateURLs
        self.defaultTopK = defaultTopK
        self.fetchTimeout = fetchTimeout
        self.maxDownloadBytes = maxDownloadBytes
    }

    /// The download limits `/classify-url` applies.
    var fetchLimits: URLFetcher.Limits {
        URLFetcher.Limits(
            maxBytes: maxDownloadBytes, connectTimeout: min(.seconds(5), fetchTimeout), totalTimeout: fetchTimeout,
            maxRedirects: 5, allowPrivateAddresses: allowPrivateURLs)
    }
}
