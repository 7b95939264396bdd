import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import Server

/// Several images per request: several `file` parts to `/v1/classify`, `urls` to
/// `/v1/classify-url`; an array in input order, each element a prediction or its own error.
struct BatchRequestTests {
    @Test func severalPartsAnswerAnArrayInInputOrderWithTheBadOneAsItsOwnError() async throws {
        try await withFakeRouter { client in
            let png = FakeModels.png
            let body = Requests.multipart(files: [
                ("a.png", png), ("broken.png", Array(png.prefix(20))), ("c.png", png),
            ])
            let response = try await client.execute(
                uri: "/v1/classify?top=2", method: .post, headers: Requests.multipartHeaders, body: body)
            #expect(response.status == .ok)
            let items = try #require(try response.jsonValue as? [[String: Any]])
            #expect(items.map { $0["source"] as? String } == ["a.png", "broken.png", "c.png"])
            #expect(items[0]["verdict"] as? String == "snake")
            #expect((items[0]["top"] as? [Any])?.count == 2)
            #expect((items[1]["error"] as? [String: Any])?["code"] as? String == "corrupt_image")
            #expect(items[2]["verdict"] as? String == "snake")
        }
    }

    @Test func onePartStillAnswersOneObject() async throws {
        try await withFakeRouter { client in
            let response = try await client.execute(
                uri: "/v1/classify", method: .post, headers: Requests.multipartHeaders,
                body: Requests.multipart(files: [("a.png", FakeModels.png)]))
            #expect(response.status == .ok)
            #expect(try response.jsonObject["verdict"] as? String == "snake")
        }
    }

