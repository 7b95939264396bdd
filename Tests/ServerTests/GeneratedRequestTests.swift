import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// Generated hostile requests through the router in process (Hummingbird's test client, the
/// fake model: no socket, no model file). Whatever the bytes, the answer is never a 5xx and the
/// process never traps.
///
/// Each test runs a fixed seed and a random one; a failure names the seed, the request and the
/// answer. `SNAKEID_FUZZ_ITERATIONS` sets the number of requests per seed (default 1500).
struct GeneratedRequestTests {
    static let iterations = ProcessInfo.processInfo.environment["SNAKEID_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1500
    static let seeds: [UInt64] = [0x5EED_0001, UInt64.random(in: 1...UInt64.max)]

    @Test(arguments: seeds)
    func mutatedMultipartBodiesNeverGet5xx(seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        var requests: [GeneratedRequest] = []
        for _ in 0..<Self.iterations {
            let (body, boundary) = try RequestGenerator.multipartBody(using: &generator)
            let path = ["/upload", "/v1/classify"].randomElement(using: &generator)!
            let contentType = RequestGenerator.contentType(boundary: boundary, using: &generator)
            requests.append(GeneratedRequest(method: .post, uri: path, contentType: contentType, body: body))
        }
        try await Self.expectNo5xx(requests, seed: seed)
    }

    @Test(arguments: seeds)
    func randomQueriesHeadersAndBodiesNeverGet5xx(seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        var requests: [GeneratedRequest] = []
        for _ in 0..<Self.iterations {
            requests.append(try RequestGenerator.anyRequest(using: &generator))
        }
        try await Self.expectNo5xx(requests, seed: seed)
    }

    /// The request from the report that killed the server: a part header byte ≥ 0x80.
    @Test func aNonASCIIPartHeaderByteIsA400() async throws {
        let body: [UInt8] = Array("--X\r\n".utf8) + [0xF1, 0xAA] + Array(": 1\r\n\r\nabc\r\n--X--\r\n".utf8)
        let request = GeneratedRequest(
            method: .post, uri: "/upload", contentType: "multipart/form-data; boundary=X", body: body)
        try await Self.withRouter { client in
            let response = try await request.send(with: client)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("malformed_body"))
        }
    }

    /// Every one of 256 byte values in a header name, a header value and the boundary.
    @Test func everyByteInEveryPlaceOfAPartHeader() async throws {
        try await Self.withRouter { client in
            for byte in UInt8.min...UInt8.max {
                for (before, after) in [
                    ("--X\r\nA", "B: 1\r\n\r\nabc\r\n--X--\r\n"), ("--X\r\nA: ", "\r\n\r\nabc\r\n--X--\r\n"),
                ] {
                    let body = Array(before.utf8) + [byte] + Array(after.utf8)
                    let request = GeneratedRequest(
                        method: .post, uri: "/v1/classify", contentType: "multipart/form-data; boundary=X", body: body)
                    let response = try await request.send(with: client)
                    #expect(response.status.code < 500, "byte \(byte): \(response.status)")
                }
            }
        }
    }

    static func expectNo5xx(_ requests: [GeneratedRequest], seed: UInt64) async throws {
        #expect(requests.count == iterations)
        try await withRouter { client in
            var statuses: [Int: Int] = [:]
            for request in requests {
                let response = try await request.send(with: client)
                statuses[response.status.code, default: 0] += 1
                #expect(
                    response.status.code < 500,
                    "seed \(seed): \(request) answered \(response.status): \(String(buffer: response.body).prefix(200))"
                )
            }
            // The generators must reach past the first checks: some requests are classified.
            #expect(statuses[200, default: 0] > 0, "seed \(seed): statuses \(statuses)")
        }
    }

    /// The fake router with a small body limit, so that big generated bodies meet it.
    static func withRouter(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.maxBodyBytes = 256 << 10
        try await withFakeRouter(configuration, test)
    }
}

/// One generated request.
struct GeneratedRequest: CustomStringConvertible, Sendable {
    var method: HTTPRequest.Method
    var uri: String
    var contentType: String?
    var body: [UInt8]

    func send(with client: any TestClientProtocol) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        return try await client.executeRequest(
            uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: body))
    }

    var description: String {
        let shown = body.prefix(120).map {
            $0 >= 32 && $0 < 127 ? String(UnicodeScalar($0)) : "\\x\(String($0, radix: 16))"
        }
        return "\(method) \(uri) [\(contentType ?? "no content type")] \(body.count) bytes: \(shown.joined())"
    }
}
