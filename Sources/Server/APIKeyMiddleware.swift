import Hummingbird

/// Refuses requests without a valid `Authorization: Bearer KEY`: 401 with `WWW-Authenticate`,
/// counted in the metrics. The probes (`/healthz`, `/readyz`, `/metrics`) stay open unless
/// `protectProbes`, and so does `/openapi.json` (the API's description holds no secret).
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: APIKeySet
    let protectProbes: Bool
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if OpenPaths.contains(request.uri.path, probesProtected: protectProbes) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            metrics.recordRejection(reason: "missing_key")
            throw APIError.unauthorized(
                code: .missingAPIKey, message: "this server needs an API key: send `Authorization: Bearer KEY`",
                challenge: #"Bearer realm="snakeid""#)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            keys.accepts(parts[1].trimmingWhitespace())
        else {
            metrics.recordRejection(reason: "invalid_key")
            throw APIError.unauthorized(
                code: .invalidAPIKey, message: "the API key is not valid",
                challenge: #"Bearer realm="snakeid", error="invalid_token""#)
        }
        return try await next(request, context)
    }
}

extension APIError {
    /// No valid API key: 401 with the `WWW-Authenticate` challenge.
    static func unauthorized(code: APIErrorCode, message: String, challenge: String) -> APIError {
        APIError(code, message: message, headers: [.wwwAuthenticate: challenge])
    }
}
