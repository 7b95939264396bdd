import FoundationEssentials
import Glibc
import NIOCore

/// Why the HTTP API could not start listening, in words a user can act on: the one place that
/// turns a bind failure into "port 8008 is in use; choose another", for `snakeid serve` and
/// the terminal UI alike.
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// Another program listens on the port (EADDRINUSE).
        case portInUse
        /// The port needs privileges (EACCES: ports below 1024).
        case permissionDenied
        /// The host is not an address of this machine (EADDRNOTAVAIL).
        case addressUnavailable
        /// Anything else; `reason` says what.
        case other
    }

    public var kind: Kind
    public var host: String
    public var port: Int
    /// The underlying error's own words.
    public var reason: String

    /// Classifies `error`, thrown by ``APIServer/start()`` for `host`:`port`.
    public init(_ error: any Error, host: String, port: Int) {
        self.init(errno: (error as? IOError)?.errnoCode, reason: String(describing: error), host: host, port: port)
    }

    /// Classifies a failure by its `errno` (nil when it has none).
    init(errno: Int32?, reason: String, host: String, port: Int) {
        self.host = host
        self.port = port
        self.reason = reason
        switch errno {
        case EADDRINUSE: kind = .portInUse
        case EACCES: kind = .permissionDenied
        case EADDRNOTAVAIL: kind = .addressUnavailable
        default: kind = .other
        }
    }

    /// The message, with `option` named where choosing another port helps (`--port` for the
    /// command line).
    public func message(portOption option: String) -> String {
        switch kind {
        case .portInUse: "port \(port) is in use; choose another (\(option))"
        case .permissionDenied: "port \(port) needs administrator rights; choose one above 1023 (\(option))"
        case .addressUnavailable: "\(host) is not an address of this machine; use 127.0.0.1 or 0.0.0.0"
        case .other: "cannot listen on \(host):\(port): \(reason)"
        }
    }

    public var description: String { message(portOption: "--port") }
}
