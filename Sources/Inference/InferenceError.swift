/// An error from the inference pipeline, carrying the source (file path or URL) and the reason.
///
/// The kind tells front ends how to report it: the CLI prints one line, the HTTP API maps it to
/// a status code (see `InferenceError.Kind`), the UI shows it in the prediction panel.
public struct InferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of where; `rawValue` is its code (e.g. `corrupt_image`).
    ///
    /// A struct rather than an enum, so that a new kind does not break clients' `switch`es
    /// (they need a `default`).
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        private enum Value: String {
            case unsupportedFormat = "unsupported_format"
            case corruptImage = "corrupt_image"
            case imageTooLarge = "image_too_large"
            case unreadable
            case invalidURL = "invalid_url"
            case unresolvableHost = "unresolvable_host"
            case forbiddenAddress = "forbidden_address"
            case downloadTooLarge = "download_too_large"
            case timeout
            case upstream
            case model
            case cancelled
            case overloaded
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The kind whose code is `rawValue`, or nil for an unknown code.
        public init?(rawValue: String) {
            guard let value = Value(rawValue: rawValue) else { return nil }
            self.value = value
        }

        /// The kind's code, e.g. `corrupt_image`.
        public var rawValue: String { value.rawValue }

        public var description: String { rawValue }

        /// The bytes are not an image format SnakeID recognises (or it is an unsupported one).
        public static var unsupportedFormat: Kind { Kind(.unsupportedFormat) }

        /// The image is truncated or malformed.
        public static var corruptImage: Kind { Kind(.corruptImage) }

        /// The declared image size exceeds the pixel cap.
        public static var imageTooLarge: Kind { Kind(.imageTooLarge) }

        /// The file could not be read.
        public static var unreadable: Kind { Kind(.unreadable) }

        /// The URL is malformed or uses a scheme other than http/https.
        public static var invalidURL: Kind { Kind(.invalidURL) }

        /// The URL's host name does not resolve: the user's input, not a failing remote server.
        public static var unresolvableHost: Kind { Kind(.unresolvableHost) }

        /// The URL resolves to an address that fetching refuses (loopback, private, ...).
        public static var forbiddenAddress: Kind { Kind(.forbiddenAddress) }

        /// The download exceeds the byte cap.
        public static var downloadTooLarge: Kind { Kind(.downloadTooLarge) }

        /// The remote server did not answer in time.
        public static var timeout: Kind { Kind(.timeout) }

        /// The remote server answered with an error or the transfer failed.
        public static var upstream: Kind { Kind(.upstream) }

        /// The model bundle is missing or invalid, or libtorch failed.
        public static var model: Kind { Kind(.model) }

        /// The operation was cancelled.
        public static var cancelled: Kind { Kind(.cancelled) }

        /// Too much work is queued; try again shortly.
        public static var overloaded: Kind { Kind(.overloaded) }
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
