import Hummingbird
import Inference
import NIOConcurrencyHelpers

/// The methods each path answers, filled once the router is built: a request for a known path
/// with another method gets `405 Method Not Allowed` and an `Allow` header instead of a 404.
final class RouteTable: Sendable {
    private let methods = NIOLockedValueBox<[String: [HTTPRequest.Method]]>([:])

    /// Records the router's routes.
    func record(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        methods.withLockedValue { table in
            for route in routes { table[route.path, default: []].append(route.method) }
        }
    }

    /// The methods `path` answers (empty for an unknown path); a `{parameter}` component of a
    /// route matches any one component.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return methods.withLockedValue { table in
            if let exact = table[path] { return exact }
            return table.filter { route, _ in
                let pattern = route.split(separator: "/", omittingEmptySubsequences: false)
                return pattern.count == components.count
                    && zip(pattern, components).allSatisfy { $0.hasPrefix("{") ? !$1.isEmpty : $0 == $1 }
            }.flatMap(\.value)
        }
    }
}
