import Hummingbird

/// CORS for the configured origins, with Hummingbird's `CORSMiddleware`: preflight `OPTIONS`
/// answered, `Access-Control-Allow-Origin` on every response to an allowed origin (`*` allows
/// any). Requests from other origins pass through untouched, so the browser refuses them.
struct CORSOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    private let origins: Set<String>
    private let cors: CORSMiddleware<Context>

    /// - Parameter origins: e.g. `["https://app.example.com"]`, or `["*"]`.
    init(origins: [String]) {
        self.origins = Set(origins)
        let exposed = ["Retry-After", "WWW-Authenticate", "Allow"]
        cors = CORSMiddleware(
            allowOrigin: self.origins.contains("*") ? .all : .originBased,
            allowHeaders: [.accept, .authorization, .contentType, .origin],
            allowMethods: [.get, .post, .head, .options], exposedHeaders: exposed, maxAge: .seconds(600))
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains("*") || origins.contains(origin) else {
            return try await next(request, context)
        }
        return try await cors.handle(request, context: context, next: next)
    }
}
