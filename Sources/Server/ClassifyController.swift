import Foundation
import Hummingbird
import Inference

/// The classification routes.
///
/// Compatible with Cougar or Not (same paths, parameters and JSON):
/// - `POST /upload`: multipart form, image in `file` → `{"predictions": [[label, p], …]}`
/// - `GET /classify-url?url=…` → the same
///
/// Versioned:
/// - `POST /v1/classify`: raw image body or multipart → ``ClassifyResponse``
/// - `POST /v1/classify-url`: JSON `{"url": …}` → ``ClassifyResponse``
///
/// All take `?top=K` (labels in the answer, default ``ServerConfiguration/defaultTopK``). A
/// browser (Accept: text/html) gets the HTML result page from the compatible routes.
struct ClassifyController: Sendable {
    let classifier: Classifier
    let configuration: ServerConfiguration
    let fetcher: URLFetcher

    func register(on router: Router<some RequestContext>) {
        router.post("/upload") { request, _ in try await upload(request) }
        router.get("/classify-url") { request, _ in try await classifyURLCompatible(request) }
        router.post("/v1/classify") { request, _ in try await classify(request) }
        router.post("/v1/classify-url") { request, _ in try await classifyURL(request) }
    }

    func upload(_ request: Request) async throws -> Response {
        let top = try topK(request)
        let upload = try await ImageUpload.read(
            from: request, encoding: .multipart(field: "file"), limit: configuration.maxBodyBytes,
            timeout: configuration.bodyTimeout)
        if request.prefersHTML { return try await resultPage(bytes: upload.bytes, source: upload.name, topK: top) }
        let prediction = try await classifier.classify(bytes: upload.bytes, source: upload.name, topK: top)
        return compatibleResponse(prediction, request: request)
    }

    func classifyURLCompatible(_ request: Request) async throws -> Response {
        let top = try topK(request)
        guard let url = request.uri.queryParameters["url"].map(String.init), !url.isEmpty else {
            throw APIError.missingParameter("url")
        }
        if request.prefersHTML {
            let resource = try await fetcher.fetch(url)
            return try await resultPage(bytes: resource.bytes, source: url, topK: top)
        }
        let prediction = try await classifier.classify(url: url, fetcher: fetcher, topK: top)
        return compatibleResponse(prediction, request: request)
    }

    /// The HTML result page: the verdict with the photo and, behind a toggle, where the model
    /// looked (one explanation: the prediction comes from its unoccluded forward).
    private func resultPage(bytes: [UInt8], source: String, topK: Int) async throws -> Response {
        let result = try await classifier.explain(bytes: bytes, source: source, topK: topK)
        let photo = try ExplanationOverlay.jpeg(result.image, source: source)
        let overlay = try ExplanationOverlay.jpeg(result.overlay, source: source)
        return HTMLPage.response(
            HTMLPage.result(
                result.prediction, model: classifier.bundle.name, photo: photo, overlay: overlay,
                explanation: result.explanation))
    }

    func classify(_ request: Request) async throws -> Response {
        let top = try topK(request)
        let upload = try await ImageUpload.read(
            from: request, encoding: .multipartOrRaw(field: "file"), limit: configuration.maxBodyBytes,
            timeout: configuration.bodyTimeout)
        let prediction = try await classifier.classify(bytes: upload.bytes, source: upload.name, topK: top)
        return JSONResponse.make(ClassifyResponse(model: classifier.bundle.name, prediction: prediction))
    }

    func classifyURL(_ request: Request) async throws -> Response {
        var top = try topK(request)
        let body = try await RequestBodyReader.collect(
            request, limit: configuration.maxBodyBytes, timeout: configuration.bodyTimeout)
        let decoded: ClassifyURLRequest
        do {
            decoded = try JSONDecoder().decode(ClassifyURLRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.malformedBody(#"expected a JSON object such as {"url": "https://…/snake.jpg"}"#)
        }
        guard let url = decoded.url, !url.isEmpty else { throw APIError.missingParameter("url") }
        if let requested = decoded.top { top = try validTop(requested) }
        let prediction = try await classifier.classify(url: url, fetcher: fetcher, topK: top)
        return JSONResponse.make(ClassifyResponse(model: classifier.bundle.name, prediction: prediction))
    }

    /// The HTML result page for browsers, the Cougar-or-Not JSON for everyone else.
    private func compatibleResponse(_ prediction: Prediction, request: Request) -> Response {
        if request.prefersHTML {
            return HTMLPage.response(HTMLPage.result(prediction, model: classifier.bundle.name))
        }
        return JSONResponse.make(CompatiblePredictions(predictions: prediction.top))
    }

    /// `?top=K`, or the default.
    private func topK(_ request: Request) throws(APIError) -> Int {
        guard let value = request.uri.queryParameters["top"] else { return configuration.defaultTopK }
        guard let top = Int(value) else { throw invalidTop }
        return try validTop(top)
    }

    private func validTop(_ top: Int) throws(APIError) -> Int {
        guard (1...classifier.bundle.labels.count).contains(top) else { throw invalidTop }
        return top
    }

    private var invalidTop: APIError {
        .invalidParameter("top", "must be a whole number from 1 to \(classifier.bundle.labels.count)")
    }
}
