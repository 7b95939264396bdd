import Hummingbird
import Inference

/// How the inference core's errors reach HTTP clients: the kind's entry in ``APIErrorCode``.
extension InferenceError: HTTPResponseError {
    public var status: HTTPResponse.Status { APIErrorCode.of(kind).status }

    /// The error as the API answers it: the kind is the code, the message says the source and why.
    public var apiError: APIError {
        var message = description
        if kind == .forbiddenAddress {
            message +=
                "; this server refuses private and loopback URLs (start it with --allow-private-urls for local use)"
        }
        return APIError(APIErrorCode.of(kind), message: message)
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
