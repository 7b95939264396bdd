import Hummingbird
import Synchronization

/// Whether the server is draining before it stops (`snakeid serve --drain-seconds`): readiness
/// answers 503 so that orchestrators stop sending, and every response says `Connection: close`
/// so that proxies keep no idle connection to it, yet requests are still served. When the
/// listener then closes, a proxy's next attempt is a refused connection, which it can retry
/// elsewhere even for a POST, instead of a request lost on a connection closed under it.
final class Draining: Sendable {
    private let flag = Atomic(false)

    var isDraining: Bool { flag.load(ordering: .acquiring) }

    func begin() { flag.store(true, ordering: .releasing) }
}

/// Adds `Connection: close` to every response while the server drains.
struct DrainingMiddleware<Context: RequestContext>: RouterMiddleware {
    let draining: Draining

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        if draining.isDraining { response.headers[.connection] = "close" }
        return response
    }
}
