import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import NIOCore
import TestSupport
import Testing

@testable import Server

/// Every route through the router in process, on the fake 4-class model (classes 1 "grass
/// snake" and 2 "adder" are snakes): no socket, no model file. `EndToEndTests` runs the real
/// model over loopback.
struct RouteTests {
    static let photo = ServerFixture.syntheticPhoto
    /// A fake model that sees a rock, whatever the photo.
    static var rockClassifier: Classifier { FakeClassifier.make(scores: [5, 0, 0, 0]) }

    @Test func indexPageHasBothForms() async throws {
        try await withFakeRouter { client in
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
        try await withFakeRouter { client in
            let response = try await client.get("/form")
            #expect(response.status == .found)
            #expect(response.headers[.location] == "/")
        }
    }

    @Test func uploadAnswersTheCougarOrNotShape() async throws {
        try await withFakeRouter { client in
            let body = Requests.multipart(bytes: Self.photo)
            let response = try await client.post("/upload", headers: Requests.multipartHeaders, body: body)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let json = try response.json
            #expect(Array(json.keys) == ["predictions"])
            let predictions = try #require(json["predictions"] as? [[Any]])
            #expect(predictions.count == 4)  // the default 5, capped at the fake model's 4 labels
            #expect(predictions.allSatisfy { $0.count == 2 && $0[0] is String && $0[1] is Double })
            #expect(predictions[0][0] as? String == "adder")
            let probabilities = predictions.compactMap { $0[1] as? Double }
            #expect(probabilities == probabilities.sorted(by: >))
        }
    }

    @Test func topChoosesHowManyLabels() async throws {
        try await withFakeRouter { client in
            let body = Requests.multipart(bytes: Self.photo)
            let response = try await client.post("/upload?top=2", headers: Requests.multipartHeaders, body: body)
            #expect((try response.json["predictions"] as? [[Any]])?.count == 2)
            for bad in ["0", "5", "abc", "-3"] {
                let refused = try await client.post(
                    "/upload?top=\(bad)", headers: Requests.multipartHeaders, body: body)
                #expect(refused.status == .badRequest, "top=\(bad)")
                #expect(refused.errorCode == "invalid_parameter", "top=\(bad)")
            }
        }
    }

    @Test func browsersGetAnHTMLResultPage() async throws {
        try await withFakeRouter { client in
            var headers = Requests.multipartHeaders
            headers.append(contentsOf: Requests.browserHeaders)
            let body = Requests.multipart(filename: "adder.jpg", bytes: Self.photo)
            let response = try await client.post("/upload", headers: headers, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = response.text
            #expect(page.contains(#"<p class="verdict snake">SNAKE</p>"#))
            #expect(page.contains("Likely a dangerous venomous snake (adder"))
            // The photo, and behind a toggle the photo with the occlusion map.
            #expect(page.contains(#"<input type="checkbox" id="map" class="toggle">"#))
            #expect(page.components(separatedBy: "src=\"data:image/jpeg;base64,").count == 3)
            #expect(page.contains("adder <i>Vipera berus</i>"))
            #expect(page.contains(#"class="bar venomous""#))
            #expect(page.contains(HTMLPage.escape(Prediction.safetyReminder)))
            #expect(page.contains("adder.jpg"))
        }
    }

    @Test func notASnakeHasNoDangerWarning() async throws {
        try await withFakeRouter(classifier: Self.rockClassifier) { client in
            var headers = Requests.multipartHeaders
            headers.append(contentsOf: Requests.browserHeaders)
            let body = Requests.multipart(bytes: Self.photo)
            let page = try await client.post("/upload", headers: headers, body: body).text
            #expect(page.contains(#"<p class="verdict not_snake">NOT A SNAKE</p>"#))
            #expect(!page.contains("Danger:"))
            #expect(page.contains(HTMLPage.escape(Prediction.safetyReminder)))
        }
    }

    /// Rock 0.6, grass snake 0.37, adder 0.03: an unsure photo whose best species holds 37% of
    /// the image (< the default 0.45) and no dangerous one is plausible: risk "unknown" (issue
    /// 18) on the HTML page and in `/v1`; the Cougar-or-Not answer stays as it was.
    static var unrecognisedClassifier: Classifier {
        FakeClassifier.make(scores: [0.6, 0.37, 0.03, 1e-6].map { Float(log($0)) })
    }

    @Test func anUnrecognisedSnakeIsUnknownOnThePageAndInV1() async throws {
        try await withFakeRouter(classifier: Self.unrecognisedClassifier) { client in
            var headers = Requests.multipartHeaders
            headers.append(contentsOf: Requests.browserHeaders)
            let page = try await client.post(
                "/upload", headers: headers, body: Requests.multipart(bytes: Self.photo)
            ).text
            #expect(page.contains(#"<p class="verdict unsure">UNSURE</p>"#))
            #expect(
                page.contains(
                    #"<div class="danger" role="alert"><strong>\#u{26A0}</strong> "#
                        + HTMLPage.escape(RiskWarning.unrecognisedText)), "\(page)")
            let json = try await client.post(
                "/v1/classify", headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: Self.photo)
            ).json
            #expect(json["risk"] as? String == "unknown")
            let compatible = try await client.post(
                "/upload", headers: Requests.multipartHeaders, body: Requests.multipart(bytes: Self.photo)
            ).json
            #expect(Set(compatible.keys) == ["predictions"])
        }
    }

