import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import NIOCore
import TestSupport
import Testing

@testable import Server

/// A handful of requests over real HTTP on loopback with the real model and real photos: what
/// the fast `RouteTests` (fake model, in process) cannot show.
@Suite(.enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"))
struct EndToEndTests {
    @Test func uploadOfACobraNamesIt() async throws {
        try await withServer { client, _ in
            let body = Requests.multipart(bytes: try ServerFixture.photo(ServerFixture.cobra))
            let response = try await client.post("/upload", headers: Requests.multipartHeaders, body: body)
            #expect(response.status == .ok)
            let predictions = try #require(try response.json["predictions"] as? [[Any]])
            #expect(predictions.count == 5)
            #expect(predictions[0][0] as? String == "Indian cobra")
        }
    }

    @Test func browsersGetTheCobrasResultPage() async throws {
        try await withServer { client, _ in
            var headers = Requests.multipartHeaders
            headers.append(contentsOf: Requests.browserHeaders)
            let body = Requests.multipart(filename: "cobra.jpg", bytes: try ServerFixture.photo(ServerFixture.cobra))
            let page = try await client.post("/upload", headers: headers, body: body).text
            #expect(page.contains(#"<p class="verdict snake">SNAKE</p>"#))
            #expect(page.contains("Likely a dangerous venomous snake (Indian cobra"))
            #expect(page.contains("Indian cobra <i>Naja naja</i>"))
            #expect(page.components(separatedBy: "src=\"data:image/jpeg;base64,").count == 3)
            // The footer gives the classification's time (it said 0 ms: the explanation's
            // prediction had no timings).
            let footer = try #require(
                page.components(separatedBy: "<footer>").last?.components(separatedBy: "</footer>").first)
            let milliseconds = try #require(
                Int(footer.components(separatedBy: " · ").last?.dropLast(3) ?? ""), "\(footer)")
            #expect(milliseconds > 0, "\(footer)")
        }
    }

    @Test func v1ClassifyOfACobra() async throws {
        try await withServer { client, _ in
            let bytes = try ServerFixture.photo(ServerFixture.cobra)
            let response = try await client.post(
                "/v1/classify?top=3", headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: bytes))
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["model"] as? String == "efficientnet-lite0-imagenet")
            #expect(json["verdict"] as? String == "snake")
            #expect((json["snake_probability"] as? Double ?? 0) > 0.5)
            let species = try #require(json["species"] as? [[String: Any]])
            #expect(species.first?["label"] as? String == "Indian cobra")
            #expect(species.first?["scientific_name"] as? String == "Naja naja")
            #expect(json["venomous_candidates"] as? [String] == ["Indian cobra"])
            let timings = try #require(json["timings"] as? [String: Any])
            #expect((timings["inference_ms"] as? Double ?? 0) > 0)
        }
    }

    @Test func v1ClassifyOfATabbyIsNotASnake() async throws {
        try await withServer { client, _ in
            let body = Requests.multipart(filename: "tabby.jpg", bytes: try ServerFixture.photo(ServerFixture.tabby))
            let response = try await client.post("/v1/classify", headers: Requests.multipartHeaders, body: body)
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["verdict"] as? String == "not_snake")
            #expect(json["source"] as? String == "tabby.jpg")
            #expect(json["venomous_candidates"] as? [String] == [])
        }
    }

    @Test func modelDescribesTheRealBundle() async throws {
        try await withServer { client, _ in
            let json = try await client.get("/v1/model").json
            #expect(json["name"] as? String == "efficientnet-lite0-imagenet")
            #expect(json["labels"] as? Int == 1000)
            #expect((json["snake_classes"] as? [[String: Any]])?.count == 17)
            let input = try #require(json["input"] as? [String: Any])
            #expect(input["width"] as? Int == 224)
            let runtime = try #require(json["runtime"] as? [String: Any])
            #expect(runtime["lanes"] as? Int == 2)
            #expect(runtime["engine"] as? String == "torch")
        }
    }
}
