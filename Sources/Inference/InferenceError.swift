/// An error from the inference pipeline, carrying the source (file path or URL) and the reason.
///
/// The kind tells front ends how to report it: the CLI prints one line, the HTTP API maps it to
/// a status code (see `InferenceError.Kind`), the UI shows it in the prediction panel.
public struct InferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of where.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The bytes are not an image format SnakeID recognises (or it is an unsupported one).
        case unsupportedFormat = "unsupported_format"
        /// The image is truncated or malformed.
        case corruptImage = "corrupt_image"
        /// The declared image size exceeds the pixel cap.
        case imageTooLarge = "image_too_large"
        /// The file could not be read.
        case unreadable
        /// The URL is malformed or uses a scheme other than http/https.
        case invalidURL = "invalid_url"
        /// The URL's host name does not resolve: the user's input, not a failing remote server.
        case unresolvableHost = "unresolvable_host"
        /// The URL resolves to an address that fetching refuses (loopback, private, ...).
        case forbiddenAddress = "forbidden_address"
        /// The download exceeds the byte cap.
        case downloadTooLarge = "download_too_large"
        /// The remote server did not answer in time.
        case timeout
        /// The remote server answered with an error or the transfer failed.
        case upstream
        /// The model bundle is missing or invalid, or libtorch failed.
        case model
        /// The operation was cancelled.
        case cancelled
        /// Too much work is queued; try again shortly.
        case overloaded
    }

    /// What went wrong.
    public var kind: Kind
    /// The file path or URL the error is about (empty when there is none).
    public var source: String
    /// A human-readable reason, without the source.
    public var reason: String

    public init(_ kind: Kind, source: String = "", reason: String) {
        self.kind = kind
        self.source = source
        self.reason = reason
    }

    /// `source: reason`, or just the reason when there is no source.
    public var description: String {
        source.isEmpty ? reason : "\(source): \(reason)"
    }

    /// The same error attributed to another source.
    public func with(source: String) -> InferenceError {
        InferenceError(kind, source: source, reason: reason)
    }
}
