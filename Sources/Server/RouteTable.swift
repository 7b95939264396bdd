import Hummingbird
import Synchronization

/// The methods each path answers, filled once the router is built: a request for a known path
/// with another method gets `405 Method Not Allowed` and an `Allow` header instead of a 404.
final class RouteTable: Sendable {
    private let methods = Mutex<[String: [HTTPRequest.Method]]>([:])

    /// Records the router's routes.
    func record(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        methods.withLock { table in
            for route in routes { table[route.path, default: []].append(route.method) }
        }
    }

    /// The methods `path` answers (empty for an unknown path).
    func methods(for path: String) -> [HTTPRequest.Method] {
        methods.withLock { $0[path] ?? [] }
    }
}
