import Hummingbird
import Logging

/// Answers every error thrown below it, so that no client ever sees an empty 500: API and
/// inference errors keep their status and code, anything unexpected is logged and answered
/// `500 internal_error`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The body limit, for the 413 message when Hummingbird stops collecting a body.
    let maxBodyBytes: Int
    /// The router's routes, to answer 405 for a known path with another method.
    let routes: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let error = error as? HTTPError, error.status == .notFound {
                let allowed = routes.methods(for: request.uri.path)
                if !allowed.isEmpty {
                    let methods = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                    let notAllowed = APIError(
                        .methodNotAllowed,
                        message: "\(request.uri.path) answers \(methods), not \(request.method)",
                        headers: [.allow: methods])
                    return ErrorRenderer.response(for: notAllowed, request: request)
                }
            }
            if let apiError = ErrorRenderer.apiError(for: error, request: request) {
                return ErrorRenderer.response(for: apiError, request: request)
            }
            if let error = error as? any HTTPResponseError, error.status == .contentTooLarge {
                return ErrorRenderer.response(for: .bodyTooLarge(limit: maxBodyBytes), request: request)
            }
            context.logger.error(
                "unexpected error", metadata: ["http.path": "\(request.uri.path)", "error": "\(error)"])
            return ErrorRenderer.response(for: .unexpected, request: request)
        }
    }
}
