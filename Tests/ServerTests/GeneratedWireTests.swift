import Foundation
import TestSupport
import Testing

@testable import Server

/// Generated hostile bytes on a real socket (the fake model, loopback): what the in-process
/// client cannot send — broken chunked encodings, bad request lines and header bytes, wrong
/// lengths, pipelined and HTTP/1.0 requests. Every answer is a 4xx or better, or a close; the
/// server keeps answering afterwards.
struct GeneratedWireTests {
    static let iterations =
        ProcessInfo.processInfo.environment["SNAKEID_FUZZ_WIRE_ITERATIONS"].flatMap(Int.init) ?? 250

    @Test(arguments: [UInt64(0x5EED_0002), UInt64.random(in: 1...UInt64.max)])
    func mutatedRequestStreamsNeverGet5xx(seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        let streams = (0..<Self.iterations).map { _ in WireGenerator.stream(using: &generator) }
        var configuration = ServerConfiguration(port: 0)
        configuration.maxBodyBytes = 256 << 10
        configuration.bodyTimeout = .seconds(2)
        try await withServer(configuration, classifier: FakeClassifier.make()) { _, server in
            let port = try #require(server.address).port
            var answered = 0
            for stream in streams {
                let reply = try await offThePool {
                    let connection = try RawHTTPConnection(port: port, receiveTimeoutSeconds: 5)
                    connection.send(stream)
                    connection.finishSending()
                    return connection.readToEnd().bytes
                }
                let statuses = WireGenerator.statuses(in: reply)
                answered += statuses.count
                #expect(
                    statuses.allSatisfy { $0 < 500 },
                    "seed \(seed): \(statuses) for \(String(decoding: stream.prefix(300), as: UTF8.self).debugDescription)"
                )
            }
            #expect(answered > Self.iterations / 2, "seed \(seed): only \(answered) answers")
            // Still serving.
            let health = try await offThePool {
                let connection = try RawHTTPConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                return connection.readHead()
            }
            #expect(health?.hasPrefix("HTTP/1.1 200") == true)
        }
    }

    /// The report's reproduction: a malformed chunk size was answered 500.
    @Test func aMalformedChunkSizeIs400() async throws {
        try await withServer(classifier: FakeClassifier.make()) { _, server in
            let port = try #require(server.address).port
            for path in ["/v1/classify", "/upload", "/v1/classify-url"] {
                let head = try await offThePool {
                    let connection = try RawHTTPConnection(port: port)
                    connection.send(
                        "POST \(path) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                            + "zz\r\nhello\r\n0\r\n\r\n")
                    return connection.readHead()
                }
                #expect(head?.hasPrefix("HTTP/1.1 400") == true, "\(path): \(head ?? "no answer")")
            }
        }
    }

    /// An HTTP/1.0 request without keep-alive is answered and the connection closed at once
    /// (it was held for the 75 s idle timeout).
    @Test func http10ConnectionsCloseAfterTheResponse() async throws {
        try await withServer(classifier: FakeClassifier.make()) { _, server in
            let port = try #require(server.address).port
            // The read times out after 30 s if the server keeps the connection open.
            let reply = try await offThePool {
                let connection = try RawHTTPConnection(port: port, receiveTimeoutSeconds: 30)
                connection.send("GET /healthz HTTP/1.0\r\n\r\n")
                return connection.readToEnd()
            }
            #expect(String(decoding: reply.bytes, as: UTF8.self).contains("200 OK"))
            #expect(reply.closed, "the server kept the HTTP/1.0 connection open")
        }
    }

    /// A body dripping in slower than the deadline is cut off with 408.
    @Test func aDrippingBodyGets408() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.bodyTimeout = .seconds(1)
        try await withServer(configuration, classifier: FakeClassifier.make()) { _, server in
            let port = try #require(server.address).port
            let head = try await offThePool {
                // 30 s, as for HTTP/1.0 above: with the whole suite on 2 cores the server's
                // 1 s deadline can fire 10 s late (one run read nothing in 10 s; alone: 1.1 s).
                let connection = try RawHTTPConnection(port: port, receiveTimeoutSeconds: 30)
                connection.send("POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab")
                return connection.readHead()
            }
            #expect(head?.hasPrefix("HTTP/1.1 408") == true, "\(head ?? "no answer")")
        }
    }
}

/// Request byte streams for the wire tests.
enum WireGenerator {
    static func stream(using generator: inout SeededGenerator) -> [UInt8] {
        let image = RequestGenerator.images.randomElement(using: &generator)!
        var bytes: [UInt8]
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:  // chunked, with odd chunk sizes and extensions
            bytes = Array("POST /v1/classify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            var rest = image[...]
            while !rest.isEmpty {
                let size = min(rest.count, Int.random(in: 1...400, using: &generator))
                let header = [String(size, radix: 16), String(size, radix: 16).uppercased() + ";ext=1", "0x\(size)"]
                    .randomElement(using: &generator)!
                bytes += Array("\(header)\r\n".utf8) + rest.prefix(size) + Array("\r\n".utf8)
                rest = rest.dropFirst(size)
            }
            bytes += Array("0\r\n\r\n".utf8)
        case 1:  // a multipart upload
            let (body, boundary) = (try? RequestGenerator.multipartBody(using: &generator)) ?? ([], "x")
            bytes =
                Array(
                    "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.count)\r\n\r\n"
                        .utf8) + body
        case 2:  // a length that disagrees with the body
            let declared = image.count + Int.random(in: -50...50, using: &generator)
            bytes = Array("POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: \(declared)\r\n\r\n".utf8) + image
        case 3:  // pipelined requests, the first HTTP/1.0
            bytes = Array(
                "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /v1/model HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        case 4:  // random header lines
            bytes = Array("GET /classify-url?url=x HTTP/1.1\r\nHost: x\r\n".utf8)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes += RequestGenerator.randomHeaderLine(using: &generator)
            }
            bytes += Array("\r\n".utf8)
        default:  // a JSON URL request
            let body = Array(#"{"url": "ftp://127.0.0.1/x.jpg"}"#.utf8)
            bytes =
                Array(
                    "POST /v1/classify-url HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
                        .utf8) + body
        }
        if Int.random(in: 0..<3, using: &generator) > 0 { RequestGenerator.mutate(&bytes, using: &generator) }
        return bytes
    }

    /// The status codes of every response in `reply`.
    static func statuses(in reply: [UInt8]) -> [Int] {
        let text = String(decoding: reply, as: UTF8.self)
        return text.components(separatedBy: "HTTP/1.1 ").dropFirst().compactMap { Int($0.prefix(3)) }
    }
}
