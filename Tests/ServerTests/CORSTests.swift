import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// CORS through the router in process (fake model): off by default, preflight and headers for
/// the configured origins only.
struct CORSTests {
    static let origin = "http://127.0.0.1:9999"

    static func configuration(_ origins: [String]) -> ServerConfiguration {
        var configuration = ServerConfiguration(port: 0)
        configuration.corsOrigins = origins
        return configuration
    }

    static let preflight: HTTPFields = [
        .origin: origin, .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type",
    ]

    @Test func offByDefault() async throws {
        try await withFakeRouter { client in
            let response = try await client.execute(uri: "/v1/model", method: .get, headers: [.origin: Self.origin])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.execute(uri: "/v1/classify", method: .options, headers: Self.preflight)
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            #expect(preflight.status == .methodNotAllowed)
        }
    }

    @Test func preflightAndResponsesCarryTheHeadersForAnAllowedOrigin() async throws {
        try await withFakeRouter(Self.configuration(["https://other.example", Self.origin])) { client in
            let preflight = try await client.execute(uri: "/v1/classify", method: .options, headers: Self.preflight)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.origin)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)
            let image = FakeModels.png
            let answer = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.origin: Self.origin, .contentType: "image/png"],
                body: ByteBuffer(bytes: image))
            #expect(answer.status == .ok)
            #expect(answer.headers[.accessControlAllowOrigin] == Self.origin)
            // Errors too, so that a page can read why.
            let error = try await client.execute(uri: "/v1/nothing", method: .get, headers: [.origin: Self.origin])
            #expect(error.status == .notFound)
            #expect(error.headers[.accessControlAllowOrigin] == Self.origin)
        }
    }

    @Test func anotherOriginGetsNoHeaders() async throws {
        try await withFakeRouter(Self.configuration([Self.origin])) { client in
            let response = try await client.execute(
                uri: "/healthz", method: .get, headers: [.origin: "http://evil.example"])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func starAllowsAnyOrigin() async throws {
        try await withFakeRouter(Self.configuration(["*"])) { client in
            let response = try await client.execute(
                uri: "/healthz", method: .get, headers: [.origin: "http://anywhere.example"])
            #expect(response.headers[.accessControlAllowOrigin] == "*")
        }
    }
}
