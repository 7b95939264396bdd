import Hummingbird

/// An error the API answers with: an HTTP status, a stable machine-readable code and a message
/// for people, rendered as `{"error": {"code": …, "message": …}}` (or an HTML page for browsers).
///
/// Errors from the inference core (``Inference/InferenceError``) are turned into one by
/// `InferenceError+HTTPResponseError.swift`; this type covers what the HTTP layer itself refuses.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable snake_case code clients can switch on, e.g. `missing_parameter`.
    public var code: String
    /// What went wrong, for people.
    public var message: String
    /// Extra response headers (`Retry-After` on 503).
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// A required query parameter or JSON field is absent.
    static func missingParameter(_ name: String) -> APIError {
        APIError(.missingParameter, message: "the `\(name)` parameter is required")
    }

    /// A parameter is present but unusable.
    static func invalidParameter(_ name: String, _ reason: String) -> APIError {
        APIError(.invalidParameter, message: "`\(name)` \(reason)")
    }

    /// A multipart form lacks the `file` field, or it is empty.
    static func missingFile(_ field: String) -> APIError {
        APIError(
            .missingFile,
            message: "the multipart form has no non-empty `\(field)` field with the image")
    }

    /// The request body is empty where an image was expected.
    static let emptyBody = APIError(
        .emptyBody, message: "the request body is empty; send the image bytes")

    /// The body cannot be parsed (malformed multipart or JSON).
    static func malformedBody(_ reason: String) -> APIError {
        APIError(.malformedBody, message: reason)
    }

    /// The body is larger than the configured limit.
    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(
            .bodyTooLarge,
            message: "the request body is larger than the \(ByteCount(limit)) limit")
    }

    /// The body did not arrive in time; the connection is closed.
    static func bodyTimeout(_ timeout: Duration) -> APIError {
        APIError(
            .bodyTimeout,
            message: "the request body did not arrive within \(timeout.components.seconds) s",
            headers: [.connection: "close"])
    }

    /// No route matches the path and method.
    static func notFound(_ method: HTTPRequest.Method, _ path: String) -> APIError {
        APIError(.notFound, message: "no route for \(method) \(path)")
    }

    /// Something failed on the server's side; the details are in its log.
    static let unexpected = APIError(
        .internalError, message: "internal server error")

    /// The model did not answer the readiness check.
    static func notReady(_ reason: String) -> APIError {
        APIError(.notReady, message: reason)
    }
}

/// A byte count for messages: "10 MB", "512 KB", "100 bytes".
struct ByteCount: CustomStringConvertible {
    var bytes: Int
    init(_ bytes: Int) { self.bytes = bytes }

    var description: String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes) bytes"
    }
}
