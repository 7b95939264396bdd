import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// `POST /v1/explain` through the router in process, on the fake model.
struct ExplainRouteTests {
    static var image: [UInt8] { RequestGenerator.images[0] }

    @Test func answersTheMapAsJSON() async throws {
        try await withFakeRouter { client in
            let response = try await client.executeRequest(
                uri: "/v1/explain", method: .post, headers: [:], body: ByteBuffer(bytes: Self.image))
            #expect(response.status == .ok)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(json["target"] as? String == "snake")  // the fake model says "adder"
            let crop = try #require(json["crop"] as? [String: Int])
            #expect(Set(crop.keys) == ["x", "y", "width", "height"])
            #expect(crop["width"]! > 0 && crop["height"]! > 0)
            let grid = try #require(json["grid"] as? [String: Any])
            #expect(grid["rows"] as? Int == 7 && grid["columns"] as? Int == 7)
            let values = try #require(grid["values"] as? [[Double]])
            #expect(values.count == 7 && values.allSatisfy { $0.count == 7 })
            #expect(json["forwards"] as? Int == 50)
        }
    }

    @Test func answersTheOverlayAsPNG() async throws {
        try await withFakeRouter { client in
            let form = Requests.multipart(filename: "a.jpg", bytes: Self.image)
            let response = try await client.executeRequest(
                uri: "/v1/explain?format=png", method: .post, headers: Requests.multipartHeaders, body: form)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/png")
            #expect(Array(response.body.readableBytesView.prefix(8)) == PNGBytes.signature)
        }
    }

    @Test func badInputIsA4xx() async throws {
        try await withFakeRouter { client in
            let format = try await client.executeRequest(
                uri: "/v1/explain?format=gif", method: .post, headers: [:], body: ByteBuffer(bytes: Self.image))
            #expect(format.status == .badRequest)
            let corrupt = try await client.executeRequest(
                uri: "/v1/explain", method: .post, headers: [:], body: ByteBuffer(bytes: Array(Self.image.prefix(40))))
            #expect(corrupt.status == .unprocessableContent)
            let empty = try await client.executeRequest(
                uri: "/v1/explain", method: .post, headers: [:], body: ByteBuffer())
            #expect(empty.status == .badRequest)
        }
    }
}
