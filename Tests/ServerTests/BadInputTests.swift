import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// Every file of `../shared/images/corrupt` and `formats` uploaded, through the router in
/// process on the fake model (decoding is real; no model file needed).
@Suite(.enabled(if: TestPaths.hasShared, "needs ../shared"))
struct SharedCorpusUploadTests {
    /// The answer expected for each file of `../shared/images/corrupt`.
    static let corrupt: [String: (status: HTTPResponse.Status, code: String)] = [
        "bad_crc.png": (.unprocessableContent, "corrupt_image"),
        "bomb_100000x100000.png": (.unprocessableContent, "image_too_large"),
        "empty.jpg": (.badRequest, "empty_body"),
        "huge_dims.jpg": (.unprocessableContent, "image_too_large"),
        "random_bytes.jpg": (.unsupportedMediaType, "unsupported_format"),
        "text.png": (.unsupportedMediaType, "unsupported_format"),
        "truncated.jpg": (.unprocessableContent, "corrupt_image"),
    ]

    @Test func everyCorruptFileIsKnown() {
        let names = TestPaths.sharedFiles("images/corrupt").map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(Set(names) == Set(Self.corrupt.keys))
    }

    @Test(arguments: TestPaths.sharedFiles("images/corrupt"))
    func corruptFilesGetTheRight4xx(path: String) async throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let expected = try #require(Self.corrupt[name])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        try await withFakeRouter { client in
            let raw = try await client.post("/v1/classify", body: ByteBuffer(bytes: bytes))
            #expect(raw.status == expected.status, "\(name): \(raw.text)")
            #expect(raw.errorCode == expected.code, "\(name): \(raw.text)")
            let multipartCode = expected.code == "empty_body" ? "missing_file" : expected.code
            let form = try await client.post(
                "/upload", headers: Requests.multipartHeaders, body: Requests.multipart(filename: name, bytes: bytes))
            #expect(form.status == expected.status, "\(name): \(form.text)")
            #expect(form.errorCode == multipartCode, "\(name): \(form.text)")
        }
    }

    @Test func theFormatsFolderIsThere() {
        #expect(!TestPaths.sharedFiles("images/formats").isEmpty)
    }

    @Test(arguments: TestPaths.sharedFiles("images/formats"))
    func formats(path: String) async throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        try await withFakeRouter { client in
            let response = try await client.post("/v1/classify", body: ByteBuffer(bytes: bytes))
            if name.hasSuffix(".gif") || name.hasSuffix(".bmp") {
                #expect(response.status == .unsupportedMediaType)
                #expect(response.errorCode == "unsupported_format")
                #expect(response.text.contains(name.hasSuffix(".gif") ? "GIF" : "BMP"))
            } else {
                #expect(response.status == .ok, "\(name): \(response.text)")
                #expect(try response.json["verdict"] as? String == "snake", "\(name)")  // the fake's "adder"
            }
        }
    }
}

/// The client's mistakes get the right 4xx, never a 500 (in process, the fake model).
struct BadInputTests {

