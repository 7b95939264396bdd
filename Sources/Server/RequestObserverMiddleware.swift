import Hummingbird
import Inference
import Logging
import Synchronization

/// The outermost middleware: counts every request, records its metrics, and logs one line per
/// request: method, path, status and milliseconds.
struct RequestObserverMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let counter: RequestCounter
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        metrics.requestStarted()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ErrorMiddleware answers everything; this is only a safety net.
            let apiError = ErrorRenderer.apiError(for: error, request: request) ?? .unexpected
            response = ErrorRenderer.response(for: apiError, request: request)
        }
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        metrics.requestFinished(route: route, method: request.method, status: response.status, duration: elapsed)
        counter.increment()
        let milliseconds = elapsed.totalSeconds * 1000
        logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(Self.format(milliseconds)) ms")
        return response
    }

    private static func format(_ milliseconds: Double) -> String {
        let tenths = Int((milliseconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// Requests answered so far, shared by the middleware and ``APIServer/requestCount``.
final class RequestCounter: Sendable {
    private let value = Atomic(0)
    var count: Int { value.load(ordering: .relaxed) }
    func increment() { value.add(1, ordering: .relaxed) }
}
