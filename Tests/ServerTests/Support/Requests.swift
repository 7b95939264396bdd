import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// Request bodies and response helpers for the tests.
enum Requests {
    static let boundary = "----snakeid-test-boundary"

    /// A multipart form body with one file field.
    static func multipart(field: String = "file", filename: String = "photo.jpg", bytes: [UInt8]) -> ByteBuffer {
        var body = ByteBuffer()
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return body
    }

    static let multipartHeaders: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]

    /// What a browser sends in `Accept`.
    static let browserHeaders: HTTPFields = [
        .accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    ]

    /// Percent-encodes a query value.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}

/// A response of either test client: over loopback (`TestClient.Response`) or in process
/// (`TestResponse`).
protocol TestAnswer {
    /// The body as text.
    var text: String { get }
}

extension TestAnswer {
    /// The body parsed as a JSON object.
    var json: [String: Any] {
        get throws {
            let data = Data(text.utf8)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(text)")
            }
            return object
        }
    }

    /// `error.code` of a JSON error body.
    var errorCode: String? {
        ((try? json)?["error"] as? [String: Any])?["code"] as? String
    }
}

extension TestClient.Response: TestAnswer {
    var text: String { body.map { String(buffer: $0) } ?? "" }
}

extension TestResponse: TestAnswer {
    var text: String { String(buffer: body) }
}

/// The loopback client's shorthands, for the in-process client too.
extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .get, headers: headers, body: nil)
    }

    func post(_ uri: String, headers: HTTPFields = [:], body: ByteBuffer) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .post, headers: headers, body: body)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
