/// The bytes of a downloaded resource.
public struct FetchedResource: Sendable {
    /// The response body, decompressed when the server used a content encoding.
    public var bytes: [UInt8]
    /// The `Content-Type` of the final response, when the server sent one.
    public var contentType: String?
    /// The URL the bytes came from, after redirects.
    public var finalURL: String
    /// The HTTP status of the final response.
    public var httpStatus: Int

    public init(bytes: [UInt8], contentType: String?, finalURL: String, httpStatus: Int) {
        self.bytes = bytes
        self.contentType = contentType
        self.finalURL = finalURL
        self.httpStatus = httpStatus
    }
}
