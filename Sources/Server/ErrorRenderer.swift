import Hummingbird
import Inference

/// Turns any error into the response the client gets: JSON `{"error": {"code", "message"}}`,
/// or an HTML page when a browser asked.
enum ErrorRenderer {
    /// The response for `error`, in the format `request` prefers.
    static func response(for error: APIError, request: Request) -> Response {
        var response =
            request.prefersHTML
            ? HTMLPage.response(HTMLPage.error(error), status: error.status)
            : JSONResponse.make(ErrorBody(error), status: error.status)
        response.headers.append(contentsOf: error.headers)
        return response
    }

    /// The API error for anything a handler threw; `nil` for errors the server did not expect.
    /// The one mapping from errors to answers, for a whole request and for each input of a
    /// batch alike (`request` is nil there).
    static func apiError(for error: any Error, request: Request?) -> APIError? {
        switch error {
        case let error as APIError: return error
        case let error as InferenceError: return error.apiError
        case let error as HTTPError where error.status == .notFound:
            guard let request else { return APIError(.notFound, message: error.body ?? "not found") }
            return .notFound(request.method, request.uri.path)
        case let error as any HTTPResponseError:
            // Hummingbird's own errors, e.g. a body over the limit while it is collected.
            if error.status == .contentTooLarge { return nil }
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return APIError(.framework(error.status), message: message)
        default: return nil
        }
    }
}

/// `{"error": {"code": …, "message": …}}`.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }
    var error: Detail

    init(_ error: APIError) {
        self.error = Detail(code: error.code, message: error.message)
    }
}