    @Test func moreImagesThanTheLimitAre400() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.maxImagesPerRequest = 3
        try await withFakeRouter(configuration) { client in
            let png = FakeModels.png
            let files = (0..<4).map { ("\($0).png", png) }
            let response = try await client.execute(
                uri: "/v1/classify", method: .post, headers: Requests.multipartHeaders,
                body: Requests.multipart(files: files))
            #expect(response.status == .badRequest)
            #expect(response.apiErrorCode == "too_many_images")
            let urls = try await client.execute(
                uri: "/v1/classify-url", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"urls": ["http://a/1", "http://a/2", "http://a/3", "http://a/4"]}"#))
            #expect(urls.status == .badRequest)
            #expect(urls.apiErrorCode == "too_many_images")
            let emptyPart = try await client.execute(
                uri: "/v1/classify", method: .post, headers: Requests.multipartHeaders,
                body: Requests.multipart(files: [("a.png", png), ("empty.png", [])]))
            #expect(emptyPart.status == .badRequest)
            #expect(emptyPart.apiErrorCode == "missing_file")
            let nullTop = try await client.execute(
                uri: "/v1/classify-url", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"urls": ["http://a/1"], "top": null}"#))
            #expect(nullTop.status == .badRequest)
            let empty = try await client.execute(
                uri: "/v1/classify-url", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"urls": []}"#))
            #expect(empty.status == .badRequest)
        }
    }

    /// Over loopback, with a second server holding the images: each URL is fetched and
    /// classified, a missing one is its own 404-upstream error.
    @Test(.enabled(if: TestPaths.hasShared, "needs ../shared/images"))
    func aListOfURLsAnswersAnArrayInInputOrder() async throws {
        let images = try await StaticImageServer.start(root: TestPaths.shared + "/images")
        defer { Task { await images.stop() } }
        var configuration = ServerConfiguration(port: 0)
        configuration.allowPrivateURLs = true
        try await withServer(configuration, classifier: FakeClassifier.make()) { client, _ in
            let urls = [
                images.url("/snakes/n01728572_thunder_snake.JPEG"), images.url("/none.jpg"),
                images.url("/corrupt/truncated.jpg"),
            ]
            let body = try JSONSerialization.data(withJSONObject: ["urls": urls])
            let response = try await client.post(
                "/v1/classify-url", headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
            #expect(response.status == .ok)
            let items = try #require(
                try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]])
            #expect(items.map { $0["source"] as? String } == urls)
            #expect(items[0]["verdict"] != nil)
            #expect((items[1]["error"] as? [String: Any])?["code"] as? String == "upstream")
            #expect((items[2]["error"] as? [String: Any])?["code"] as? String == "corrupt_image")
        }
    }

    /// The real model over loopback: the shared photos with one corrupt file among them.
    @Test(.enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"))
    func aBatchOfPhotosWithOneCorruptFile() async throws {
        let files = [
            ("cobra.jpg", try ServerFixture.photo(ServerFixture.cobra)),
            ("truncated.jpg", try ServerFixture.photo("corrupt/truncated.jpg")),
            ("tabby.jpg", try ServerFixture.photo(ServerFixture.tabby)),
        ]
        try await withServer { client, _ in
            let response = try await client.post(
                "/v1/classify", headers: Requests.multipartHeaders, body: Requests.multipart(files: files))
            #expect(response.status == .ok)
            let items = try #require(
                try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]])
            #expect(items.count == 3)
            #expect(items[0]["verdict"] as? String == "snake")
            #expect((items[1]["error"] as? [String: Any])?["code"] as? String == "corrupt_image")
            #expect(items[1]["source"] as? String == "truncated.jpg")
            #expect(items[2]["verdict"] as? String == "not_snake")
        }
    }

    /// A batch holds at most its share of the lanes: a single image sent while a batch of twelve
    /// is being classified on one lane is forwarded right after the batch's current image, not
    /// after all twelve.
    @Test func aSingleImageDoesNotWaitForTheWholeBatch() async throws {
        let order = Mutex<[Character]>([])
        // Batch images are dark, the single one bright; the fake model logs which it saw. The
        // forwards wait at the gate until the single image is queued.
        let gate = Gate()
        let backend = FakeBackend(classes: 4) { tensor in
            order.withLock { $0.append(tensor[0] > 0 ? "S" : "b") }
            gate.pass()
            return [0, 0, 5, 0]
        }
        var inference = InferenceConfiguration(lanes: 1)
        inference.maxBatch = 1
        var logger = Logger(label: "fairness")
        logger.logLevel = .critical
        let classifier = Classifier(
            bundle: ModelBundle(directory: "/nonexistent", metadata: .fake()), backend: backend,
            configuration: inference, logger: logger)
        let dark = try SyntheticImages.png(pixels: [UInt8](repeating: 0, count: 8 * 8 * 3), width: 8, height: 8)
        let bright = try SyntheticImages.png(pixels: [UInt8](repeating: 255, count: 8 * 8 * 3), width: 8, height: 8)
        let server = APIServer(classifier: classifier, configuration: .init(port: 0), logger: logger)
        try await FakeModels.withRouter(server) { client in
            async let batch = client.execute(
                uri: "/v1/classify", method: .post, headers: Requests.multipartHeaders,
                body: Requests.multipart(files: (0..<12).map { ("\($0).png", dark) }))
            try await Eventually.wait(until: "the batch's first image is in the forward") { gate.arrived == 1 }
            let sentAfter = order.withLock { $0.count }
            async let single = client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "image/png"],
                body: ByteBuffer(bytes: bright))
            try await Eventually.wait(until: "the single image is queued") { classifier.queueDepth == 1 }
            gate.open()
            #expect(try await single.status == .ok)
            #expect(try await batch.status == .ok)
            let log = order.withLock { $0 }
            #expect(log.count == 13)
            let position = try #require(log.firstIndex(of: "S"))
            // Behind the forward running when it came and the batch image already queued, at most.
            #expect(position <= sentAfter + 1, "forward order \(String(log))")
        }
    }
}

extension Requests {
    /// A multipart form body with a `file` part for each of `files` (name, bytes), in order.
    static func multipart(files: [(String, [UInt8])]) -> ByteBuffer {
        var body = ByteBuffer()
        for (filename, bytes) in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return body
    }
}
