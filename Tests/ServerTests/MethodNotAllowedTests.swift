import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// A known path with another method is a 405 with `Allow`, an unknown path a 404 (in process,
/// the fake model).
struct MethodNotAllowedTests {
    @Test(arguments: [
        ("/healthz", HTTPRequest.Method.delete, "GET"), ("/v1/classify", .get, "POST"), ("/upload", .put, "POST"),
        ("/v1/explain", .patch, "POST"), ("/openapi.json", .post, "GET"),
    ])
    func knownPathsAnswer405WithAllow(path: String, method: HTTPRequest.Method, allowed: String) async throws {
        try await withFakeRouter { client in
            let response = try await client.executeRequest(uri: path, method: method, headers: [:], body: nil)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allowed)
            #expect(String(buffer: response.body).contains("method_not_allowed"))
        }
    }

    @Test func unknownPathsAre404() async throws {
        try await withFakeRouter { client in
            let response = try await client.executeRequest(uri: "/nope", method: .get, headers: [:], body: nil)
            #expect(response.status == .notFound)
        }
    }

    /// `top` is documented up to the model's label count (the fake model has 4).
    @Test func theDocumentedTopMaximumIsTheLabelCount() async throws {
        try await withFakeRouter { client in
            let response = try await client.executeRequest(uri: "/openapi.json", method: .get, headers: [:], body: nil)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
            let parameters = (document["components"] as? [String: Any])?["parameters"] as? [String: Any]
            let top = (parameters?["top"] as? [String: Any])?["schema"] as? [String: Any]
            #expect(top?["maximum"] as? Int == 4)
            let tooMany = try await client.executeRequest(
                uri: "/v1/classify?top=5", method: .post, headers: [:], body: ByteBuffer(bytes: ExplainRouteTests.image)
            )
            #expect(tooMany.status == .badRequest)
        }
    }
}
