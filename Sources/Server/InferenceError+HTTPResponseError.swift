import Hummingbird
import Inference

/// How the inference core's errors reach HTTP clients: never a 500 for the client's mistake.
///
/// | kind | status |
/// | --- | --- |
/// | unsupportedFormat | 415 |
/// | corruptImage, imageTooLarge, downloadTooLarge | 422 |
/// | invalidURL, unresolvableHost, forbiddenAddress, unreadable | 400 |
/// | upstream | 502 |
/// | timeout | 504 |
/// | overloaded, cancelled | 503 with `Retry-After` |
/// | model (and any other) | 500 |
extension InferenceError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch kind {
        case .unsupportedFormat: .unsupportedMediaType
        case .corruptImage, .imageTooLarge, .downloadTooLarge: .unprocessableContent
        case .invalidURL, .unresolvableHost, .forbiddenAddress, .unreadable: .badRequest
        case .upstream: .badGateway
        case .timeout: .gatewayTimeout
        case .overloaded, .cancelled: .serviceUnavailable
        default: .internalServerError  // .model, and any kind added later
        }
    }

    /// The error as the API answers it: the kind is the code, the message says the source and why.
    public var apiError: APIError {
        let headers: HTTPFields = status == .serviceUnavailable ? [.retryAfter: "1"] : [:]
        var message = description
        if kind == .forbiddenAddress {
            message +=
                "; this server refuses private and loopback URLs (start it with --allow-private-urls for local use)"
        }
        return APIError(status: status, code: kind.rawValue, message: message, headers: headers)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorRenderer.response(for: apiError, request: request)
    }
}

extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorRenderer.response(for: self, request: request)
    }
}
