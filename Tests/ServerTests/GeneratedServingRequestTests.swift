import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// The generated hostile requests of ``GeneratedRequestTests`` on the serving surface: several
/// images per request, named models, reloads, API keys and CORS preflights, through a router
/// with keys, CORS and two (fake) models. Whatever the bytes, never a 5xx.
struct GeneratedServingRequestTests {
    static let key = "generated-key"

    @Test(arguments: GeneratedRequestTests.seeds)
    func servingRequestsNeverGet5xx(seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        let requests = try (0..<GeneratedRequestTests.iterations).map { _ in try Self.request(using: &generator) }
        var configuration = ServerConfiguration(port: 0)
        configuration.maxBodyBytes = 256 << 10
        configuration.maxImagesPerRequest = 4
        configuration.apiKeys = try APIKeySet(keys: [Self.key])
        configuration.corsOrigins = ["http://page.example"]
        try await FakeModels.withRouter(FakeModels.server(configuration: configuration)) { client in
            var statuses: [Int: Int] = [:]
            for (request, headers) in requests {
                var all = headers
                if let contentType = request.contentType { all[.contentType] = contentType }
                let response = try await client.executeRequest(
                    uri: request.uri, method: request.method, headers: all, body: ByteBuffer(bytes: request.body))
                statuses[response.status.code, default: 0] += 1
                #expect(
                    response.status.code < 500,
                    "seed \(seed): \(request) \(headers) answered \(response.status): \(String(buffer: response.body).prefix(200))"
                )
            }
            #expect(
                statuses[200, default: 0] > 0 && statuses[401, default: 0] > 0, "seed \(seed): statuses \(statuses)")
        }
    }

    /// One request on the new surface, with headers: mostly the right key, sometimes none or a
    /// wrong one; an Origin now and then.
    static func request(using generator: inout SeededGenerator) throws -> (GeneratedRequest, HTTPFields) {
        var headers: HTTPFields = [:]
        switch Int.random(in: 0..<8, using: &generator) {
        case 0: break
        case 1: headers[.authorization] = "Bearer " + RequestGenerator.randomText(using: &generator)
        case 2: headers[.authorization] = RequestGenerator.randomText(using: &generator)
        default: headers[.authorization] = "Bearer \(key)"
        }
        if Int.random(in: 0..<4, using: &generator) == 0 {
            headers[.origin] = ["http://page.example", "http://other.example", "null", ""].randomElement(
                using: &generator)!
        }
        let model = ["first", "second", RequestGenerator.randomToken(length: 4, using: &generator)]
            .randomElement(using: &generator)!
        let query = Bool.random(using: &generator) ? "?" + RequestGenerator.randomQuery(using: &generator) : ""
        let request: GeneratedRequest
        switch Int.random(in: 0..<7, using: &generator) {
        case 0, 1:
            var (body, boundary) = try RequestGenerator.multipartBody(using: &generator)
            if Bool.random(using: &generator) {
                // Several `file` parts, sometimes more than the limit.
                let files = (0..<Int.random(in: 2...6, using: &generator)).map { index in
                    ("\(index).png", RequestGenerator.images.randomElement(using: &generator)!)
                }
                body = Array(Requests.multipart(files: files).readableBytesView)
                if Bool.random(using: &generator) { RequestGenerator.mutate(&body, using: &generator) }
                request = GeneratedRequest(
                    method: .post,
                    uri: ["/v1/classify", "/v1/models/\(model)/classify"].randomElement(using: &generator)! + query,
                    contentType: "multipart/form-data; boundary=\(Requests.boundary)", body: body)
            } else {
                request = GeneratedRequest(
                    method: .post,
                    uri: "/v1/models/\(model)/" + ["classify", "explain"].randomElement(using: &generator)! + query,
                    contentType: RequestGenerator.contentType(boundary: boundary, using: &generator), body: body)
            }
        case 2:
            let count = Int.random(in: 0...6, using: &generator)
            let urls = (0..<count).map { "\"http://127.0.0.1:1/\($0).jpg\"" }.joined(separator: ", ")
            var body = Array(#"{"urls": [\#(urls)], "top": 2}"#.utf8)
            if Bool.random(using: &generator) { RequestGenerator.mutate(&body, using: &generator) }
            request = GeneratedRequest(
                method: .post, uri: "/v1/classify-url" + query, contentType: "application/json", body: body)
        case 3:
            let bodies = [
                "", "{}", #"{"model": "\#(model)"}"#, #"{"path": "/broken-\#(model)"}"#, #"{"path": ""}"#,
                #"{"model": 3}"#, "[]", "null",
            ]
            var body = Array(bodies.randomElement(using: &generator)!.utf8)
            if Bool.random(using: &generator) { RequestGenerator.mutate(&body, using: &generator) }
            request = GeneratedRequest(
                method: .post, uri: "/v1/model/reload" + query, contentType: "application/json", body: body)
        case 4:
            headers[.origin] = ["http://page.example", "http://other.example"].randomElement(using: &generator)!
            headers[.accessControlRequestMethod] = RequestGenerator.randomText(using: &generator)
            let path = ["/v1/classify", "/v1/models/\(model)/classify", "/nowhere", "/"].randomElement(
                using: &generator)!
            request = GeneratedRequest(method: .options, uri: path, contentType: nil, body: [])
        case 5:
            let path = ["/v1/models", "/v1/model", "/v1/models/\(model)", "/v1/models/\(model)/classify"]
                .randomElement(using: &generator)!
            request = GeneratedRequest(method: .get, uri: path + query, contentType: nil, body: [])
        default:
            var body = RequestGenerator.images.randomElement(using: &generator)!
            if Bool.random(using: &generator) { RequestGenerator.mutate(&body, using: &generator) }
            request = GeneratedRequest(
                method: .post, uri: "/v1/models/\(model)/classify" + query, contentType: "image/png", body: body)
        }
        return (request, headers)
    }
}