    @Test func v1ClassifyTakesARawBody() async throws {
        try await withFakeRouter { client in
            let response = try await client.post(
                "/v1/classify?top=3", headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: Self.photo))
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["model"] as? String == "fake")
            #expect(json["verdict"] as? String == "snake")
            #expect((json["snake_probability"] as? Double ?? 0) > 0.5)
            #expect((json["top"] as? [[String: Any]])?.count == 3)
            let species = try #require(json["species"] as? [[String: Any]])
            #expect(species.first?["label"] as? String == "adder")
            #expect(species.first?["scientific_name"] as? String == "Vipera berus")
            #expect(species.first?["danger"] as? String == "dangerous")
            #expect(json["venomous_candidates"] as? [String] == ["adder"])
            #expect(json["safety"] as? String == Prediction.safetyReminder)
            #expect(json["timings"] is [String: Any])
        }
    }

    @Test func v1ClassifyTakesMultipartToo() async throws {
        try await withFakeRouter(classifier: Self.rockClassifier) { client in
            let body = Requests.multipart(filename: "rock.jpg", bytes: Self.photo)
            let response = try await client.post("/v1/classify", headers: Requests.multipartHeaders, body: body)
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["verdict"] as? String == "not_snake")
            #expect(json["source"] as? String == "rock.jpg")
            #expect(json["venomous_candidates"] as? [String] == [])
        }
    }

    @Test func modelDescribesTheBundle() async throws {
        try await withFakeRouter { client in
            let json = try await client.get("/v1/model").json
            #expect(json["name"] as? String == "fake")
            #expect(json["labels"] as? Int == 4)
            #expect((json["snake_classes"] as? [[String: Any]])?.count == 2)
            let input = try #require(json["input"] as? [String: Any])
            #expect(input["width"] as? Int == 8)
            let runtime = try #require(json["runtime"] as? [String: Any])
            #expect(runtime["lanes"] as? Int == 1)
        }
    }

    @Test func healthAndReadiness() async throws {
        try await withFakeRouter { client in
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
            #expect(try health.json["status"] as? String == "ok")
            let ready = try await client.get("/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.json["status"] as? String == "ready")
            #expect(try ready.json["model"] as? String == "fake")
        }
    }

    /// Over loopback (the request count is the server's), on the fake model.
    @Test func metricsCountRequestsBatchesAndQueue() async throws {
        try await withServer(classifier: FakeClassifier.make()) { client, server in
            let body = Requests.multipart(bytes: Self.photo)
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
        try await withFakeRouter { client in
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
