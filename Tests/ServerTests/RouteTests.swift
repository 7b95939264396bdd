import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import NIOCore
import Testing

@testable import Server

/// Every route over real HTTP on loopback, with the real model.
@Suite(.enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"))
struct RouteTests {
    @Test func indexPageHasBothForms() async throws {
        try await withServer { client, _ in
            let response = try await client.get("/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains(#"<form action="/upload" method="post" enctype="multipart/form-data">"#))
            #expect(response.text.contains(#"<input type="file" name="file""#))
            #expect(response.text.contains(#"<form action="/classify-url" method="get">"#))
            #expect(response.text.contains(HTMLPage.escape(Prediction.safetyReminder)))
        }
    }

    @Test func formRedirectsToTheIndex() async throws {
        try await withServer { client, _ in
            let response = try await client.get("/form")
            #expect(response.status == .found)
            #expect(response.headers[.location] == "/")
        }
    }

    @Test func uploadAnswersTheCougarOrNotShape() async throws {
        try await withServer { client, _ in
            let body = Requests.multipart(bytes: try ServerFixture.photo(ServerFixture.cobra))
            let response = try await client.post("/upload", headers: Requests.multipartHeaders, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let json = try response.json
            #expect(Array(json.keys) == ["predictions"])
            let predictions = try #require(json["predictions"] as? [[Any]])
            #expect(predictions.count == 5)
            #expect(predictions.allSatisfy { $0.count == 2 && $0[0] is String && $0[1] is Double })
            #expect(predictions[0][0] as? String == "Indian cobra")
            let probabilities = predictions.compactMap { $0[1] as? Double }
            #expect(probabilities == probabilities.sorted(by: >))
        }
    }

    @Test func topChoosesHowManyLabels() async throws {
        try await withServer { client, _ in
            let body = Requests.multipart(bytes: try ServerFixture.photo(ServerFixture.cobra))
            let response = try await client.post("/upload?top=2", headers: Requests.multipartHeaders, body: body)
            #expect((try response.json["predictions"] as? [[Any]])?.count == 2)
            for bad in ["0", "1001", "abc", "-3"] {
                let refused = try await client.post(
                    "/upload?top=\(bad)", headers: Requests.multipartHeaders, body: body)
                #expect(refused.status == .badRequest)
                #expect(refused.errorCode == "invalid_parameter")
            }
        }
    }

    @Test func browsersGetAnHTMLResultPage() async throws {
        try await withServer { client, _ in
            var headers = Requests.multipartHeaders
            headers.append(contentsOf: Requests.browserHeaders)
            let body = Requests.multipart(filename: "cobra.jpg", bytes: try ServerFixture.photo(ServerFixture.cobra))
            let response = try await client.post("/upload", headers: headers, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = response.text
            #expect(page.contains(#"<p class="verdict snake">SNAKE</p>"#))
            #expect(page.contains("Likely a dangerous venomous snake (Indian cobra"))
            // The photo, and behind a toggle the photo with the occlusion map.
            #expect(page.contains(#"<input type="checkbox" id="map" class="toggle">"#))
            #expect(page.components(separatedBy: "src=\"data:image/jpeg;base64,").count == 3)
            #expect(page.contains("Indian cobra <i>Naja naja</i>"))
            #expect(page.contains(#"class="bar venomous""#))
            #expect(page.contains(HTMLPage.escape(Prediction.safetyReminder)))
            #expect(page.contains("cobra.jpg"))
        }
    }

    @Test func notASnakeHasNoDangerWarning() async throws {
        try await withServer { client, _ in
            var headers = Requests.multipartHeaders
            headers.append(contentsOf: Requests.browserHeaders)
            let body = Requests.multipart(bytes: try ServerFixture.photo(ServerFixture.tabby))
            let page = try await client.post("/upload", headers: headers, body: body).text
            #expect(page.contains(#"<p class="verdict not_snake">NOT A SNAKE</p>"#))
            #expect(!page.contains("Danger:"))
            #expect(page.contains(HTMLPage.escape(Prediction.safetyReminder)))
        }
    }

    @Test func v1ClassifyTakesARawBody() async throws {
        try await withServer { client, _ in
            let bytes = try ServerFixture.photo(ServerFixture.cobra)
            let response = try await client.post(
                "/v1/classify?top=3", headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: bytes))
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["model"] as? String == "efficientnet-lite0-imagenet")
            #expect(json["verdict"] as? String == "snake")
            #expect((json["snake_probability"] as? Double ?? 0) > 0.5)
            #expect((json["top"] as? [[String: Any]])?.count == 3)
            let species = try #require(json["species"] as? [[String: Any]])
            #expect(species.first?["label"] as? String == "Indian cobra")
            #expect(species.first?["scientific_name"] as? String == "Naja naja")
            #expect(species.first?["danger"] as? String == "dangerous")
            #expect(json["venomous_candidates"] as? [String] == ["Indian cobra"])
            #expect(json["safety"] as? String == Prediction.safetyReminder)
            let timings = try #require(json["timings"] as? [String: Any])
            #expect((timings["inference_ms"] as? Double ?? 0) > 0)
        }
    }

    @Test func v1ClassifyTakesMultipartToo() async throws {
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

    @Test func modelDescribesTheBundle() async throws {
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

    @Test func healthAndReadiness() async throws {
        try await withServer { client, _ in
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
            #expect(try health.json["status"] as? String == "ok")
            let ready = try await client.get("/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.json["status"] as? String == "ready")
            #expect(try ready.json["model"] as? String == "efficientnet-lite0-imagenet")
        }
    }

    @Test func metricsCountRequestsBatchesAndQueue() async throws {
        try await withServer { client, server in
            let body = Requests.multipart(bytes: try ServerFixture.photo(ServerFixture.cobra))
            _ = try await client.post("/upload", headers: Requests.multipartHeaders, body: body)
            _ = try await client.get("/nowhere")
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = response.text
            #expect(text.contains(#"snakeid_http_requests_total{route="/upload",method="POST",status="200"} 1"#))
            #expect(text.contains(#"status="404"} 1"#))
            #expect(text.contains(#"snakeid_http_request_duration_seconds_bucket{route="/upload",le="+Inf"} 1"#))
            #expect(text.contains("snakeid_inference_batch_size_count"))
            #expect(text.contains("\nsnakeid_inference_queue_depth "))
            #expect(text.contains("snakeid_http_requests_in_flight 1.0"))
            #expect(server.requestCount == 3)  // the /metrics request counts once answered
        }
    }

    @Test func unknownRoutesAnswerAJSONOrHTML404() async throws {
        try await withServer { client, _ in
            let json = try await client.get("/nowhere")
            #expect(json.status == .notFound)
            #expect(json.errorCode == "not_found")
            let page = try await client.get("/nowhere", headers: Requests.browserHeaders)
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("no route for GET /nowhere"))
        }
    }
}
