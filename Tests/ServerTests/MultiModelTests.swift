import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// Several models in one server: listed, addressed by name, the first the default.
struct MultiModelTests {
    @Test func modelsAreListedTheDefaultFirst() async throws {
        try await FakeModels.withRouter(FakeModels.server()) { client in
            let list = try await client.execute(uri: "/v1/models", method: .get).jsonObject
            #expect(list["default"] as? String == "first")
            let models = try #require(list["models"] as? [[String: Any]])
            #expect(models.map { $0["name"] as? String } == ["first", "second"])
            #expect(models.allSatisfy { $0["bundle"] as? String == "fake" })
            #expect(try await client.execute(uri: "/v1/model", method: .get).jsonObject["name"] as? String == "first")
        }
    }

    @Test func eachModelAnswersItsOwnRouteAndTheFirstTheDefaultOnes() async throws {
        try await FakeModels.withRouter(FakeModels.server()) { client in
            let png = FakeModels.png
            func classify(_ path: String) async throws -> [String: Any] {
                let response = try await client.execute(
                    uri: path, method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: png))
                #expect(response.status == .ok, "\(path)")
                return try response.jsonObject
            }
            let first = try await classify("/v1/models/first/classify")
            let second = try await classify("/v1/models/second/classify")
            let byDefault = try await classify("/v1/classify")
            #expect(first["model"] as? String == "first")
            #expect(second["model"] as? String == "second")
            #expect(byDefault["model"] as? String == "first")
            // The fake models differ: the first says adder, the second grass snake.
            #expect(((first["top"] as? [[String: Any]])?.first)?["label"] as? String == "adder")
            #expect(((second["top"] as? [[String: Any]])?.first)?["label"] as? String == "grass snake")
            let upload = try await client.execute(
                uri: "/upload", method: .post, headers: Requests.multipartHeaders, body: Requests.multipart(bytes: png))
            #expect(String(buffer: upload.body).contains("adder"))
            let explained = try await client.execute(
                uri: "/v1/models/second/explain", method: .post, headers: [.contentType: "image/png"],
                body: ByteBuffer(bytes: png))
            #expect(explained.status == .ok)
        }
    }

    @Test func anUnknownModelIs404AndOtherMethodsAre405() async throws {
        try await FakeModels.withRouter(FakeModels.server()) { client in
            let unknown = try await client.execute(
                uri: "/v1/models/third/classify", method: .post, headers: [.contentType: "image/png"],
                body: ByteBuffer(bytes: FakeModels.png))
            #expect(unknown.status == .notFound)
            #expect(unknown.apiErrorCode == "unknown_model")
            let wrongMethod = try await client.execute(uri: "/v1/models/first/classify", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
        }
    }

    @Test func theDocumentListsTheModelNames() async throws {
        try await FakeModels.withRouter(FakeModels.server()) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get).jsonObject
            let parameters = (document["components"] as? [String: Any])?["parameters"] as? [String: Any]
            let schema = (parameters?["model"] as? [String: Any])?["schema"] as? [String: Any]
            #expect(schema?["enum"] as? [String] == ["first", "second"])
        }
    }
}
