/// The paths that need no API key: the API's description always, the probes unless they are
/// protected. The key check and the OpenAPI document both read them here.
enum OpenPaths {
    static let probes: Set<String> = ["/healthz", "/readyz", "/metrics", "/v2/health/live", "/v2/health/ready"]
    static let documentation: Set<String> = ["/openapi.json"]

    /// Whether `path` needs no key, with the probes `probesProtected` or not.
    static func contains(_ path: String, probesProtected: Bool) -> Bool {
        documentation.contains(path) || (!probesProtected && probes.contains(path))
    }
}
