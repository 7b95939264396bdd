import FoundationEssentials
import Hummingbird

/// Builds `application/json` responses from `Encodable` values.
enum JSONResponse {
    /// `value` as a JSON response with `status`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // Only non-finite numbers can fail here; answer rather than crash.
            data = Data(#"{"error":{"code":"internal_error","message":"could not encode the response"}}"#.utf8)
            return raw(data, status: .internalServerError)
        }
        return raw(data, status: status)
    }

    /// Already encoded JSON as a response.
    static func raw(_ data: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
