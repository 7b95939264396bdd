import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// API keys: 401 with `WWW-Authenticate` without a valid `Authorization: Bearer KEY`, probes
/// open unless protected, rejections counted.
struct APIKeyTests {
    static let key = "k-0123456789abcdef"

    static func configuration(protectProbes: Bool = false) throws -> ServerConfiguration {
        var configuration = ServerConfiguration(port: 0)
        configuration.apiKeys = try APIKeySet(keys: ["other-key", key])
        configuration.protectProbes = protectProbes
        return configuration
    }

    @Test func missingAndWrongKeysAre401WithAChallenge() async throws {
        try await withFakeRouter(try Self.configuration()) { client in
            let image = FakeModels.png
            for headers: HTTPFields in [
                [:], [.authorization: "Bearer wrong"], [.authorization: "Basic \(Self.key)"],
                [.authorization: "Bearer \(Self.key)x"], [.authorization: "Bearer"],
            ] {
                var all = headers
                all[.contentType] = "image/png"
                let response = try await client.execute(
                    uri: "/v1/classify", method: .post, headers: all, body: ByteBuffer(bytes: image))
                #expect(response.status == .unauthorized, "\(headers)")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(response.apiErrorCode == "missing_api_key" || response.apiErrorCode == "invalid_api_key")
            }
            let good = try await client.execute(
                uri: "/v1/classify", method: .post,
                headers: [.authorization: "Bearer \(Self.key)", .contentType: "image/png"],
                body: ByteBuffer(bytes: image))
            #expect(good.status == .ok)
            // Unknown routes too: no key, no hint of what exists.
            let unknown = try await client.execute(uri: "/v1/secret", method: .get)
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func probesAndTheDocumentStayOpenAndRejectionsAreCounted() async throws {
        try await withFakeRouter(try Self.configuration()) { client in
            for path in ["/healthz", "/readyz", "/metrics", "/openapi.json"] {
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }
            _ = try await client.execute(uri: "/v1/model", method: .get)
            _ = try await client.execute(uri: "/v1/model", method: .get, headers: [.authorization: "Bearer nope"])
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"snakeid_http_rejected_requests_total{reason="missing_key"} 1"#))
            #expect(text.contains(#"snakeid_http_rejected_requests_total{reason="invalid_key"} 1"#))
        }
    }

    @Test func protectedProbesNeedTheKey() async throws {
        try await withFakeRouter(try Self.configuration(protectProbes: true)) { client in
            for path in ["/healthz", "/readyz", "/metrics"] {
                #expect(try await client.execute(uri: path, method: .get).status == .unauthorized, "\(path)")
                let authorized = try await client.execute(
                    uri: path, method: .get, headers: [.authorization: "Bearer \(Self.key)"])
                #expect(authorized.status == .ok, "\(path)")
            }
        }
    }

    @Test func theDocumentDeclaresTheSchemeWhenKeysAreOn() async throws {
        try await withFakeRouter(try Self.configuration()) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get).jsonObject
            let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
            #expect(schemes?["apiKey"] != nil)
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            let classify = try #require(paths["/v1/classify"]?["post"])
            #expect((classify["responses"] as? [String: Any])?["401"] != nil)
            #expect((paths["/healthz"]?["get"]?["security"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func keySetsReadFilesAndTheEnvironment() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-keys-\(UUID().uuidString)")
        try "# deploy keys\n alpha \n\nbeta\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let keys = try APIKeySet(contentsOf: file.path)
        #expect(keys.count == 2)
        #expect(keys.accepts("alpha") && keys.accepts("beta"))
        #expect(!keys.accepts("# deploy keys") && !keys.accepts("alph") && !keys.accepts(""))
        #expect(throws: APIKeysError.self) { try APIKeySet(contentsOf: "/nonexistent/keys") }
        #expect(throws: APIKeysError.self) { try APIKeySet(keys: ["  ", ""]) }
        let fromEnvironment = try APIKeySet.fromEnvironment(["SNAKEID_API_KEYS": "one, two three"])
        #expect(fromEnvironment?.count == 3)
        #expect(try APIKeySet.fromEnvironment([:]) == nil)
    }
}
