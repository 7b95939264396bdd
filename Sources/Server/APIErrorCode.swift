import Hummingbird
import Inference

/// Every error code the API answers with, and its HTTP status: the one registry. README's
/// "Error codes" table documents it (a test holds the two equal) and every ``APIError`` is
/// made from one of these.
public struct APIErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// The stable snake_case code clients switch on, e.g. `missing_parameter`.
    public let rawValue: String
    /// The HTTP status it is answered with.
    public let status: HTTPResponse.Status

    private init(_ rawValue: String, _ status: HTTPResponse.Status) {
        self.rawValue = rawValue
        self.status = status
    }

    public var description: String { rawValue }

    /// Whether the answer says when to try again (`Retry-After: 1`): the 503s.
    public var retriesLater: Bool { status == .serviceUnavailable }

    // What the HTTP layer itself refuses.
    static let missingParameter = APIErrorCode("missing_parameter", .badRequest)
    static let invalidParameter = APIErrorCode("invalid_parameter", .badRequest)
    static let missingFile = APIErrorCode("missing_file", .badRequest)
    static let emptyBody = APIErrorCode("empty_body", .badRequest)
    static let malformedBody = APIErrorCode("malformed_body", .badRequest)
    static let tooManyImages = APIErrorCode("too_many_images", .badRequest)
    static let missingAPIKey = APIErrorCode("missing_api_key", .unauthorized)
    static let invalidAPIKey = APIErrorCode("invalid_api_key", .unauthorized)
    static let notFound = APIErrorCode("not_found", .notFound)
    static let unknownModel = APIErrorCode("unknown_model", .notFound)
    static let methodNotAllowed = APIErrorCode("method_not_allowed", .methodNotAllowed)
    static let bodyTimeout = APIErrorCode("body_timeout", .requestTimeout)
    static let reloadInProgress = APIErrorCode("reload_in_progress", .conflict)
    static let bodyTooLarge = APIErrorCode("body_too_large", .contentTooLarge)
    static let reloadFailed = APIErrorCode("reload_failed", .unprocessableContent)
    static let internalError = APIErrorCode("internal_error", .internalServerError)
    static let notReady = APIErrorCode("not_ready", .serviceUnavailable)

    /// The inference core's errors: the kind is the code. Never a 500 for the client's mistake.
    static let inference: [InferenceError.Kind: APIErrorCode] = {
        let statuses: [(InferenceError.Kind, HTTPResponse.Status)] = [
            (.unsupportedFormat, .unsupportedMediaType),
            (.corruptImage, .unprocessableContent), (.imageTooLarge, .unprocessableContent),
            (.downloadTooLarge, .unprocessableContent),
            (.invalidURL, .badRequest), (.unresolvableHost, .badRequest), (.forbiddenAddress, .badRequest),
            (.unreadable, .badRequest),
            (.upstream, .badGateway), (.timeout, .gatewayTimeout),
            (.overloaded, .serviceUnavailable), (.cancelled, .serviceUnavailable),
            (.model, .internalServerError),
        ]
        return Dictionary(uniqueKeysWithValues: statuses.map { ($0, APIErrorCode($0.rawValue, $1)) })
    }()

    /// The code of an inference error's kind (a kind added later without an entry: a 500).
    static func of(_ kind: InferenceError.Kind) -> APIErrorCode {
        inference[kind] ?? APIErrorCode(kind.rawValue, .internalServerError)
    }

    /// A Hummingbird error's status as a code (`bad_request`, …): the statuses that the
    /// framework answers itself, outside this registry's named codes.
    static func framework(_ status: HTTPResponse.Status) -> APIErrorCode {
        APIErrorCode(status.reasonPhrase.lowercased().split(separator: " ").joined(separator: "_"), status)
    }

    /// Every named code, each once.
    public static let all: [APIErrorCode] =
        [
            missingParameter, invalidParameter, missingFile, emptyBody, malformedBody, tooManyImages,
            missingAPIKey, invalidAPIKey, notFound, unknownModel, methodNotAllowed, bodyTimeout,
            reloadInProgress, bodyTooLarge, reloadFailed, internalError, notReady,
        ] + inference.values.sorted { $0.rawValue < $1.rawValue }
}

extension APIError {
    /// An error with `code`'s status (and `Retry-After: 1` when it retries later).
    init(_ code: APIErrorCode, message: String, headers: HTTPFields = [:]) {
        var headers = headers
        if code.retriesLater, headers[.retryAfter] == nil { headers[.retryAfter] = "1" }
        self.init(status: code.status, code: code.rawValue, message: message, headers: headers)
    }
}
