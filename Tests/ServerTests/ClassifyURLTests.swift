import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// `/classify-url` and `/v1/classify-url` against a local server serving `../shared/images`;
/// no other address is ever contacted.
@Suite(.enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"))
struct ClassifyURLTests {
    static let privateAllowed = ServerConfiguration(allowPrivateURLs: true)

    /// Runs `body` with a static server for `../shared/images`, stopped afterwards.
    private func withImages(_ body: (StaticImageServer) async throws -> Void) async throws {
        let images = try await StaticImageServer.start(root: TestPaths.shared + "/images")
        do {
            try await body(images)
            images.stop()
        } catch {
            images.stop()
            throw error
        }
    }

    @Test func fetchesAndClassifiesWhenPrivateURLsAreAllowed() async throws {
        try await withImages { images in
            let url = images.url("/" + ServerFixture.cobra)
            try await withServer(Self.privateAllowed) { client, _ in
                let compatible = try await client.get("/classify-url?url=\(Requests.query(url))&top=3")
                #expect(compatible.status == .ok, "\(compatible.text)")
                let predictions = try #require(try compatible.json["predictions"] as? [[Any]])
                #expect(predictions.count == 3)
                #expect(predictions.first?.first as? String == "Indian cobra")

                let body = ByteBuffer(string: #"{"url": "\#(url)"}"#)
                let v1 = try await client.post(
                    "/v1/classify-url", headers: [.contentType: "application/json"], body: body)
                #expect(v1.status == .ok, "\(v1.text)")
                #expect(try v1.json["source"] as? String == url)
                #expect(try v1.json["verdict"] as? String == "snake")
                let timings = try #require(try v1.json["timings"] as? [String: Any])
                #expect((timings["fetch_ms"] as? Double ?? 0) > 0)
            }
            #expect(images.requests.count == 2)
        }
    }

    @Test func browsersGetTheResultPage() async throws {
        try await withImages { images in
            try await withServer(Self.privateAllowed) { client, _ in
                let url = images.url("/" + ServerFixture.cobra)
                let response = try await client.get(
                    "/classify-url?url=\(Requests.query(url))", headers: Requests.browserHeaders)
                #expect(response.status == .ok)
                #expect(response.text.contains(#"<p class="verdict snake">SNAKE</p>"#))
            }
        }
    }

    @Test func refusesPrivateAddressesByDefault() async throws {
        try await withImages { images in
            try await withServer { client, _ in
                let url = images.url("/" + ServerFixture.cobra)
                let response = try await client.get("/classify-url?url=\(Requests.query(url))")
                #expect(response.status == .badRequest)
                #expect(response.errorCode == "forbidden_address")
                #expect(response.text.contains("--allow-private-urls"))
                #expect(response.text.contains("loopback or private address"))
                let v1 = try await client.post("/v1/classify-url", body: ByteBuffer(string: #"{"url": "\#(url)"}"#))
                #expect(v1.status == .badRequest)
                #expect(v1.errorCode == "forbidden_address")
            }
            #expect(images.requests.isEmpty)
        }
    }

    @Test func refusesARedirectToAPrivateAddress() async throws {
        try await withImages { images in
            // Every hop is the local server, so even a broken guard contacts nothing else.
            let target = "http://[::ffff:127.0.0.1]:\(images.port)/\(ServerFixture.cobra)"
            let redirect = images.url("/redirect?to=\(Requests.query(target))")
            try await withServer { client, _ in
                let response = try await client.get("/classify-url?url=\(Requests.query(redirect))")
                #expect(response.status == .badRequest)
                #expect(response.errorCode == "forbidden_address")
            }
            #expect(images.requests.isEmpty)
            // With private addresses allowed the same redirect is followed.
            try await withServer(Self.privateAllowed) { client, _ in
                let response = try await client.get("/classify-url?url=\(Requests.query(redirect))")
                #expect(response.status == .ok, "\(response.text)")
            }
            #expect(images.requests.count == 2)
        }
    }

    @Test func upstreamFailuresAre502AndNotImages415() async throws {
        try await withImages { images in
            try await withServer(Self.privateAllowed) { client, _ in
                let missing = try await client.get("/classify-url?url=\(Requests.query(images.url("/status/404")))")
                #expect(missing.status == .badGateway, "\(missing.text)")
                #expect(missing.errorCode == "upstream")
                let gif = try await client.get("/classify-url?url=\(Requests.query(images.url("/formats/cobra.gif")))")
                #expect(gif.status == .unsupportedMediaType)
                let corrupt = images.url("/corrupt/truncated.jpg")
                let truncated = try await client.get("/classify-url?url=\(Requests.query(corrupt))")
                #expect(truncated.status == .unprocessableContent)
            }
        }
    }

    @Test func slowUpstreamsAre504() async throws {
        try await withImages { images in
            var configuration = Self.privateAllowed
            configuration.fetchTimeout = .milliseconds(500)
            try await withServer(configuration) { client, _ in
                let slow = images.url("/slow?ms=3000&path=/\(ServerFixture.cobra)")
                let response = try await client.get("/classify-url?url=\(Requests.query(slow))")
                #expect(response.status == .gatewayTimeout, "\(response.text)")
                #expect(response.errorCode == "timeout")
            }
        }
    }
}

/// What `/classify-url` refuses before fetching anything (in process, the fake model).
struct ClassifyURLInputTests {
    @Test func invalidURLsAre400() async throws {
        try await withFakeRouter(ClassifyURLTests.privateAllowed) { client in
            for url in ["ftp://127.0.0.1/x.jpg", "file:///etc/passwd", "not a url"] {
                let response = try await client.get("/classify-url?url=\(Requests.query(url))")
                #expect(response.status == .badRequest, "\(url)")
                #expect(response.errorCode == "invalid_url", "\(url)")
            }
        }
    }
}