    @Test func oversizedBodiesGet413() async throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 1 << 20
        try await withFakeRouter(configuration) { client in
            let big = ByteBuffer(repeating: 0xFF, count: (1 << 20) + 1)
            let raw = try await client.post("/v1/classify", body: big)
            #expect(raw.status == .contentTooLarge)
            #expect(raw.errorCode == "body_too_large")
            #expect(raw.text.contains("1 MB"))
            let form = try await client.post("/upload", headers: Requests.multipartHeaders, body: big)
            #expect(form.status == .contentTooLarge)
        }
    }

    @Test func theDefaultLimitIs10MB() async throws {
        try await withFakeRouter { client in
            let big = ByteBuffer(repeating: 0xFF, count: (10 << 20) + 1)
            let response = try await client.post("/v1/classify", body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("10 MB"))
        }
    }

    @Test func missingFieldsAndParameters() async throws {
        try await withFakeRouter { client in
            let photo = ServerFixture.syntheticPhoto
            let wrongField = try await client.post(
                "/upload", headers: Requests.multipartHeaders, body: Requests.multipart(field: "image", bytes: photo))
            #expect(wrongField.status == .badRequest)
            #expect(wrongField.errorCode == "missing_file")
            let notMultipart = try await client.post("/upload", body: ByteBuffer(bytes: photo))
            #expect(notMultipart.status == .badRequest)
            #expect(notMultipart.errorCode == "missing_file")
            let empty = try await client.post("/v1/classify", body: ByteBuffer())
            #expect(empty.status == .badRequest)
            #expect(empty.errorCode == "empty_body")
            let noURL = try await client.get("/classify-url")
            #expect(noURL.status == .badRequest)
            #expect(noURL.errorCode == "missing_parameter")
            let noJSONURL = try await client.post("/v1/classify-url", body: ByteBuffer(string: "{}"))
            #expect(noJSONURL.errorCode == "missing_parameter")
            let notJSON = try await client.post("/v1/classify-url", body: ByteBuffer(string: "url=x"))
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.errorCode == "malformed_body")
            let badMultipart = try await client.post(
                "/upload", headers: [.contentType: "multipart/form-data"], body: ByteBuffer(bytes: photo))
            #expect(badMultipart.status == .badRequest)
        }
    }

    @Test func browsersGetErrorsAsHTML() async throws {
        try await withFakeRouter { client in
            var headers = Requests.multipartHeaders
            headers.append(contentsOf: Requests.browserHeaders)
            let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 64)
            let response = try await client.post(
                "/upload", headers: headers, body: Requests.multipart(filename: "<b>cobra</b>.gif", bytes: gif))
            #expect(response.status == .unsupportedMediaType)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains("unsupported image format: GIF"))
            #expect(response.text.contains("&lt;b&gt;cobra&lt;/b&gt;.gif"))
            #expect(!response.text.contains("<b>cobra</b>"))
        }
    }
}

/// Bodies that the test client cannot send: `Expect: 100-continue` and chunked uploads (over
/// loopback, on the fake model).
struct StreamedBodyTests {
    @Test func expectContinueIsAnsweredRightAway() async throws {
        let photo = ServerFixture.syntheticPhoto
        try await withServer(classifier: FakeClassifier.make()) { _, server in
            let port = try #require(server.address).port
            let (interim, final) = try await offThePool {
                let connection = try RawHTTPConnection(port: port)
                connection.send(
                    "POST /v1/classify HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                        + "Content-Length: \(photo.count)\r\n\r\n")
                let interim = connection.readHead()
                connection.send(photo)
                return (interim, connection.readHead())
            }
            #expect(interim?.hasPrefix("HTTP/1.1 100") == true)
            #expect(final?.hasPrefix("HTTP/1.1 200") == true)
        }
    }

    @Test func expectContinueOverTheLimitGets413WithoutTheBody() async throws {
        try await withServer(classifier: FakeClassifier.make()) { _, server in
            let port = try #require(server.address).port
            let head = try await offThePool {
                let connection = try RawHTTPConnection(port: port)
                connection.send(
                    "POST /v1/classify HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                        + "Content-Length: \(20 << 20)\r\n\r\n")
                return connection.readHead()
            }
            #expect(head?.hasPrefix("HTTP/1.1 413") == true)
        }
    }

    @Test func chunkedBodiesOverTheLimitGet413() async throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 64 << 10
        try await withServer(configuration, classifier: FakeClassifier.make()) { _, server in
            let port = try #require(server.address).port
            let head = try await offThePool {
                let connection = try RawHTTPConnection(port: port)
                connection.send("POST /v1/classify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = [UInt8](repeating: 0xFF, count: 16 << 10)
                for _ in 0..<5 {
                    // The server may answer 413 and stop reading before the last chunk.
                    guard connection.send(Array("4000\r\n".utf8) + chunk + Array("\r\n".utf8)) else { break }
                }
                connection.send("0\r\n\r\n")
                return connection.readHead()
            }
            #expect(head?.hasPrefix("HTTP/1.1 413") == true, "\(head ?? "no answer")")
        }
    }

    @Test func theConnectionIsUsableAfterA413() async throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 1 << 20
        try await withServer(configuration, classifier: FakeClassifier.make()) { client, _ in
            let big = ByteBuffer(repeating: 0xFF, count: (1 << 20) + 1)
            let refused = try await client.post("/v1/classify", body: big)
            #expect(refused.status == .contentTooLarge)
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
        }
    }
}
