import Dispatch
import FoundationEssentials
import Glibc

/// SIGHUP, delivered to a handler instead of ending the process (`serve` reloads its models).
final class ReloadSignal {
    private let source: any DispatchSourceSignal

    /// Calls `handler` on every SIGHUP until the object goes away.
    init(_ handler: @escaping @Sendable () -> Void) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
    }

    deinit {
        source.cancel()
    }
}
