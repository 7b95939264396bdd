import Foundation
import Hummingbird
import Inference
import NIOCore
import TestSupport
import Testing

@testable import Server

/// The pieces around the routes, without a model or a socket.
struct AcceptHeaderTests {
    @Test(arguments: [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true),  // browsers
        ("text/html", true),
        ("*/*", false),  // curl
        ("", false),
        ("application/json", false),
        ("application/json, text/html;q=0.5", false),
        ("text/*;q=0.9, application/json;q=0.2", true),
        ("text/html;q=0, */*", false),
    ])
    func prefersHTML(accept: String, html: Bool) {
        let header = AcceptHeader(accept)
        #expect((header.quality(of: "text/html") > header.quality(of: "application/json")) == html)
    }
}

struct MultipartFormTests {
    @Test func boundaryFromTheContentType() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary(contentType: #"Multipart/Form-Data; charset=utf-8; boundary="a b""#) == "a b")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == "")
        #expect(MultipartForm.boundary(contentType: "image/jpeg") == nil)
    }

    @Test func dispositionParameters() {
        let parameters = MultipartForm.parameters(of: #"form-data; name="file"; filename="a \"b\"; c.jpg""#)
        #expect(parameters["name"] == "file")
        #expect(parameters["filename"] == #"a "b"; c.jpg"#)
        #expect(MultipartForm.parameters(of: "form-data; name=plain")["name"] == "plain")
    }

    @Test func partsAndNames() throws {
        var body = ByteBuffer()
        body.writeString("--XYZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n")
        body.writeString("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n")
        body.writeString("Content-Type: image/png\r\n\r\n")
        body.writeBytes([0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF])  // CRLF-- inside the data
        body.writeString("\r\n--XYZ--\r\n")
        let form = try MultipartForm(parsing: body, boundary: "XYZ")
        #expect(form.parts.count == 2)
        let file = try #require(form.part(named: "file"))
        #expect(file.filename == "x.png")
        #expect(Array(file.body.readableBytesView) == [0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF])
        #expect(form.part(named: "missing") == nil)
    }

    @Test func malformedBodiesAreAPIErrors() {
        var body = ByteBuffer()
        body.writeString("--XYZ\r\nbad header line without colon\r\n\r\n")
        #expect(throws: APIError.self) { try MultipartForm(parsing: body, boundary: "XYZ") }
        #expect(throws: APIError.self) { try MultipartForm(parsing: body, boundary: "") }
    }
}

struct ErrorMappingTests {
    /// Every inference error kind answers the status README's table documents for its code.
    @Test(arguments: [
        InferenceError.Kind.unsupportedFormat, .corruptImage, .imageTooLarge, .downloadTooLarge, .invalidURL,
        .unresolvableHost, .forbiddenAddress, .unreadable, .upstream, .timeout, .overloaded, .cancelled, .model,
    ])
    func statusOfEveryKind(kind: InferenceError.Kind) throws {
        let status = try #require(DocumentedErrorCodes.statuses[kind.rawValue], "README documents no `\(kind)`")
        let error = InferenceError(kind, source: "http://x/y.jpg", reason: "why")
        #expect(error.status.code == status)
        #expect(error.apiError.code == kind.rawValue)
        #expect(error.apiError.message.hasPrefix("http://x/y.jpg: why"))
        #expect(error.apiError.message.contains("--allow-private-urls") == (kind == .forbiddenAddress))
        #expect((error.apiError.headers[.retryAfter] != nil) == (status == 503))
    }

    /// The registry and README's table list the same codes with the same statuses.
    @Test func registryIsTheDocumentedTable() throws {
        try #require(DocumentedErrorCodes.statuses.count >= 20, "README's error table was not found")
        #expect(Set(APIErrorCode.all.map(\.rawValue)).count == APIErrorCode.all.count, "a code is listed twice")
        let registry = Dictionary(
            APIErrorCode.all.map { ($0.rawValue, Int($0.status.code)) }, uniquingKeysWith: { first, _ in first })
        #expect(registry == DocumentedErrorCodes.statuses)
    }

    /// One input of a batch answers what the same error answers for a whole request (the batch
    /// turned anything but an API or inference error into a 500).
    @Test func batchInputsAnswerLikeWholeRequests() async throws {
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/v1/classify"),
            body: RequestBody(buffer: ByteBuffer()))
        let errors: [any Error & Sendable] = [
            HTTPError(.badRequest, message: "bad framing"), APIError.emptyBody,
            InferenceError(.corruptImage, source: "c.png", reason: "truncated"),
        ]
        let batch = BatchClassification(classifier: FakeClassifier.make(), model: "fake", topK: 1)
        let elements = await batch.run(sources: ["a.png", "b.png", "c.png"]) { position in throw errors[position] }
        try #require(elements.count == errors.count)
        for (element, error) in zip(elements, errors) {
            guard case .failure(let answered, _) = element else {
                Issue.record("\(error) was not answered as an error")
                continue
            }
            #expect(answered == ErrorRenderer.apiError(for: error, request: request), "\(error)")
            #expect(answered.status != .internalServerError, "\(error)")
        }
    }

    @Test func jsonErrorBody() throws {
        let request = Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/"),
            body: RequestBody(buffer: ByteBuffer()))
        let response = ErrorRenderer.response(for: .missingParameter("url"), request: request)
        #expect(response.status == .badRequest)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
    }

    @Test func htmlEscaping() {
        #expect(HTMLPage.escape(#"<a href="x">&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
        #expect(HTMLPage.percent(0.97345) == "97.3%")
        #expect(HTMLPage.percent(1) == "100.0%")
    }

    @Test func byteCounts() {
        #expect(ByteCount(10 << 20).description == "10 MB")
        #expect(ByteCount(512 << 10).description == "512 KB")
        #expect(ByteCount(1000).description == "1000 bytes")
    }
}
